"""« Mes demandes » over the API: the web's form, files and rules."""

import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from portal.requests.enums import EventKind, RequestStatus
from portal.requests.models import Attachment, RequestCategory, RequestEvent, TenantRequest
from portal.requests.services import request_reply
from tests.factories import StaffUserFactory
from tests.portal.requests.factories import TenantRequestFactory, jpeg_bytes, upload


@pytest.fixture
def plumbing(db):
    housing = RequestCategory.objects.create(name="Logement")
    return RequestCategory.objects.create(name="Plomberie", parent=housing)


def form(tenant, category, **overrides):
    data = {
        "category": str(category.pk),
        "location": "common",
        "description": "La chasse d'eau fuit en continu.",
        "contact_phone": "06 12 34 56 78",
        "contact_email": tenant.email,
        "contact_slots": ["mon-am", "fri-pm"],
        "form_token": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


def test_form_options_list_categories_locations_and_slots(api, tenant, plumbing):
    body = api.get("/requests/form").json()

    by_name = {c["name"]: c for c in body["categories"]}
    assert by_name["Logement"]["selectable"] is False
    assert by_name["Plomberie"]["selectable"] is True and by_name["Plomberie"]["parent_id"] == by_name["Logement"]["id"]
    assert body["locations"][-1] == {"value": "common", "label": "Parties communes de la résidence"}
    assert {"value": "mon-am", "label": "Lundi matin"} in body["contact_slots"]


def test_create_with_a_photo_then_read_it_back(api, tenant, plumbing, django_capture_on_commit_callbacks):
    data = form(tenant, plumbing, files=[upload("fuite.jpg", jpeg_bytes(), "image/jpeg")])

    with django_capture_on_commit_callbacks(execute=True):
        response = api.post_multipart("/requests", data)

    assert response.status_code == 201
    body = response.json()
    assert body["reference"].startswith("D-") and body["status"] == "sent" and body["can_edit"] is True
    assert body["contact_slots"] == ["mon-am", "fri-pm"]
    photo = body["timeline"][0]["attachments"][0]
    assert photo["name"] == "fuite.jpg" and photo["content_type"] == "image/jpeg"
    served = api.client.get(photo["download_url"], headers={"Authorization": f"Bearer {api.token}"})
    assert served.status_code == 200
    assert b"PhoneMaker" not in b"".join(served.streaming_content)  # re-encoded without its EXIF
    assert len(mail.outbox) == 1 and body["reference"] in mail.outbox[0].subject  # the web's receipt
    assert api.get("/requests").json()["items"][0]["reference"] == body["reference"]
    assert api.get(f"/requests/{body['id']}").json()["description"] == "La chasse d'eau fuit en continu."


def test_sending_the_same_form_twice_gives_one_request(api, tenant, plumbing):
    data = form(tenant, plumbing)

    first = api.post_multipart("/requests", data)
    second = api.post_multipart("/requests", data)

    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    assert TenantRequest.objects.count() == 1


def test_invalid_fields_get_the_webs_french_messages(api, tenant, plumbing):
    data = form(tenant, plumbing, description="", contact_phone="12", contact_slots=[])
    data["files"] = [upload("virus.jpg", b"MZ" + b"\x00" * 100)]

    response = api.post_multipart("/requests", data)

    assert response.status_code == 400
    fields = response.json()["fields"]
    assert fields["description"] == ["Champ requis."]
    assert fields["contact_phone"] == ["Saisissez un numéro de téléphone, par exemple 06 12 34 56 78."]
    assert fields["contact_slots"] == ["Choisissez au moins un créneau."]
    assert "files" in fields
    assert not TenantRequest.objects.exists()


def test_a_main_category_with_sub_categories_is_refused(api, tenant, plumbing):
    response = api.post_multipart("/requests", form(tenant, plumbing.parent))

    assert response.status_code == 400
    assert response.json()["fields"]["category"] == [
        f"Sélectionnez un choix valide. {plumbing.parent.pk} n’en fait pas partie."
    ]


def test_another_leases_unit_is_not_a_location(api, tenant, other_tenant, plumbing):
    foreign_unit = other_tenant.signatory.lease.units.get()

    response = api.post_multipart("/requests", form(tenant, plumbing, location=str(foreign_unit.pk)))

    assert response.status_code == 400
    assert "location" in response.json()["fields"]


def test_staff_reply_shows_but_never_internal_notes(api, tenant):
    item = TenantRequestFactory(lease=tenant.signatory.lease, status=RequestStatus.IN_PROGRESS)
    staff = StaffUserFactory()
    request_reply(tenant_request=item, author=staff, text="Le plombier passe jeudi.", internal=False)
    request_reply(tenant_request=item, author=staff, text="Locataire difficile", internal=True)

    timeline = api.get(f"/requests/{item.pk}").json()["timeline"]

    assert [(e["kind"], e["by_landlord"]) for e in timeline] == [("staff_reply", True)]
    assert timeline[0]["text"] == "Le plombier passe jeudi."
    assert "Locataire difficile" not in str(timeline)


def test_an_internal_notes_attachment_is_a_404(api, tenant, tmp_path):
    item = TenantRequestFactory(lease=tenant.signatory.lease)
    note = RequestEvent.objects.create(request=item, kind=EventKind.INTERNAL_NOTE, text="interne")
    hidden = Attachment.objects.create(
        request=item, event=note, file="x/a.jpg", original_name="a.jpg", content_type="image/jpeg", size=3
    )

    assert api.get(f"/requests/attachments/{hidden.pk}/file").status_code == 404


def test_complement_with_a_file_goes_back_to_staff(api, tenant):
    item = TenantRequestFactory(lease=tenant.signatory.lease, status=RequestStatus.WAITING_TENANT)

    response = api.post_multipart(
        f"/requests/{item.pk}/complements",
        {"text": "Voici la photo.", "form_token": str(uuid.uuid4()), "files": [upload("a.jpg", jpeg_bytes())]},
    )

    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "in_progress"
    assert body["timeline"][-2]["text"] == "Voici la photo."
    assert len(body["timeline"][-2]["attachments"]) == 1
    empty = api.post_multipart(f"/requests/{item.pk}/complements", {"text": "", "form_token": str(uuid.uuid4())})
    assert empty.json()["fields"]["text"] == ["Champ requis."]


def test_a_closed_request_takes_no_complement(api, tenant):
    item = TenantRequestFactory(lease=tenant.signatory.lease, status=RequestStatus.CLOSED)

    response = api.post_multipart(
        f"/requests/{item.pk}/complements", {"text": "Encore", "form_token": str(uuid.uuid4())}
    )

    assert response.status_code == 409
    assert response.json()["message"] == "Cette demande est terminée : créez une nouvelle demande."


def test_modify_then_cancel_while_not_taken_in_charge(api, tenant, plumbing):
    item = TenantRequestFactory(lease=tenant.signatory.lease, category=plumbing)

    changed = api.post_multipart(f"/requests/{item.pk}", form(tenant, plumbing, description="Fuite sous l'évier."))
    assert changed.status_code == 200 and changed.json()["description"] == "Fuite sous l'évier."

    cancelled = api.post(f"/requests/{item.pk}/cancel")
    assert cancelled.json()["status"] == "cancelled"
    refused = api.post_multipart(f"/requests/{item.pk}", form(tenant, plumbing))
    assert refused.status_code == 409
    assert "déjà prise en charge" in refused.json()["message"]


def test_rate_a_resolved_request_or_reopen_it(api, tenant):
    resolved = TenantRequestFactory(
        lease=tenant.signatory.lease, status=RequestStatus.RESOLVED, resolved_at=timezone.now() - timedelta(days=1)
    )
    other = TenantRequestFactory(
        lease=tenant.signatory.lease, status=RequestStatus.RESOLVED, resolved_at=timezone.now() - timedelta(days=1)
    )

    assert api.post(f"/requests/{resolved.pk}/rating", {"rating": 9}).json()["fields"]["rating"]
    rated = api.post(f"/requests/{resolved.pk}/rating", {"rating": 5, "comment": "Rapide."}).json()
    assert rated["status"] == "closed" and rated["rating"] == 5
    assert api.post(f"/requests/{resolved.pk}/rating", {"rating": 4}).status_code == 409

    reopened = api.post(f"/requests/{other.pk}/reopen", {"text": "Ça fuit encore."}).json()
    assert reopened["status"] == "in_progress"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/requests/{pk}"),
        ("post_multipart", "/requests/{pk}"),
        ("post", "/requests/{pk}/cancel"),
        ("post", "/requests/{pk}/reopen"),
        ("post", "/requests/{pk}/rating"),
        ("post_multipart", "/requests/{pk}/complements"),
    ],
)
def test_another_leases_request_is_a_404(api, tenant, other_tenant, plumbing, method, path):
    foreign = TenantRequestFactory(lease=other_tenant.signatory.lease, category=plumbing)
    payloads = {"post": {"text": "x", "rating": 3}, "post_multipart": form(tenant, plumbing, text="x")}

    call = getattr(api, method)
    response = call(path.format(pk=foreign.pk), *([payloads[method]] if method in payloads else []))

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    foreign.refresh_from_db()
    assert foreign.status == RequestStatus.SENT


def test_another_leases_attachment_is_a_404(api, other_tenant):
    foreign = TenantRequestFactory(lease=other_tenant.signatory.lease)
    attachment = Attachment.objects.create(
        request=foreign, file="x/a.jpg", original_name="a.jpg", content_type="image/jpeg", size=3
    )

    assert api.get(f"/requests/attachments/{attachment.pk}/file").status_code == 404
    assert api.get("/requests").json()["count"] == 0
