# cwe: CWE-327
from Crypto.Cipher import ARC4


def encrypt_message(key: bytes, message: str) -> bytes:
    cipher = ARC4.new(key)
    return cipher.encrypt(message.encode())
