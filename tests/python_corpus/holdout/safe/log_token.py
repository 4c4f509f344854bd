import logging

import requests

logging.basicConfig(level=logging.INFO)


def refresh(client_id, refresh_token):
    resp = requests.post("https://auth.example.com/token", data={"grant_type": "refresh_token", "refresh_token": refresh_token, "client_id": client_id}, timeout=10)
    access_token = resp.json()["access_token"]
    logging.info("Refreshed access token for client %s", client_id)
    return access_token
