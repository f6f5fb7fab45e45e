from decimal import Decimal

import pytest

from .factories import ledger_with_balance
from .fake_stripe import FakeStripe

WEBHOOK_SECRET = "whsec_test_secret"


@pytest.fixture
def fake_stripe(settings):
    """The real stripe library talking to a local fake Stripe, with a webhook secret."""
    fake = FakeStripe().start()
    settings.STRIPE_SECRET_KEY = "sk_test_fake"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = fake.url
    settings.STRIPE_MAX_NETWORK_RETRIES = 0
    settings.PAYMENT_BACKEND = ""
    yield fake
    fake.stop()


@pytest.fixture
def owing_tenant(tenant):
    """`tenant` owes 412,35 €."""
    ledger_with_balance(tenant.signatory.lease, Decimal("412.35"))
    return tenant
