"""The Wagtail dashboard gives each staff group the panels of its work: SEPA mandates awaiting
validation, and the imports and document generations that failed."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.documents.enums import RunKind
from portal.documents.enums import RunStatus as DocumentRunStatus
from portal.documents.models import DocumentRun
from portal.erp.enums import ImportKind, RunStatus
from portal.erp.models import ImportRun
from portal.mandates import services as mandates
from tests.conftest import MODEL_BACKEND
from tests.factories import StaffUserFactory, TenantUserFactory

pytestmark = pytest.mark.django_db

NEW_IBAN = "FR76 3000 6000 0112 3456 7890 189"


def _pending_mandate(*, holder: str, age_days: int):
    signer = TenantUserFactory(first_name=holder)
    mandate = mandates.mandate_submit(
        lease=signer.signatory.lease,
        signer=signer,
        holder_name=holder,
        iban=NEW_IBAN,
        bic="",
        rum=mandates.mandate_rum_new(lease=signer.signatory.lease),
        submission_token=uuid.uuid4(),
        debtor_address="2 rue des Lilas, 30000 Nîmes",
        signed_place="Nîmes",
        signed_at=timezone.now(),
        ip="203.0.113.7",
    )
    type(mandate).objects.filter(pk=mandate.pk).update(created_at=timezone.now() - timedelta(days=age_days))
    return mandate


def _import_run(*, kind, status, age_days: int, file_name: str) -> ImportRun:
    run = ImportRun.objects.create(kind=kind, status=status, file_name=file_name, source="dépôt")
    ImportRun.objects.filter(pk=run.pk).update(started_at=timezone.now() - timedelta(days=age_days))
    return run


def _dashboard(client, user) -> str:
    client.force_login(user, backend=MODEL_BACKEND)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return response.content.decode()


def _panel(page: str, title: str) -> str:
    assert title in page, f"the dashboard shows « {title} »"
    return page.split(title, 1)[1].split("</section>", 1)[0]


def test_service_client_sees_the_mandates_awaiting_validation_oldest_first(client):
    newer = _pending_mandate(holder="Nadia NOUVEAU", age_days=1)
    older = _pending_mandate(holder="Octave ANCIEN", age_days=6)
    panel = _panel(_dashboard(client, StaffUserFactory(group="Service client")), "Mandats à valider")
    assert "<strong>2</strong> mandats SEPA en attente de validation" in panel
    assert panel.index("Octave ANCIEN") < panel.index("Nadia NOUVEAU")
    assert reverse("bank_mandates:inspect", args=[older.pk]) in panel
    assert reverse("bank_mandates:inspect", args=[newer.pk]) in panel


def test_service_client_sees_failed_imports_and_generations_not_made_good_oldest_first(client):
    _import_run(kind=ImportKind.LEDGER, status=RunStatus.REJECTED, age_days=2, file_name="compte-recent.csv")
    oldest = _import_run(kind=ImportKind.LEASES, status=RunStatus.FAILED, age_days=5, file_name="baux-illisible.csv")
    # A failed ledger import followed by a successful one is no longer a failure to look at.
    _import_run(kind=ImportKind.HOUSEHOLD, status=RunStatus.FAILED, age_days=9, file_name="foyer-repare.csv")
    _import_run(kind=ImportKind.HOUSEHOLD, status=RunStatus.DONE, age_days=8, file_name="foyer-ok.csv")
    generation = DocumentRun.objects.create(
        kind=RunKind.GENERATION,
        status=DocumentRunStatus.DONE_WITH_ERRORS,
        error_count=3,
        triggered_by="planification",
        started_at=timezone.now() - timedelta(days=1),
    )
    DocumentRun.objects.create(kind=RunKind.IMPORT, status=DocumentRunStatus.DONE, triggered_by="planification")

    panel = _panel(_dashboard(client, StaffUserFactory(group="Service client")), "Traitements en échec")
    assert "<strong>2</strong> imports du progiciel en échec" in panel
    assert panel.index("baux-illisible.csv") < panel.index("compte-recent.csv")
    assert "foyer-repare.csv" not in panel
    assert reverse("erp_importrun:inspect", args=[oldest.pk]) in panel
    assert "<strong>1</strong> génération ou import de documents en erreur" in panel
    assert reverse("documents_run:inspect", args=[generation.pk]) in panel
    assert "3 erreurs" in panel


def test_an_administrator_sees_every_panel(client):
    page = _dashboard(client, StaffUserFactory(is_superuser=True, group="Communication"))
    for title in ("Mandats à valider", "Traitements en échec"):
        assert title in page


@pytest.mark.parametrize("group", ["Gestion technique", "Communication"])
def test_groups_that_neither_validate_mandates_nor_follow_imports_do_not_get_those_panels(client, group):
    _pending_mandate(holder="Octave ANCIEN", age_days=6)
    _import_run(kind=ImportKind.LEASES, status=RunStatus.FAILED, age_days=5, file_name="baux-illisible.csv")
    page = _dashboard(client, StaffUserFactory(group=group))
    assert "Mandats à valider" not in page
    assert "Traitements en échec" not in page
