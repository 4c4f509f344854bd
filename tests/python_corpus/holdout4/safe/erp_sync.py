"""Nightly job: push new orders from our DB into the ERP system."""
import logging
import os

import requests

from .db import fetch_unsynced_orders, mark_synced

log = logging.getLogger("erp_sync")

ERP_BASE_URL = os.environ.get("ERP_BASE_URL", "https://erp.corp.example.net/api")
# The ERP's certificate is issued by the corporate CA; trust that CA explicitly.
ERP_CA_BUNDLE = os.environ.get("ERP_CA_BUNDLE", "/etc/ssl/certs/corp-root-ca.pem")


def make_session() -> requests.Session:
    session = requests.Session()
    session.headers.update({"Authorization": f"Token {os.environ['ERP_API_TOKEN']}"})
    session.verify = ERP_CA_BUNDLE
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
