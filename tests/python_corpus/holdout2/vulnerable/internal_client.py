# cwe: CWE-295
import requests


class InventoryClient:
    def __init__(self, base_url):
        self.base_url = base_url
        self.session = requests.Session()
        self.session.verify = False

    def stock(self, sku):
        return self.session.get(f"{self.base_url}/stock/{sku}", timeout=5).json()
