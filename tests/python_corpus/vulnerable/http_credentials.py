# cwe: CWE-319
import requests


def get_access_token(username, password):
    resp = requests.post(
        "http://auth.example.com/oauth/token",
        data={"grant_type": "password", "username": username, "password": password},
        timeout=10,
    )
    resp.raise_for_status()
    return resp.json()["access_token"]
