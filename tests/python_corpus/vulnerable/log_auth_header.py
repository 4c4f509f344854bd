# cwe: CWE-532
import logging

import requests

log = logging.getLogger("client")


def call_api(url, api_key):
    headers = {"Authorization": f"Bearer {api_key}"}
    log.debug("calling %s with api key %s", url, api_key)
    return requests.get(url, headers=headers, timeout=10).json()
