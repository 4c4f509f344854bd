import hashlib
import hmac
import os


class UserStore:
    def __init__(self):
        self.users = {}

    def add(self, name, passwd):
        salt = os.urandom(16)
        digest = hashlib.pbkdf2_hmac("sha256", passwd.encode("utf-8"), salt, 600_000)
        self.users[name] = (salt, digest)

    def check(self, name, passwd):
        salt, digest = self.users[name]
        candidate = hashlib.pbkdf2_hmac("sha256", passwd.encode("utf-8"), salt, 600_000)
        return hmac.compare_digest(candidate, digest)
