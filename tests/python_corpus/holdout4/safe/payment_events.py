import logging
import re

from celery import shared_task

from .gateway import charge_card
from .models import Payment

log = logging.getLogger(__name__)


def mask_pan(pan: str) -> str:
    digits = re.sub(r"\D", "", pan)
    return f"{'*' * (len(digits) - 4)}{digits[-4:]}" if len(digits) >= 8 else "****"


def mask_email(email: str) -> str:
    name, _, domain = email.partition("@")
    return f"{name[:1]}***@{domain}" if domain else "***"


@shared_task(bind=True, autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def process_payment(self, payment_id: int):
    payment = Payment.objects.select_related("customer").get(pk=payment_id)
    log.info(
        "charging payment=%s customer=%s card=%s amount=%s",
        payment.pk,
        mask_email(payment.customer.email),
        mask_pan(payment.card_number_for_display),
        payment.amount,
    )
    result = charge_card(token=payment.card_token, amount=payment.amount, currency=payment.currency)
    payment.status = "succeeded" if result.ok else "failed"
    payment.gateway_ref = result.reference
    payment.save(update_fields=["status", "gateway_ref"])
    log.info("payment=%s status=%s ref=%s", payment.pk, payment.status, result.reference)
    return payment.status
