import logging
import os

import requests

logger = logging.getLogger(__name__)
API_URL = "https://api.example.com/v1/complete"


def complete(prompt, max_tokens=256):
    headers = {"Authorization": f"Bearer {os.environ['LLM_API_KEY']}"}
    resp = requests.post(API_URL, json={"prompt": prompt, "max_tokens": max_tokens}, headers=headers, timeout=30)
    resp.raise_for_status()
    data = resp.json()
    logger.info("completion used %d tokens", data["usage"]["total_tokens"])
    return data["text"]
