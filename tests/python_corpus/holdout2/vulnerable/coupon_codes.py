# cwe: CWE-330
import random
import string


def generate_coupon_codes(n=100):
    codes = set()
    while len(codes) < n:
        code = "".join(random.choice(string.ascii_uppercase + string.digits) for _ in range(10))
        codes.add(code)
    return sorted(codes)
