from io import StringIO

from portal.accounts import demo as accounts_demo
from portal.leases import demo as leases_demo
from portal.requests import demo
from portal.requests.enums import OPEN_STATUSES, EventKind, RequestStatus
from portal.requests.models import Attachment, RequestCategory, StaffProfile, TenantRequest


def test_demo_requests_cover_every_status_and_load_twice_without_duplicates(db):
    out = StringIO()
    leases_demo.load(stdout=out)
    accounts_demo.load(stdout=out)
    demo.load(stdout=out)
    counts = (TenantRequest.objects.count(), RequestCategory.objects.count(), Attachment.objects.count())
    demo.load(stdout=out)
    assert (TenantRequest.objects.count(), RequestCategory.objects.count(), Attachment.objects.count()) == counts

    assert set(TenantRequest.objects.values_list("status", flat=True)) == set(RequestStatus.values)
    claire = TenantRequest.objects.filter(lease__tenant_number="100001")
    assert claire.filter(status__in=OPEN_STATUSES, attachments__isnull=False).exists()
    assert claire.filter(status=RequestStatus.RESOLVED, attachments__isnull=False).exists()
    assert RequestCategory.objects.get(name="Plomberie").parent.name == "Logement"
    support = StaffProfile.objects.get(user__email="support@example.org")
    assert support.agency.name == "Agence de Nîmes"
    assert support.user.has_perm("tenant_requests.view_all_requests")


def test_demo_requests_tell_one_date_of_sending_everywhere(db):
    out = StringIO()
    leases_demo.load(stdout=out)
    accounts_demo.load(stdout=out)
    demo.load(stdout=out)
    for tenant_request in TenantRequest.objects.all():
        sent = tenant_request.events.get(kind=EventKind.CREATED)
        assert sent.created_at == tenant_request.created_at, tenant_request.reference
        later = tenant_request.events.exclude(pk=sent.pk)
        assert all(event.created_at > sent.created_at for event in later), tenant_request.reference
