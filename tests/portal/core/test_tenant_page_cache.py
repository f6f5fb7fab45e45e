"""The tenant pages come from a per-tenant cache, and every input of a page shows on the next load."""

from datetime import date
from decimal import Decimal
from html import unescape
from pathlib import Path

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from home.models import Announcement
from portal.billing.enums import EntryKind
from portal.billing.models import LeaseAccount
from portal.billing.services import accounts_touch, ledger_entry_record
from portal.core.models import SiteSettings
from portal.erp.enums import ImportKind
from portal.erp.services import erp_file_import
from portal.requests.services import request_transition
from tests.conftest import MODEL_BACKEND
from tests.factories import StaffUserFactory
from tests.portal.documents.factories import make_paperless, stored_document
from tests.portal.requests.factories import TenantRequestFactory

pytestmark = pytest.mark.django_db

PAGES = ["/espace/", "/espace/paiements/", "/espace/documents/", "/espace/demandes/"]


def book(lease, kind, label: str, amount: str, *, day: int) -> None:
    """One ledger line through the ledger service, as the portal books it."""
    ledger_entry_record(
        lease=lease, kind=kind, label=label, amount=Decimal(amount), booked_on=date(2026, 11, day), created_by="t"
    )


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response, unescape(response.content.decode())


def cached(client, url):
    """Load twice: the second answer is the stored page."""
    page(client, url)
    response, html = page(client, url)
    assert response["X-Page-Cache"] == "hit"
    return html


@pytest.mark.parametrize("url", PAGES)
def test_second_load_comes_from_the_cache_and_stays_private(tenant_client, url, django_assert_max_num_queries):
    first, _html = page(tenant_client, url)
    assert first["X-Page-Cache"] == "miss"

    # Session, user, and the lease with every version of it in one query: no lease, no view.
    with django_assert_max_num_queries(3):
        second, cached_html = page(tenant_client, url)

    assert second["X-Page-Cache"] == "hit"
    assert cached_html.replace(" ", "") != "" and "Se déconnecter" in cached_html
    for response in (first, second):
        assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_pages_of_one_tenant_are_never_shown_to_another(tenant_client, other_tenant):
    tenant_html = cached(tenant_client, "/espace/")
    other = Client()
    other.force_login(other_tenant, backend=MODEL_BACKEND)

    response, html = page(other, "/espace/")

    assert response["X-Page-Cache"] == "miss"
    assert other_tenant.signatory.lease.tenant_number in html
    assert other_tenant.signatory.lease.tenant_number not in tenant_html


def test_logout_form_of_a_cached_page_works(tenant):
    client = Client(enforce_csrf_checks=True)
    client.force_login(tenant, backend=MODEL_BACKEND)
    html = cached(client, "/espace/")
    token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    assert token != "__csrf__"

    response = client.post("/compte/deconnexion/", {"csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert client.get("/espace/").status_code == 302


def test_a_payment_shows_at_once(tenant_client, tenant):
    lease = tenant.signatory.lease
    book(lease, EntryKind.RENT, "Loyer", "400.00", day=1)
    for url in ("/espace/", "/espace/paiements/"):
        assert "400,00" in cached(tenant_client, url)

    book(lease, EntryKind.CHEQUE, "Chèque", "-150.00", day=5)

    for url in ("/espace/", "/espace/paiements/"):
        response, html = page(tenant_client, url)
        assert response["X-Page-Cache"] == "miss"
        assert "250,00" in html


def test_a_new_notice_shows_at_once(tenant_client, tenant):
    lease = make_paperless(tenant.signatory.lease)
    assert "novembre 2026" not in cached(tenant_client, "/espace/documents/").lower()

    stored_document(lease, period=date(2026, 11, 1))

    response, html = page(tenant_client, "/espace/documents/")
    assert response["X-Page-Cache"] == "miss"
    assert "novembre 2026" in html.lower()


def test_a_request_status_change_shows_at_once(tenant_client, tenant):
    tenant_request = TenantRequestFactory(lease=tenant.signatory.lease)
    html = cached(tenant_client, "/espace/demandes/")
    assert "Envoyée" in html and "Prise en charge" not in html

    request_transition(tenant_request=tenant_request, transition="take_in_charge", author=StaffUserFactory())

    response, html = page(tenant_client, "/espace/demandes/")
    assert response["X-Page-Cache"] == "miss"
    assert "Prise en charge" in html


def test_an_erp_ledger_import_shows_at_once(tenant_client, tenant, tmp_path):
    lease = tenant.signatory.lease
    lease.external_id = "BAIL-CACHE-1"
    lease.save(update_fields=["external_id"])
    assert "Votre compte est à jour" in cached(tenant_client, "/espace/")
    path = Path(tmp_path) / "ledger.csv"
    path.write_text(
        "id_ligne;code_bail;date;nature;libelle;montant\nL1;BAIL-CACHE-1;01/11/2026;LOYER;Loyer novembre 2026;321,09\n"
    )

    run = erp_file_import(kind=ImportKind.LEDGER, path=path, source="test")

    assert run.created_count == 1
    response, html = page(tenant_client, "/espace/")
    assert response["X-Page-Cache"] == "miss"
    assert "321,09" in html


def test_an_erp_residence_import_shows_at_once(tenant_client, tenant, tmp_path):
    residence = tenant.signatory.lease.residence
    residence.external_id = "RES-CACHE"
    residence.save(update_fields=["external_id"])
    residence.agency.external_id = "AG-CACHE"
    residence.agency.save(update_fields=["external_id"])
    cached(tenant_client, "/espace/")
    path = Path(tmp_path) / "residences.csv"
    path.write_text(
        "code_residence;nom_residence;adresse_residence;code_postal;commune;code_agence;code_lot;type_lot;"
        "reference_lot;adresse_lot\nRES-CACHE;Les Oliviers Neufs;2 rue Haute;30000;Nîmes;AG-CACHE;;;;\n"
    )

    erp_file_import(kind=ImportKind.RESIDENCES, path=path, source="test")

    response, html = page(tenant_client, "/espace/")
    assert response["X-Page-Cache"] == "miss"
    assert "Les Oliviers Neufs" in html


def test_an_announcement_published_for_the_residence_shows_at_once(tenant_client, tenant):
    cached(tenant_client, "/espace/")
    item = Announcement(
        title="Coupure d'eau mardi",
        text="<p>Travaux</p>",
        show_from=timezone.localdate(),
        residences=[tenant.signatory.lease.residence],
    )
    item.save()
    item.save_revision().publish()

    response, html = page(tenant_client, "/espace/")
    assert response["X-Page-Cache"] == "miss"
    assert "Coupure d'eau mardi" in html


def test_a_settings_change_shows_at_once(tenant_client):
    for url in PAGES:
        cached(tenant_client, url)
    settings = SiteSettings.load()
    settings.support_phone = "04 11 22 33 44"
    settings.save()

    for url in PAGES:
        response, html = page(tenant_client, url)
        assert response["X-Page-Cache"] == "miss"
        assert "04 11 22 33 44" in html


def test_a_page_with_a_flash_message_is_not_stored(tenant_client):
    response = tenant_client.get("/espace/paiements/payer/", follow=True)
    html = unescape(response.content.decode())
    assert "aucun paiement en ligne n'est nécessaire" in html
    assert "X-Page-Cache" not in response

    response, html = page(tenant_client, "/espace/paiements/")
    assert response["X-Page-Cache"] == "miss"
    assert "aucun paiement en ligne n'est nécessaire" not in html


def test_accounts_touch_is_what_a_bulk_writer_calls(tenant_client, tenant):
    lease = tenant.signatory.lease
    book(lease, EntryKind.RENT, "Loyer", "10.00", day=1)
    cached(tenant_client, "/espace/")
    # A bulk SQL write that bypasses the ledger services, then its bump.
    LeaseAccount.objects.filter(lease=lease).update(balance=Decimal("77.00"))
    assert (
        "X-Page-Cache" in tenant_client.get("/espace/")
        and "77,00" not in tenant_client.get("/espace/").content.decode()
    )

    assert accounts_touch(lease_ids=[lease.pk]) == 1

    response, html = page(tenant_client, "/espace/")
    assert response["X-Page-Cache"] == "miss"
    assert "77,00" in html


def test_a_write_rolled_back_leaves_the_stored_page_in_use(tenant_client, tenant):
    lease = tenant.signatory.lease
    book(lease, EntryKind.RENT, "Loyer", "10.00", day=1)
    cached(tenant_client, "/espace/")
    version = LeaseAccount.objects.get(lease=lease).version

    with pytest.raises(RuntimeError), transaction.atomic():
        book(lease, EntryKind.RENT, "Loyer", "5.00", day=2)
        raise RuntimeError

    # The version moved with the write, in its transaction: both are gone.
    assert LeaseAccount.objects.get(lease=lease).version == version
    response, html = page(tenant_client, "/espace/")
    assert response["X-Page-Cache"] == "hit"
    assert "10,00" in html
