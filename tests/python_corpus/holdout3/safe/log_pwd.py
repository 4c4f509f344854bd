import logging

import requests

logger = logging.getLogger(__name__)


def login(user: str, pwd: str) -> str:
    logger.debug("logging in as %s", user)
    resp = requests.post("https://auth.internal/login", json={"user": user, "password": pwd}, timeout=10)
    resp.raise_for_status()
    return resp.json()["token"]
