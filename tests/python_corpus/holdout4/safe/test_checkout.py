import pytest

from shop.app import create_app
from shop.models import db, Product


@pytest.fixture
def client():
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite:///:memory:"})
    with app.app_context():
        db.create_all()
        db.session.add(Product(sku="MUG-01", name="Mug", price_cents=1200, stock=3))
        db.session.commit()
        yield app.test_client()


def login(client, email="shopper@example.test"):
    return client.post("/auth/test-login", json={"email": email})


def test_checkout_reduces_stock(client):
    login(client)
    resp = client.post("/checkout", json={"items": [{"sku": "MUG-01", "qty": 2}]})
    assert resp.status_code == 201
    body = resp.get_json()
    assert body["total_cents"] == 2400
    assert client.get("/api/products/MUG-01").get_json()["stock"] == 1


def test_checkout_rejects_oversell(client):
    login(client)
    resp = client.post("/checkout", json={"items": [{"sku": "MUG-01", "qty": 5}]})
    assert resp.status_code == 409
    assert "stock" in resp.get_json()["error"]


def test_checkout_requires_login(client):
    resp = client.post("/checkout", json={"items": [{"sku": "MUG-01", "qty": 1}]})
    assert resp.status_code == 401
