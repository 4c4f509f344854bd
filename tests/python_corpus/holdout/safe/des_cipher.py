from cryptography.fernet import Fernet


def encrypt_card(card_number: str, key: bytes) -> bytes:
    return Fernet(key).encrypt(card_number.encode())
