import json
import logging

log = logging.getLogger("sync")


def load_creds(path: str) -> dict:
    with open(path) as fh:
        creds = json.load(fh)
    log.info("loaded creds for %s", creds.get("username"))
    return creds
