import logging

import requests

log = logging.getLogger("client")


def call_api(url, api_key):
    headers = {"Authorization": f"Bearer {api_key}"}
    log.debug("calling %s", url)
    return requests.get(url, headers=headers, timeout=10).json()
