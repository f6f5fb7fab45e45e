"""Monthly rent notices drawn from the ledger: right amounts, once per month, failures reported."""

from datetime import UTC, date, datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from portal.documents.enums import DocumentKind, RunStatus
from portal.documents.ledger import DirectDebitNotice, notice_build
from portal.documents.models import Document, DocumentRun
from portal.documents.pdfs import notice_pdf
from portal.mandates.models import BankMandate
from portal.mandates.services import mandate_import
from tests.factories import LeaseFactory, SignatoryFactory, TenantUserFactory

from .factories import bill_month, make_paperless, pay, pdf_text

pytestmark = pytest.mark.django_db

NOVEMBER = date(2026, 11, 1)


@pytest.fixture
def lease(tenant):
    lease = make_paperless(tenant.signatory.lease)
    bill_month(lease, date(2026, 10, 1))  # 508,80 € in October, 300 € of it paid: 208,80 € carried over
    pay(lease, "300.00", date(2026, 10, 8), "oct")
    bill_month(lease, NOVEMBER, rent="412.30", charges="96.50", apl="120.00", rls="35.10")
    return lease


@pytest.fixture
def generate(django_capture_on_commit_callbacks):
    """Run the command as cron would; e-mails queued once the documents are committed are sent."""

    def run(period="2026-11"):
        out, err = StringIO(), StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("generate_notices", "--period", period, stdout=out, stderr=err)
        return out.getvalue(), err.getvalue()

    return run


def test_the_notice_shows_the_months_lines_previous_balance_and_total_due(lease, tenant, generate):
    generate()

    document = Document.objects.get(lease=lease, kind=DocumentKind.RENT_NOTICE, period=NOVEMBER)
    with document.file.file.open("rb") as stored:
        text = pdf_text(stored.read())
    assert "Avis d'échéance – novembre 2026" in text
    assert f"Numéro de locataire : {lease.tenant_number}" in text
    assert tenant.signatory.full_name in text
    assert "Loyer principal 412,30 €" in text
    assert "Provisions sur charges 96,50 €" in text
    assert "APL versée par la CAF -120,00 €" in text
    assert "Réduction de loyer de solidarité -35,10 €" in text
    assert "Total du mois 353,70 €" in text
    assert "Solde antérieur 208,80 €" in text
    assert "Total à payer 562,50 €" in text
    assert "au plus tard le 05/12/2026" in text
    assert "PAYER EN LIGNE" in text
    assert "Habitat du Gard" in text
    assert document.download_name == "avis-echeance-2026-11.pdf"


def test_a_direct_debit_notice_carries_the_sepa_pre_notification(lease):
    notice = notice_build(lease=lease, period=NOVEMBER, ics="FR12ZZZ123456")
    notice.direct_debit = DirectDebitNotice(
        debit_date=date(2026, 12, 5),
        amount=notice.total_due,
        rum="HDG-100001-01",
        ics="FR12ZZZ123456",
        iban_masked="FR76 **** 0189",
    )

    text = pdf_text(notice_pdf(notice=notice))

    assert "Pré-notification de prélèvement SEPA" in text
    assert "Le 05/12/2026, la somme de 562,50 € sera prélevée sur le compte FR76 **** 0189" in text
    assert "(RUM) : HDG-100001-01" in text
    assert "(ICS) : FR12ZZZ123456" in text


def test_running_twice_for_a_month_creates_nothing_new(lease, generate):
    first, _ = generate()
    second, _ = generate()

    assert Document.objects.filter(lease=lease).count() == 1
    assert "1 avis créé(s)" in first
    assert "0 avis créé(s), 1 déjà présent(s)" in second
    assert len(mail.outbox) == 1


def test_the_tenants_are_told_by_e_mail_with_a_link_not_the_file(lease, tenant, generate):
    co_tenant = TenantUserFactory(signatory=SignatoryFactory(lease=lease, first_name="Karim"))

    generate()

    assert sorted(m.to[0] for m in mail.outbox) == sorted([tenant.email, co_tenant.email])
    message = mail.outbox[0]
    assert message.subject == "Votre avis d'échéance de novembre 2026 est disponible"
    assert "http://testserver" + reverse("documents:list") in message.body
    assert message.attachments == []


def test_one_failing_lease_is_reported_and_the_others_get_their_notice(lease, generate):
    empty = make_paperless(LeaseFactory())  # nothing billed for November in its ledger
    later = make_paperless(LeaseFactory())
    bill_month(later, NOVEMBER)
    not_paperless = LeaseFactory()
    bill_month(not_paperless, NOVEMBER)

    _out, err = generate()

    assert set(Document.objects.values_list("lease__tenant_number", flat=True)) == {
        lease.tenant_number,
        later.tenant_number,
    }
    run = DocumentRun.objects.get()
    assert (run.created_count, run.error_count, run.status) == (2, 1, RunStatus.DONE_WITH_ERRORS)
    assert run.errors == [f"{empty.tenant_number} : aucune ligne quittancée pour novembre 2026 dans le compte"]
    assert f"{empty.tenant_number} : aucune ligne quittancée" in err
    assert "Avis novembre 2026" in err  # the progress bar


def test_staff_see_each_run_with_its_counts_and_errors(lease, support_client, generate):
    make_paperless(LeaseFactory(tenant_number="555001"))
    generate()
    run = DocumentRun.objects.get()

    listing = support_client.get("/admin/documents/run/").content.decode()
    detail = support_client.get(f"/admin/documents/run/inspect/{run.pk}/").content.decode()

    assert "Terminé avec des erreurs" in listing
    assert "555001 : aucune ligne quittancée pour novembre 2026 dans le compte" in detail


def test_a_bad_period_is_refused(generate):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="AAAA-MM"):
        generate("2026-13")


def test_a_lease_paying_by_direct_debit_gets_the_pre_notification_of_its_active_mandate(lease, generate):
    mandate_import(
        lease=lease,
        holder_name="Marie Dupont",
        iban="FR76 3000 6000 0112 3456 7890 189",
        bic="",
        rum="HDG-TEST-0001",
        signed_at=datetime(2025, 1, 10, tzinfo=UTC),
        actor="test",
    )
    generate()

    document = Document.objects.get(lease=lease, kind=DocumentKind.RENT_NOTICE, period=NOVEMBER)
    with document.file.file.open("rb") as stored:
        text = pdf_text(stored.read())
    masked = BankMandate.objects.get(rum="HDG-TEST-0001").iban_masked
    assert "Pré-notification de prélèvement SEPA" in text
    assert f"Le 05/12/2026, la somme de 562,50 € sera prélevée sur le compte {masked}" in text
    assert "(RUM) : HDG-TEST-0001" in text
    assert "FR76 3000 6000 0112 3456 7890 189" not in text
