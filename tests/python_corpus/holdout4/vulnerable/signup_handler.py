# cwe: CWE-532
import json
import logging
import os

import boto3

logger = logging.getLogger()
logger.setLevel(logging.INFO)

cognito = boto3.client("cognito-idp")
CLIENT_ID = os.environ["COGNITO_CLIENT_ID"]


def lambda_handler(event, context):
    body = json.loads(event["body"])
    email = body["email"].strip().lower()
    password = body["password"]
    logger.info("signup attempt: email=%s password=%s source_ip=%s", email, password,
                event["requestContext"]["identity"]["sourceIp"])

    try:
        resp = cognito.sign_up(
            ClientId=CLIENT_ID,
            Username=email,
            Password=password,
            UserAttributes=[{"Name": "email", "Value": email}],
        )
    except cognito.exceptions.UsernameExistsException:
        return {"statusCode": 409, "body": json.dumps({"error": "account exists"})}
    except cognito.exceptions.InvalidPasswordException:
        return {"statusCode": 400, "body": json.dumps({"error": "password does not meet policy"})}

    logger.info("created user %s", resp["UserSub"])
    return {"statusCode": 201, "body": json.dumps({"userSub": resp["UserSub"]})}
