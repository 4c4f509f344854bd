import requests


class InventoryClient:
    def __init__(self, base_url, ca_bundle="/etc/ssl/certs/internal-ca.pem"):
        self.base_url = base_url
        self.session = requests.Session()
        self.session.verify = ca_bundle

    def stock(self, sku):
        return self.session.get(f"{self.base_url}/stock/{sku}", timeout=5).json()
