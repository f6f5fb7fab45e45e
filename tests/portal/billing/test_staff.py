"""Service client reads online payments in the Wagtail admin; nobody edits them."""

import uuid
from decimal import Decimal

import pytest
from pytest_django.asserts import assertRedirects

from portal.billing.enums import PaymentBackend
from portal.billing.models import OnlinePayment, PaymentEvent
from tests.factories import StaffUserFactory

from .factories import ledger_with_balance

URL = "/admin/online_payments/"


@pytest.fixture
def payment(tenant):
    ledger_with_balance(tenant.signatory.lease, Decimal("412.35"))
    payment = OnlinePayment.objects.create(
        reference="PEL-2611-ABC123",
        lease=tenant.signatory.lease,
        payer=tenant,
        amount=Decimal("10.00"),
        backend=PaymentBackend.STRIPE,
        submission_token=uuid.uuid4(),
        stripe_session_id="cs_test_42",
    )
    PaymentEvent.objects.create(
        stripe_event_id="evt_42", event_type="checkout.session.completed", online_payment=payment, payload={}
    )
    return payment


def test_support_lists_searches_and_inspects_payments(support_client, payment):
    listing = support_client.get(URL)
    assert listing.status_code == 200 and "PEL-2611-ABC123" in listing.text

    assert "PEL-2611-ABC123" in support_client.get(URL, {"q": payment.lease.tenant_number}).text
    assert "PEL-2611-ABC123" not in support_client.get(URL, {"q": "999999"}).text
    assert "PEL-2611-ABC123" not in support_client.get(URL, {"status": "succeeded"}).text
    assert "PEL-2611-ABC123" in support_client.get(URL, {"lease__residence": payment.lease.residence_id}).text

    detail = support_client.get(f"{URL}inspect/{payment.pk}/")
    assert "cs_test_42" in detail.text and "evt_42" in detail.text
    # Wagtail answers a refused admin page with a redirect to the dashboard and a message.
    assertRedirects(support_client.get(f"{URL}edit/{payment.pk}/"), "/admin/", fetch_redirect_response=False)


def test_technical_staff_do_not_see_payments(client, payment):
    client.force_login(StaffUserFactory(group="Gestion technique"), backend="django.contrib.auth.backends.ModelBackend")
    assertRedirects(client.get(URL), "/admin/", fetch_redirect_response=False)
