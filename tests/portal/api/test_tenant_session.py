"""A whole tenant session through the API only, as the landlord's app would drive it.

Stripe is the fake Stripe server driven by the real `stripe` library; its webhook is signed with
the real scheme. Staff's reply is the one thing done outside the API (staff work in the admin).
"""

import json
import time
import uuid
from decimal import Decimal

from portal.requests.models import RequestCategory, TenantRequest
from portal.requests.services import request_reply
from tests.factories import PASSWORD, StaffUserFactory
from tests.portal.billing.conftest import WEBHOOK_SECRET, fake_stripe  # noqa: F401 - the fixture
from tests.portal.billing.factories import ledger_with_balance
from tests.portal.billing.fake_stripe import signature_header
from tests.portal.documents.factories import make_paperless, stored_document
from tests.portal.requests.factories import jpeg_bytes, upload

from .conftest import ApiClient


def stripe_sends(client, event_type, session_id):
    payload = json.dumps(
        {
            "id": f"evt_{uuid.uuid4().hex[:12]}",
            "object": "event",
            "type": event_type,
            "created": int(time.time()),
            "data": {"object": {"id": session_id, "object": "checkout.session"}},
        }
    )
    return client.post(
        "/paiement/stripe/webhook/",
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature_header(payload, WEBHOOK_SECRET),
    )


def test_a_whole_session_through_the_api(client, tenant, fake_stripe, django_capture_on_commit_callbacks):  # noqa: F811
    lease = make_paperless(tenant.signatory.lease)
    ledger_with_balance(lease, Decimal("412.35"))
    stored_document(lease)
    housing = RequestCategory.objects.create(name="Logement")
    plumbing = RequestCategory.objects.create(name="Plomberie", parent=housing)
    app = ApiClient(client)

    # Log in.
    signed_in = app.post("/auth/token", {"email": tenant.email, "password": PASSWORD, "device_name": "Pixel 9"})
    assert signed_in.status_code == 200
    app.token = signed_in.json()["access_token"]

    # Read the balance.
    assert app.get("/home").json()["amount_due"] == "412.35"

    # Pay part of it: the app opens the Checkout page, the tenant pays, Stripe calls the webhook.
    started = app.post("/payments/online", {"amount": "100,50", "submission_token": str(uuid.uuid4())})
    assert started.status_code == 201
    payment = started.json()
    assert payment["checkout_url"].startswith("https://checkout.stripe.com/")
    session_id = payment["checkout_url"].rsplit("/", 1)[-1]
    fake_stripe.pay(session_id)
    with django_capture_on_commit_callbacks(execute=True):
        assert stripe_sends(client, "checkout.session.completed", session_id).status_code == 200
    assert app.get(f"/payments/online/{payment['reference']}").json()["status"] == "succeeded"

    # The balance changed.
    balance = app.get("/balance").json()
    assert balance["amount_due"] == "311.85"
    assert app.get("/payments").json()["items"][0]["amount"] == "-100.50"

    # Download a notice.
    notice = app.get("/documents").json()["items"][0]
    pdf = client.get(notice["download_url"], headers={"Authorization": f"Bearer {app.token}"})
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")

    # Create a request with a photo.
    created = app.post_multipart(
        "/requests",
        {
            "category": str(plumbing.pk),
            "location": "common",
            "description": "Fuite dans la cave.",
            "contact_phone": "06 12 34 56 78",
            "contact_email": tenant.email,
            "contact_slots": ["tue-am"],
            "form_token": str(uuid.uuid4()),
            "files": [upload("fuite.jpg", jpeg_bytes(), "image/jpeg")],
        },
    )
    assert created.status_code == 201
    request_id = created.json()["id"]
    assert len(created.json()["timeline"][0]["attachments"]) == 1

    # Add a complément.
    complement = app.post_multipart(
        f"/requests/{request_id}/complements", {"text": "L'eau monte.", "form_token": str(uuid.uuid4())}
    )
    assert complement.status_code == 201

    # Staff reply in the admin; the app sees it.
    request_reply(
        tenant_request=TenantRequest.objects.get(pk=request_id),
        author=StaffUserFactory(),
        text="Un plombier passe demain matin.",
        internal=False,
    )
    timeline = app.get(f"/requests/{request_id}").json()["timeline"]
    assert [e["text"] for e in timeline if e["by_landlord"]] == ["Un plombier passe demain matin."]

    # Change the phone number.
    changed = app.post("/dossier/contact", {"mobile_phone": "06 98 76 54 32"})
    assert changed.status_code == 201 and changed.json()["status"] == "pending"

    # Log out: the token is refused from then on.
    assert app.post("/auth/logout").status_code == 204
    refused = app.get("/home")
    assert refused.status_code == 401 and refused.json()["code"] == "unauthorized"
