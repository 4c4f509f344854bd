import httpx


class PaymentClient:
    def __init__(self, base_url: str, api_key: str):
        self.client = httpx.Client(base_url=base_url, headers={"X-Key": api_key}, timeout=10)

    def charge(self, amount_cents: int, card_token: str):
        resp = self.client.post("/charges", json={"amount": amount_cents, "source": card_token})
        resp.raise_for_status()
        return resp.json()
