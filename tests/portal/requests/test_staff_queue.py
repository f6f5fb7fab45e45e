"""The staff work queue in the Wagtail admin: scoped to the agency, filters, processing, private files."""

import html

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse

from portal.requests.enums import EventKind, RequestStatus
from portal.requests.models import Attachment
from tests.conftest import MODEL_BACKEND, assert_sent_to_login
from tests.factories import LeaseFactory, StaffUserFactory, TenantUserFactory

from .factories import StaffProfileFactory, TenantRequestFactory


@pytest.fixture
def nimes_request(db):
    tenant = TenantUserFactory()
    return TenantRequestFactory(lease=tenant.signatory.lease, reference="D-2026-000111")


@pytest.fixture
def other_agency_request(db):
    return TenantRequestFactory(lease=LeaseFactory(tenant_number="555555"), reference="D-2026-000222")


@pytest.fixture
def technician(client, nimes_request):
    user = StaffUserFactory(group="Gestion technique")
    StaffProfileFactory(user=user, agency=nimes_request.lease.residence.agency)
    client.force_login(user, backend=MODEL_BACKEND)
    return user


INDEX = "/admin/demandes/"


def test_staff_see_their_agencys_requests_with_counts(client, technician, nimes_request, other_agency_request):
    content = client.get(INDEX).content.decode()
    assert "D-2026-000111" in content
    assert "D-2026-000222" not in content
    assert "Envoyée : <strong>1</strong>" in content


def test_the_view_all_permission_shows_every_agency(client, technician, nimes_request, other_agency_request):
    technician.user_permissions.add(Permission.objects.get(codename="view_all_requests"))
    content = client.get(INDEX).content.decode()
    assert "D-2026-000111" in content and "D-2026-000222" in content


def test_search_by_tenant_number_and_filter_by_status(client, technician, nimes_request, other_agency_request):
    technician.user_permissions.add(Permission.objects.get(codename="view_all_requests"))
    content = client.get(INDEX, {"q": "555555"}).content.decode()
    assert "D-2026-000222" in content and "D-2026-000111" not in content
    TenantRequestFactory(lease=nimes_request.lease, reference="D-2026-000333", status=RequestStatus.PLANNED)
    content = client.get(INDEX, {"status": "planned"}).content.decode()
    assert "D-2026-000333" in content and "D-2026-000111" not in content
    content = client.get(INDEX, {"age": "gt30"}).content.decode()
    assert "D-2026-000333" not in content


def test_another_agencys_request_is_a_404(client, technician, other_agency_request):
    url = reverse("tenant_requests:inspect", args=[other_agency_request.pk])
    assert client.get(url).status_code == 404


def test_staff_process_a_request_and_tenants_are_told(
    client, technician, nimes_request, django_capture_on_commit_callbacks
):
    url = reverse("tenant_requests:inspect", args=[nimes_request.pk])
    page = client.get(url).content.decode()
    assert "Prendre en charge" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "status", "status-transition": "take_in_charge"})
        client.post(url, {"action": "note", "note-text": "Voir avec le plombier lundi."})
        client.post(url, {"action": "assign", "assign-assignee": technician.pk})
        client.post(url, {"action": "reply", "reply-text": "Un technicien vous appellera."})
    nimes_request.refresh_from_db()
    assert nimes_request.status == RequestStatus.IN_PROGRESS
    assert nimes_request.assigned_to == technician
    kinds = list(nimes_request.events.values_list("kind", flat=True))
    assert kinds == [EventKind.STATUS_CHANGE, EventKind.INTERNAL_NOTE, EventKind.ASSIGNMENT, EventKind.STAFF_REPLY]
    assert len(mail.outbox) == 2
    assert "Voir avec le plombier lundi." in client.get(url).content.decode()
    # Each staff step is also in the request's History tab of the admin, with who did it.
    history = client.get(reverse("tenant_requests:history", args=[nimes_request.pk])).content.decode()
    for label in ("Changement de statut", "Note interne", "Attribution", "Réponse du bailleur"):
        assert label in history, label
    assert technician.get_full_name() in history


def test_planning_without_a_date_is_refused_next_to_the_field(client, technician, nimes_request):
    nimes_request.status = RequestStatus.IN_PROGRESS
    nimes_request.save()
    url = reverse("tenant_requests:inspect", args=[nimes_request.pk])
    response = client.post(url, {"action": "status", "status-transition": "plan_intervention"})
    assert response.status_code == 400
    assert "Indiquez la date de l&#x27;intervention." in response.content.decode()
    nimes_request.refresh_from_db()
    assert nimes_request.status == RequestStatus.IN_PROGRESS


def test_a_tenant_cannot_reach_the_work_queue(tenant_client, nimes_request):
    assert_sent_to_login(tenant_client.get(INDEX))


def test_attribuer_a_lists_by_name_only_staff_who_handle_requests(client, technician, nimes_request):
    support = StaffUserFactory(first_name="Julie", last_name="Fabre", email="julie.fabre@example.org")
    StaffUserFactory(first_name="Paul", last_name="Comm", email="paul.comm@example.org", group="Communication")
    StaffUserFactory(
        first_name="Ada", last_name="Admin", email="ada@example.org", is_superuser=True, group="Communication"
    )
    nimes_request.assigned_to = support
    nimes_request.save()

    page = client.get(reverse("tenant_requests:inspect", args=[nimes_request.pk])).content.decode()
    assign = page.split('name="assign-assignee"', 1)[1].split("</select>", 1)[0]
    assert "Julie FABRE" in assign
    assert f"{technician.first_name} {technician.last_name.upper()}" in assign
    for absent in ["julie.fabre@example.org", "Paul COMM", "Ada ADMIN", "ada@example.org"]:
        assert absent not in assign
    # The title reads the French way, and the work queue names whom a request is given to.
    assert f"Demande D-2026-000111\u00a0: {nimes_request.category}" in page
    queue = client.get(INDEX).content.decode()
    assert "Julie FABRE" in queue
    assert "julie.fabre@example.org" not in queue


def test_the_dashboard_shows_the_requests_to_handle_oldest_first_and_mine(client, technician, nimes_request):
    lease = nimes_request.lease
    newer = TenantRequestFactory(lease=lease, reference="D-2026-000333", assigned_to=technician)
    TenantRequestFactory(lease=lease, reference="D-2026-000444", status=RequestStatus.CLOSED)
    TenantRequestFactory(lease=LeaseFactory(), reference="D-2026-000555")  # another agency

    page = client.get(reverse("wagtailadmin_home")).content.decode()
    panel = page.split("Demandes à traiter", 1)[1].split("</section>", 1)[0]
    assert "<strong>2</strong> envoyée" in panel
    mine = panel.split("Qui me sont attribuées", 1)[1].split("Les plus anciennes", 1)[0]
    assert newer.reference in mine and nimes_request.reference not in mine
    oldest = panel.split("Les plus anciennes", 1)[1]
    assert oldest.index(nimes_request.reference) < oldest.index(newer.reference)
    assert "D-2026-000444" not in panel and "D-2026-000555" not in panel
    assert f'href="{reverse("tenant_requests:inspect", args=[newer.pk])}"' in panel
    sent_on = f"{newer.created_at:%d/%m/%Y}"
    assert f"demande du {sent_on}, envoyée, attribuée à {technician.get_full_name()}" in html.unescape(oldest)


def test_staff_who_do_not_handle_requests_get_no_request_panel(client, db):
    client.force_login(StaffUserFactory(group="Communication"), backend=MODEL_BACKEND)
    assert "Demandes à traiter" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_staff_download_a_tenants_file_as_an_attachment_never_inline(client, technician, nimes_request):
    event = nimes_request.events.create(kind=EventKind.CREATED, text="x")
    attachment = Attachment(
        request=nimes_request, event=event, original_name="fuite.pdf", content_type="application/pdf"
    )
    attachment.file.save("fuite.pdf", ContentFile(b"%PDF-1.4"), save=False)
    attachment.thumbnail.save("t.jpg", ContentFile(b"jpg"), save=False)
    attachment.size = 8
    attachment.save()

    response = client.get(reverse("tenant_requests_attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4"  # read to the end: the client closes it
    assert response["Content-Disposition"].startswith("attachment;")
    thumbnail = client.get(reverse("tenant_requests_thumbnail", args=[attachment.pk]))
    assert b"".join(thumbnail.streaming_content) == b"jpg"
    assert thumbnail["Content-Disposition"].startswith("inline;")
