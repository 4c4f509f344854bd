import secrets


def generate_otp(length=6):
    return "".join(str(secrets.randbelow(10)) for _ in range(length))


def send_login_code(user, sms):
    code = generate_otp()
    sms.send(user.phone, f"Your login code is {code}")
    return code
