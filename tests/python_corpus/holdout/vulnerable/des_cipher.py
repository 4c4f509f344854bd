# cwe: CWE-327
from Crypto.Cipher import DES


def encrypt_card(card_number: str, key: bytes) -> bytes:
    cipher = DES.new(key, DES.MODE_CBC)
    padded = card_number.ljust(24).encode()
    return cipher.iv + cipher.encrypt(padded)
