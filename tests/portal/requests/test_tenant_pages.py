"""The tenant's pages: the form rules, nothing lost on error, one request per form, other leases unreachable."""

import uuid

import pytest
from django.core import mail
from django.urls import reverse

from portal.core.models import PendingUpload
from portal.requests.enums import EventKind, RequestStatus
from portal.requests.models import Attachment, TenantRequest
from tests.conftest import MODEL_BACKEND

from .factories import TenantRequestFactory, jpeg_bytes, pdf_bytes, tenant_on, upload


def _form_data(tenant, category, **overrides):
    data = {
        "form_token": str(uuid.uuid4()),
        "category": str(category.pk),
        "location": str(tenant.signatory.lease.units.first().pk),
        "description": "L'eau coule sous l'évier depuis hier soir.",
        "contact_phone": "06 12 34 56 78",
        "contact_email": tenant.email,
        "contact_slots": ["mon-am", "thu-pm"],
    }
    data.update(overrides)
    return data


def test_the_form_is_prefilled_with_the_tenants_contact(tenant_client, tenant, plumbing):
    tenant.signatory.mobile_phone = "06 98 76 54 32"
    tenant.signatory.save()
    response = tenant_client.get(reverse("requests:create"))
    content = response.content.decode()
    assert "06 98 76 54 32" in content
    assert tenant.email in content
    assert "Sauvegarder" in content


def test_saving_shows_the_reference_and_emails_a_receipt(
    tenant_client, tenant, plumbing, django_capture_on_commit_callbacks
):
    data = _form_data(tenant, plumbing, files=[upload("fuite.jpg", jpeg_bytes(), "image/jpeg")])
    with django_capture_on_commit_callbacks(execute=True):
        response = tenant_client.post(reverse("requests:create"), data, follow=True)
    request = TenantRequest.objects.get()
    assert request.reference in response.content.decode()
    assert request.contact_slots == ["mon-am", "thu-pm"]
    assert request.attachments.count() == 1
    assert len(mail.outbox) == 1 and request.reference in mail.outbox[0].subject


def test_a_double_submission_gives_one_request(tenant_client, tenant, plumbing):
    data = _form_data(tenant, plumbing)
    first = tenant_client.post(reverse("requests:create"), data)
    second = tenant_client.post(reverse("requests:create"), data)
    assert TenantRequest.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_a_missing_field_keeps_the_text_and_the_uploaded_files(tenant_client, tenant, plumbing):
    data = _form_data(tenant, plumbing, contact_slots=[])
    data["files"] = [upload("fuite.jpg", jpeg_bytes(), "image/jpeg"), upload("devis.pdf", pdf_bytes())]
    response = tenant_client.post(reverse("requests:create"), data)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Choisissez au moins un créneau." in content
    assert "L&#x27;eau coule sous l&#x27;évier depuis hier soir." in content
    assert "fuite.jpg" in content and "devis.pdf" in content
    assert PendingUpload.objects.count() == 2

    # The second try, without re-sending the files, keeps them, except the one the tenant removes.
    devis = PendingUpload.objects.get(original_name="devis.pdf")
    data = _form_data(tenant, plumbing, form_token=data["form_token"], remove_pending=[str(devis.pk)])
    tenant_client.post(reverse("requests:create"), data)
    request = TenantRequest.objects.get()
    assert [a.original_name for a in request.attachments.all()] == ["fuite.jpg"]
    assert not PendingUpload.objects.exists()


def test_a_bad_file_is_named_and_the_good_one_kept(tenant_client, tenant, plumbing):
    data = _form_data(tenant, plumbing)
    data["files"] = [upload("virus.jpg", b"MZ" + b"\x00" * 100), upload("fuite.jpg", jpeg_bytes())]
    response = tenant_client.post(reverse("requests:create"), data)
    assert "«\u00a0virus.jpg\u00a0» n&#x27;est ni une photo" in response.content.decode()
    assert not TenantRequest.objects.exists()
    assert list(PendingUpload.objects.values_list("original_name", flat=True)) == ["fuite.jpg"]


def test_more_than_five_files_are_refused(tenant_client, tenant, plumbing):
    data = _form_data(tenant, plumbing)
    data["files"] = [upload(f"p{n}.jpg", jpeg_bytes()) for n in range(6)]
    response = tenant_client.post(reverse("requests:create"), data)
    assert "5 fichiers au plus" in response.content.decode()
    assert not TenantRequest.objects.exists()


def test_a_tenant_repair_needs_the_notice_to_be_confirmed(tenant_client, tenant, tenant_repair):
    data = _form_data(tenant, tenant_repair)
    response = tenant_client.post(reverse("requests:create"), data)
    content = response.content.decode()
    assert "Le remplacement des clés perdues est à votre charge." in content
    assert not TenantRequest.objects.exists()
    data["confirm_notice"] = "on"
    tenant_client.post(reverse("requests:create"), data)
    assert TenantRequest.objects.count() == 1


def test_a_main_category_with_sub_categories_is_not_a_choice(tenant_client, tenant, plumbing):
    response = tenant_client.post(reverse("requests:create"), _form_data(tenant, plumbing.parent))
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not TenantRequest.objects.exists()


def test_every_signatory_sees_the_leases_requests_newest_first(client, tenant, db):
    lease = tenant.signatory.lease
    older = TenantRequestFactory(lease=lease, reference="D-2026-000001")
    newer = TenantRequestFactory(lease=lease, reference="D-2026-000002")
    TenantRequestFactory(reference="D-2026-000003")  # another lease
    client.force_login(tenant_on(lease), backend=MODEL_BACKEND)
    content = client.get(reverse("requests:list")).content.decode()
    assert content.index(newer.reference) < content.index(older.reference)
    assert "D-2026-000003" not in content


def test_the_tenant_never_sees_internal_notes(tenant_client, tenant, db):
    request = TenantRequestFactory(lease=tenant.signatory.lease)
    request.events.create(kind=EventKind.INTERNAL_NOTE, text="Locataire difficile, prévoir deux agents.")
    request.events.create(kind=EventKind.STAFF_REPLY, text="Nous passons jeudi.")
    content = tenant_client.get(reverse("requests:detail", args=[request.pk])).content.decode()
    assert "Nous passons jeudi." in content
    assert "Locataire difficile" not in content
    assert "Note interne" not in content


@pytest.fixture
def foreign_request(other_tenant, tmp_path):
    request = TenantRequestFactory(lease=other_tenant.signatory.lease, status=RequestStatus.RESOLVED)
    event = request.events.create(kind=EventKind.CREATED, text="x")
    attachment = Attachment(request=request, event=event, original_name="a.jpg", content_type="image/jpeg", size=3)
    from django.core.files.base import ContentFile

    attachment.file.save("a.jpg", ContentFile(b"abc"), save=False)
    attachment.thumbnail.save("t.jpg", ContentFile(b"abc"), save=False)
    attachment.save()
    return request


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("requests:detail", "get"),
        ("requests:edit", "get"),
        ("requests:confirmation", "get"),
        ("requests:complement", "post"),
        ("requests:cancel", "post"),
        ("requests:rate", "post"),
        ("requests:reopen", "post"),
    ],
)
def test_another_leases_request_is_a_404(tenant_client, foreign_request, name, method):
    response = getattr(tenant_client, method)(reverse(name, args=[foreign_request.pk]), {"text": "x", "rating": "5"})
    assert response.status_code == 404
    foreign_request.refresh_from_db()
    assert foreign_request.status == RequestStatus.RESOLVED
    assert foreign_request.events.count() == 1


def test_another_leases_attachment_is_a_404(tenant_client, foreign_request):
    attachment = foreign_request.attachments.get()
    assert tenant_client.get(reverse("requests:attachment", args=[attachment.pk])).status_code == 404
    assert tenant_client.get(reverse("requests:thumbnail", args=[attachment.pk])).status_code == 404


def test_the_leases_attachment_is_served_privately(client, foreign_request, other_tenant):
    client.force_login(other_tenant, backend=MODEL_BACKEND)
    attachment = foreign_request.attachments.get()
    response = client.get(reverse("requests:attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"abc"
    assert "no-store" in response["Cache-Control"]


def test_a_complement_with_a_file_appears_in_the_timeline(tenant_client, tenant, db):
    request = TenantRequestFactory(lease=tenant.signatory.lease, status=RequestStatus.IN_PROGRESS)
    tenant_client.post(
        reverse("requests:complement", args=[request.pk]),
        {"form_token": str(uuid.uuid4()), "text": "La fuite a empiré.", "files": [upload("a.png", jpeg_bytes())]},
    )
    content = tenant_client.get(reverse("requests:detail", args=[request.pk])).content.decode()
    assert "La fuite a empiré." in content
    assert request.attachments.count() == 1


def test_cancel_asks_for_confirmation_then_cancels(tenant_client, tenant, db):
    request = TenantRequestFactory(lease=tenant.signatory.lease)
    assert (
        "Oui, annuler la demande" in tenant_client.get(reverse("requests:cancel", args=[request.pk])).content.decode()
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.SENT
    tenant_client.post(reverse("requests:cancel", args=[request.pk]))
    request.refresh_from_db()
    assert request.status == RequestStatus.CANCELLED


def test_previous_and_next_links_stay_within_the_lease(tenant_client, tenant, other_tenant):
    lease = tenant.signatory.lease
    older = TenantRequestFactory(lease=lease)
    TenantRequestFactory(lease=other_tenant.signatory.lease)
    newer = TenantRequestFactory(lease=lease)
    TenantRequestFactory(lease=other_tenant.signatory.lease)

    page = tenant_client.get(reverse("requests:detail", args=[older.pk])).text
    assert f'Demande précédente<span class="visually-hidden">\u00a0: {newer.reference}' in page
    assert "Demande suivante" not in page
    page = tenant_client.get(reverse("requests:detail", args=[newer.pk])).text
    assert f'Demande suivante<span class="visually-hidden">\u00a0: {older.reference}' in page
    assert "Demande précédente" not in page
