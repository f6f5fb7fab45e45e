from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from portal.core.models import PendingUpload
from portal.dossier.enums import ChangeKind, ChangeStatus
from portal.dossier.models import ChangeRequest
from tests.conftest import MODEL_BACKEND, assert_admin_refused
from tests.factories import HouseholdMemberFactory, StaffUserFactory

from .factories import ChangeRequestFactory, InsuranceFactory, pdf_bytes, pdf_upload

pytestmark = pytest.mark.django_db


def _insurance_data(**extra):
    today = timezone.localdate()
    return {
        "insurer": "MAIF",
        "policy_number": "HAB-42",
        "valid_from": today.isoformat(),
        "valid_until": (today + timedelta(days=365)).isoformat(),
        **extra,
    }


def test_contact_change_goes_through_review_and_shows_as_pending(tenant_client, tenant):
    edit_url = reverse("dossier:contact_edit")
    response = tenant_client.post(edit_url, {"phone": "", "mobile_phone": "06 12 34 56 78", "email": "moi@example.org"})
    assert response.status_code == 302
    review = tenant_client.get(response.url)
    assertContains(review, "Vérifiez vos informations")
    assertContains(review, "06 12 34 56 78")

    # « Modifier » from the review brings the form back with what was typed.
    back = tenant_client.get(edit_url)
    assertContains(back, 'value="+33612345678"')
    assertContains(back, 'value="moi@example.org"')

    done = tenant_client.post(response.url, follow=True)
    assertContains(done, "Votre modification a été transmise à nos services")
    assertContains(done, "en attente de validation par nos services")
    change = ChangeRequest.objects.get()
    assert (change.kind, change.author, change.after["mobile_phone"]) == (ChangeKind.CONTACT, tenant, "+33612345678")
    tenant.signatory.refresh_from_db()
    assert tenant.signatory.mobile_phone == ""


def test_a_wrong_phone_is_explained_next_to_the_field_and_the_input_kept(tenant_client):
    response = tenant_client.post(reverse("dossier:contact_edit"), {"phone": "", "mobile_phone": "06 12", "email": ""})
    assertContains(response, "Ce numéro de téléphone n&#x27;existe pas")
    assertContains(response, 'value="06 12"')
    assertContains(response, 'aria-invalid="true"')


def test_household_member_of_another_lease_gives_404(tenant_client, other_tenant):
    stranger = HouseholdMemberFactory(lease=other_tenant.signatory.lease)
    assert tenant_client.get(reverse("dossier:member_edit", args=[stranger.pk])).status_code == 404
    assert tenant_client.post(reverse("dossier:member_remove", args=[stranger.pk])).status_code == 404
    assert not ChangeRequest.objects.exists()


def test_occupant_removal_is_a_change_request(tenant_client, tenant):
    member = HouseholdMemberFactory(lease=tenant.signatory.lease, first_name="Léo")
    page = tenant_client.get(reverse("dossier:member_remove", args=[member.pk]))
    assertContains(page, "Léo")
    tenant_client.post(reverse("dossier:member_remove", args=[member.pk]))
    change = ChangeRequest.objects.get()
    assert (change.kind, change.household_member) == (ChangeKind.HOUSEHOLD_REMOVE, member)


def test_insurance_requires_a_file_and_keeps_it_when_the_form_is_rejected(tenant_client, tenant):
    edit_url = reverse("dossier:insurance_edit")
    response = tenant_client.post(edit_url, _insurance_data())
    assertContains(response, "Joignez votre attestation d&#x27;assurance")

    rejected = tenant_client.post(edit_url, _insurance_data(insurer="", certificate=pdf_upload("mon-attestation.pdf")))
    assertContains(rejected, "Champ requis.")
    assertContains(rejected, "Fichier joint\u00a0: <strong>mon-attestation.pdf</strong>")
    assert PendingUpload.objects.filter(user=tenant).count() == 1

    response = tenant_client.post(edit_url, _insurance_data())
    assert response.status_code == 302
    assertContains(tenant_client.get(response.url), "mon-attestation.pdf")
    page = tenant_client.post(response.url, follow=True)
    assertContains(page, "En attente de vérification")
    change = ChangeRequest.objects.get(kind=ChangeKind.INSURANCE)
    assert change.certificate_name == "mon-attestation.pdf"
    proof = tenant_client.get(reverse("dossier:change_request_certificate", args=[change.pk]))
    assert b"".join(proof.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("attestation.pdf", b"ceci n'est pas un PDF"), "ni une photo"),
        (SimpleUploadedFile("attestation.pdf", b"MZ\x90\x00\x03" + b"\x00" * 300), "ni une photo"),
        (SimpleUploadedFile("grosse.pdf", pdf_bytes() + b"0" * (10 * 1024 * 1024 + 1)), "dépasse 10 Mo"),
    ],
)
def test_bad_uploads_are_refused_next_to_the_field(tenant_client, upload, message):
    response = tenant_client.post(reverse("dossier:insurance_edit"), _insurance_data(certificate=upload))
    assertContains(response, message)
    assert not PendingUpload.objects.exists()


def test_proof_files_of_another_lease_give_404(tenant_client, other_tenant, tenant):
    foreign = ChangeRequest.objects.create(
        lease=other_tenant.signatory.lease, kind=ChangeKind.INSURANCE, author=other_tenant, payload={}
    )
    foreign.certificate.save("autre.pdf", SimpleUploadedFile("autre.pdf", pdf_bytes()))
    assert tenant_client.get(reverse("dossier:change_request_certificate", args=[foreign.pk])).status_code == 404
    # The tenant's own lease has no verified insurance: nothing to serve either.
    InsuranceFactory(lease=other_tenant.signatory.lease)
    assert tenant_client.get(reverse("dossier:insurance_certificate")).status_code == 404


def test_insurance_zone_shows_the_status(tenant_client, tenant):
    InsuranceFactory(lease=tenant.signatory.lease, valid_until=timezone.localdate() - timedelta(days=1))
    assertContains(tenant_client.get(reverse("dossier:index")), "Expirée")


def test_service_client_accepts_and_refuses_in_the_admin(client, tenant, support_user):
    member = HouseholdMemberFactory(lease=tenant.signatory.lease, first_name="Léo")
    removal = ChangeRequest.objects.create(
        lease=tenant.signatory.lease,
        kind=ChangeKind.HOUSEHOLD_REMOVE,
        household_member=member,
        author=tenant,
        payload={"before": {"first_name": "Léo"}, "after": {}},
    )
    client.force_login(support_user, backend=MODEL_BACKEND)
    listing = client.get("/admin/dossier/modifications/?kind=household_remove&status=pending")
    assertContains(listing, "Départ d&#x27;un occupant")
    inspect_url = reverse("dossier_changes:inspect", args=[removal.pk])
    page = client.get(inspect_url)
    assertContains(page, "Accepter la modification")

    empty = client.post(inspect_url, {"action": "refuse", "reason": ""})
    assertContains(empty, "Indiquez le motif du refus")
    client.post(inspect_url, {"action": "accept"})
    removal.refresh_from_db()
    assert removal.status == ChangeStatus.ACCEPTED
    assertNotContains(client.get(inspect_url), "Accepter la modification")
    # Staff decisions are in the change's History tab of the admin, with who took them.
    history = client.get(reverse("dossier_changes:history", args=[removal.pk]))
    assertContains(history, "Modification acceptée")
    assertContains(history, support_user.get_full_name())

    follow_up = client.get(reverse("dossier_insurance:index"))
    assertContains(follow_up, tenant.signatory.lease.tenant_number)


def test_other_staff_cannot_handle_changes(client, tenant):
    change = ChangeRequest.objects.create(lease=tenant.signatory.lease, kind=ChangeKind.CONTACT, author=tenant)
    client.force_login(StaffUserFactory(group="Gestion technique"), backend=MODEL_BACKEND)
    url = reverse("dossier_changes:inspect", args=[change.pk])
    assert_admin_refused(client.post(url, {"action": "accept"}))
    change.refresh_from_db()
    assert change.status == ChangeStatus.PENDING
    assert_admin_refused(client.get(reverse("dossier_changes:certificate", args=[change.pk])))


def test_a_co_signatory_pending_phone_change_is_not_shown_as_mine(client, db):
    from portal.dossier.services import change_request_submit
    from tests.conftest import MODEL_BACKEND
    from tests.factories import TenantUserFactory

    claire = TenantUserFactory(signatory__first_name="Claire", signatory__mobile_phone="+33612340101")
    karim = TenantUserFactory(signatory__first_name="Karim", signatory__lease=claire.signatory.lease)
    change_request_submit(
        lease=karim.signatory.lease,
        author=karim,
        kind="contact",
        after={"phone": "", "mobile_phone": "+33698765432", "email": karim.email},
    )
    client.force_login(claire, backend=MODEL_BACKEND)
    page = client.get("/espace/dossier/").text
    assert "06 98 76 54 32" not in page
    client.force_login(karim, backend=MODEL_BACKEND)
    assert "06 98 76 54 32" in client.get("/espace/dossier/").text


def test_an_insurance_photo_is_kept_without_its_exif_metadata(tenant_client, tenant):
    import io

    from PIL import Image

    from tests.portal.requests.factories import jpeg_bytes

    photo = jpeg_bytes()
    assert Image.open(io.BytesIO(photo)).getexif()  # the phone photo carries its maker and model
    tenant_client.post(
        reverse("dossier:insurance_edit"),
        _insurance_data(certificate=SimpleUploadedFile("attestation.jpg", photo, content_type="image/jpeg")),
    )
    pending = PendingUpload.objects.get(user=tenant)
    with pending.file.open("rb") as stored:
        kept = Image.open(io.BytesIO(stored.read()))
        assert kept.format == "JPEG"
        assert not kept.getexif()


def test_the_contact_review_lists_only_what_changed(tenant_client, tenant):
    signatory = tenant.signatory
    signatory.phone, signatory.mobile_phone, signatory.email = "04 66 01 02 03", "0612340101", "avis@example.org"
    signatory.save()
    response = tenant_client.post(
        reverse("dossier:contact_edit"),
        {"phone": "04 66 01 02 03", "mobile_phone": "06 12 34 01 01", "email": "nouvelle@example.org"},
    )
    review = tenant_client.get(response.url)
    assertContains(review, "nouvelle@example.org")
    assertContains(review, "E-mail")
    # The same numbers, however typed, are not shown as changes.
    assertNotContains(review, "Téléphone fixe")
    assertNotContains(review, "Téléphone mobile")


def test_the_insurance_form_shows_the_current_policy_and_marks_the_file_required(tenant_client, tenant):
    InsuranceFactory(lease=tenant.signatory.lease, insurer="MACIF", policy_number="HAB-2026-7")
    page = tenant_client.get(reverse("dossier:insurance_edit"))
    assertContains(page, 'value="MACIF"')
    assertContains(page, 'value="HAB-2026-7"')
    field = page.content.decode().split('for="id_certificate"', 1)[1].split("</label>", 1)[0]
    assert "*" in field, "« Joindre un fichier » carries the required mark"

    response = tenant_client.post(reverse("dossier:insurance_edit"), _insurance_data())
    assertContains(
        response, "Joignez votre attestation d&#x27;assurance\u00a0: elle est indispensable.", status_code=200
    )


def test_service_client_dashboard_shows_changes_to_validate_oldest_first_and_insurance_to_chase(
    client, support_user, tenant, other_tenant
):
    older = ChangeRequestFactory(lease=tenant.signatory.lease)
    newer = ChangeRequestFactory(lease=other_tenant.signatory.lease)
    ChangeRequestFactory(lease=tenant.signatory.lease, status=ChangeStatus.ACCEPTED)
    client.force_login(support_user, backend=MODEL_BACKEND)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    panel = page.split("Dossiers à valider", 1)[1].split("</section>", 1)[0]
    assert "<strong>2</strong> modifications du dossier en attente de validation" in panel
    assert panel.index(f"bail {older.lease.tenant_number}") < panel.index(f"bail {newer.lease.tenant_number}")
    assert "sans assurance valide à relancer" in panel
    assert reverse("dossier_changes:inspect", args=[older.pk]) in panel


def test_staff_download_a_tenants_proof_as_an_attachment(client, tenant):
    change = ChangeRequest.objects.create(lease=tenant.signatory.lease, kind=ChangeKind.INSURANCE, author=tenant)
    change.certificate.save("attestation.pdf", ContentFile(b"%PDF-1.4"), save=False)
    change.certificate_content_type = "application/pdf"
    change.save()
    client.force_login(StaffUserFactory(group="Service client"), backend=MODEL_BACKEND)

    response = client.get(reverse("dossier_changes:certificate", args=[change.pk]))
    assert b"".join(response.streaming_content) == b"%PDF-1.4"  # read to the end: the client closes it

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
