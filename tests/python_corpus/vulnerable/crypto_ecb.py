# cwe: CWE-327
import base64
import os

from Crypto.Cipher import AES
from Crypto.Util.Padding import pad

KEY = bytes.fromhex(os.environ["DATA_KEY"])


def encrypt_record(plaintext: str) -> str:
    cipher = AES.new(KEY, AES.MODE_ECB)
    return base64.b64encode(cipher.encrypt(pad(plaintext.encode(), AES.block_size))).decode()
