import requests


def fetch_inventory(base_url, token):
    resp = requests.get(f"{base_url}/api/inventory", headers={"Authorization": f"Bearer {token}"}, timeout=10)
    resp.raise_for_status()
    return resp.json()
