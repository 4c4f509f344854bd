# cwe: CWE-532
import logging
import stripe

logger = logging.getLogger("payments")


def charge(card_number, cvv, amount):
    logger.info("Charging card %s (cvv %s) for %s", card_number, cvv, amount)
    return stripe.Charge.create(amount=amount, currency="usd", source={"number": card_number, "cvc": cvv})
