# cwe: CWE-916
import hashlib


class UserStore:
    def __init__(self):
        self.users = {}

    def add(self, name, passwd):
        self.users[name] = hashlib.sha1(passwd.encode("utf-8")).hexdigest()

    def check(self, name, passwd):
        return self.users.get(name) == hashlib.sha1(passwd.encode("utf-8")).hexdigest()
