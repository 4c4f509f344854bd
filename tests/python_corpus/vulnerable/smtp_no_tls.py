# cwe: CWE-319
import os
import smtplib
from email.message import EmailMessage


def send_report(to_addr, body):
    msg = EmailMessage()
    msg["Subject"] = "Daily report"
    msg["From"] = "reports@example.com"
    msg["To"] = to_addr
    msg.set_content(body)
    server = smtplib.SMTP("smtp.example.com", 25)
    server.login("reports@example.com", os.environ["SMTP_PASSWORD"])
    server.send_message(msg)
    server.quit()
