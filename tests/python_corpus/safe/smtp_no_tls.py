import os
import smtplib
import ssl
from email.message import EmailMessage


def send_report(to_addr, body):
    msg = EmailMessage()
    msg["Subject"] = "Daily report"
    msg["From"] = "reports@example.com"
    msg["To"] = to_addr
    msg.set_content(body)
    with smtplib.SMTP("smtp.example.com", 587) as server:
        server.starttls(context=ssl.create_default_context())
        server.login("reports@example.com", os.environ["SMTP_PASSWORD"])
        server.send_message(msg)
