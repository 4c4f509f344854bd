# cwe: CWE-295
import requests
import urllib3

urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)


def fetch_inventory(base_url, token):
    resp = requests.get(f"{base_url}/api/inventory", headers={"Authorization": f"Bearer {token}"}, verify=False, timeout=10)
    resp.raise_for_status()
    return resp.json()
