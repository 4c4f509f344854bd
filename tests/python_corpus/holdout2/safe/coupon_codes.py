import secrets
import string


def generate_coupon_codes(n=100):
    alphabet = string.ascii_uppercase + string.digits
    codes = set()
    while len(codes) < n:
        codes.add("".join(secrets.choice(alphabet) for _ in range(10)))
    return sorted(codes)
