# cwe: CWE-295
"""Nightly job: push new orders from our DB into the ERP system."""
import logging
import os

import requests
import urllib3

from .db import fetch_unsynced_orders, mark_synced

log = logging.getLogger("erp_sync")
urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)

ERP_BASE_URL = os.environ.get("ERP_BASE_URL", "https://erp.corp.example.net/api")


def make_session() -> requests.Session:
    session = requests.Session()
    session.headers.update({"Authorization": f"Token {os.environ['ERP_API_TOKEN']}"})
    session.verify = False  # ERP uses a self-signed cert
    return session


def sync_orders(batch_size: int = 200) -> int:
    session = make_session()
    synced = 0
    for order in fetch_unsynced_orders(limit=batch_size):
        resp = session.post(f"{ERP_BASE_URL}/sales-orders", json=order.to_erp_payload(), timeout=20)
        if resp.status_code == 201:
            mark_synced(order.id, resp.json()["erp_id"])
            synced += 1
        else:
            log.warning("ERP rejected order %s: %s", order.id, resp.status_code)
    return synced


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    log.info("synced %d orders", sync_orders())
