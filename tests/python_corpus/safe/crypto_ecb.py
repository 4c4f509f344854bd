import base64
import os

from Crypto.Cipher import AES

KEY = bytes.fromhex(os.environ["DATA_KEY"])


def encrypt_record(plaintext: str) -> str:
    cipher = AES.new(KEY, AES.MODE_GCM)
    ciphertext, tag = cipher.encrypt_and_digest(plaintext.encode())
    return base64.b64encode(cipher.nonce + tag + ciphertext).decode()
