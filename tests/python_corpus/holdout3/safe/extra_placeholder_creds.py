import smtplib

SMTP_HOST = "smtp.example.com"
SMTP_USER = "YOUR_USERNAME"
SMTP_PASSWORD = "YOUR_PASSWORD"


def send(msg):
    with smtplib.SMTP(SMTP_HOST, 587) as s:
        s.starttls()
        s.login(SMTP_USER, SMTP_PASSWORD)
        s.send_message(msg)
