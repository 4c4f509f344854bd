"""Batch geocoder for the store-locator import. Caches results between runs."""
import os
import pickle
import time
from pathlib import Path

import requests

CACHE_FILE = Path(os.getenv("XDG_CACHE_HOME", Path.home() / ".cache")) / "store-import" / "geocode.pkl"
NOMINATIM = "https://nominatim.openstreetmap.org/search"


def load_cache() -> dict:
    # This pickle is written only by save_cache() below, in the user's own cache dir;
    # it never comes from the network or from other users.
    if CACHE_FILE.exists():
        with CACHE_FILE.open("rb") as fh:
            return pickle.load(fh)
    return {}


def save_cache(cache: dict) -> None:
    CACHE_FILE.parent.mkdir(parents=True, exist_ok=True)
    tmp = CACHE_FILE.with_suffix(".tmp")
    with tmp.open("wb") as fh:
        pickle.dump(cache, fh, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(CACHE_FILE)


def geocode(address: str, cache: dict) -> tuple[float, float] | None:
    if address in cache:
        return cache[address]
    resp = requests.get(
        NOMINATIM,
        params={"q": address, "format": "json", "limit": 1},
        headers={"User-Agent": "store-import/1.2 (ops@acme.example)"},
        timeout=10,
    )
    resp.raise_for_status()
    hits = resp.json()
    cache[address] = (float(hits[0]["lat"]), float(hits[0]["lon"])) if hits else None
    time.sleep(1)  # respect the 1 req/s usage policy
    return cache[address]
