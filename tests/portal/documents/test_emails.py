"""« Votre avis d'échéance … est disponible »: once, to the lease's tenants, only for documents they see."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from portal.documents.emails import document_available_send
from portal.documents.enums import DocumentKind
from tests.factories import LeaseFactory, TenantUserFactory

from .factories import make_paperless, stored_document

pytestmark = pytest.mark.django_db


def test_each_tenant_of_the_lease_gets_one_e_mail_once(tenant, other_tenant):
    lease = make_paperless(tenant.signatory.lease)
    document = stored_document(lease, kind=DocumentKind.CHARGES_STATEMENT, period=date(2026, 6, 1))

    assert document_available_send(document_id=document.pk) == 1
    assert document_available_send(document_id=document.pk) == 0

    assert [m.to for m in mail.outbox] == [[tenant.email]]
    assert mail.outbox[0].subject == "Votre bulletin de régularisation de charges de juin 2026 est disponible"
    assert "Régularisation de charges juin 2026" in mail.outbox[0].body
    document.refresh_from_db()
    assert document.notified_at is not None


def test_no_e_mail_for_a_document_the_tenants_cannot_see(tenant):
    lease = make_paperless(tenant.signatory.lease, days=10)
    old = stored_document(lease, issued_at=timezone.now() - timedelta(days=60))
    unsigned = stored_document(LeaseFactory())

    assert document_available_send(document_id=old.pk) == 0
    assert document_available_send(document_id=unsigned.pk) == 0
    assert mail.outbox == []


def test_inactive_accounts_are_not_written_to(tenant):
    lease = make_paperless(tenant.signatory.lease)
    TenantUserFactory(signatory__lease=lease, is_active=False)

    document_available_send(document_id=stored_document(lease).pk)

    assert [m.to for m in mail.outbox] == [[tenant.email]]
