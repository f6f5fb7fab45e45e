"""The status machine, references, tenant actions and who gets e-mailed."""

import uuid
from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from portal.requests import services
from portal.requests.enums import EventKind, RequestStatus
from tests.factories import StaffUserFactory, TenantUserFactory

from .factories import TenantRequestFactory, tenant_on


@pytest.fixture
def staff(db):
    return StaffUserFactory(group="Gestion technique")


def _create(tenant, category, **kwargs):
    lease = tenant.signatory.lease
    fields = {
        "lease": lease,
        "author": tenant,
        "category": category,
        "unit": lease.units.first(),
        "description": "Fuite sous l'évier de la cuisine.",
        "contact_phone": "06 12 34 56 78",
        "contact_email": tenant.email,
        "contact_slots": ["tue-pm"],
        "form_token": uuid.uuid4(),
    }
    fields.update(kwargs)
    return services.request_create(**fields)


def test_references_follow_each_other_within_the_year(tenant, plumbing, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = _create(tenant, plumbing)
        second = _create(tenant, plumbing)
    year = timezone.localdate().year
    assert first.reference == f"D-{year}-000001"
    assert second.reference == f"D-{year}-000002"


def test_the_same_form_token_twice_gives_one_request(tenant, plumbing):
    token = uuid.uuid4()
    first = _create(tenant, plumbing, form_token=token)
    again = _create(tenant, plumbing, form_token=token)
    assert first.pk == again.pk
    assert tenant.signatory.lease.requests.count() == 1


def test_a_unit_of_another_lease_is_refused(tenant, other_tenant, plumbing):
    with pytest.raises(services.ValidationError):
        _create(tenant, plumbing, unit=other_tenant.signatory.lease.units.first())


def test_the_full_happy_path_emails_every_tenant_of_the_lease(
    tenant, plumbing, staff, django_capture_on_commit_callbacks
):
    second_signatory = tenant_on(tenant.signatory.lease)
    with django_capture_on_commit_callbacks(execute=True):
        request = _create(tenant, plumbing)
    assert [m.to for m in mail.outbox] == [[tenant.email]]
    assert request.reference in mail.outbox[0].subject
    mail.outbox.clear()

    steps = [
        ("take_in_charge", {}, RequestStatus.IN_PROGRESS),
        ("plan_intervention", {"intervention_date": date(2026, 12, 3)}, RequestStatus.PLANNED),
        ("resolve", {}, RequestStatus.RESOLVED),
    ]
    for name, extra, expected in steps:
        with django_capture_on_commit_callbacks(execute=True):
            services.request_transition(tenant_request=request, transition=name, author=staff, **extra)
        request.refresh_from_db()
        assert request.status == expected
    assert len(mail.outbox) == 3
    assert all(sorted(m.to) == sorted([tenant.email, second_signatory.email]) for m in mail.outbox)
    assert "03/12/2026" in mail.outbox[1].body
    assert "Résolue" in mail.outbox[2].subject or "résolue" in mail.outbox[2].subject


@pytest.mark.parametrize(
    ("status", "transition"),
    [
        (RequestStatus.SENT, "resolve"),
        (RequestStatus.SENT, "close"),
        (RequestStatus.CLOSED, "take_in_charge"),
        (RequestStatus.CANCELLED, "resolve"),
        (RequestStatus.RESOLVED, "cancel"),
    ],
)
def test_an_illegal_transition_fails_and_changes_nothing(db, staff, status, transition):
    request = TenantRequestFactory(status=status)
    with pytest.raises(services.InvalidTransition):
        services.request_transition(tenant_request=request, transition=transition, author=staff)
    request.refresh_from_db()
    assert request.status == status
    assert not request.events.exists()


def test_planning_needs_a_date(db, staff):
    request = TenantRequestFactory(status=RequestStatus.IN_PROGRESS)
    with pytest.raises(services.ValidationError):
        services.request_transition(tenant_request=request, transition="plan_intervention", author=staff)


def test_taking_in_charge_twice_records_one_change_and_one_email(db, staff, django_capture_on_commit_callbacks):
    tenant = TenantUserFactory()
    request = TenantRequestFactory(lease=tenant.signatory.lease)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_transition(tenant_request=request, transition="take_in_charge", author=staff)
        services.request_transition(tenant_request=request, transition="take_in_charge", author=staff)
    assert request.events.filter(kind=EventKind.STATUS_CHANGE).count() == 1
    assert len(mail.outbox) == 1


def test_an_internal_note_never_emails_tenants_but_a_reply_does(db, staff, django_capture_on_commit_callbacks):
    tenant = TenantUserFactory()
    request = TenantRequestFactory(lease=tenant.signatory.lease)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_reply(tenant_request=request, author=staff, text="Voir avec le plombier lundi.", internal=True)
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        services.request_reply(tenant_request=request, author=staff, text="Le plombier passera lundi.", internal=False)
    assert len(mail.outbox) == 1
    assert "Le plombier passera lundi." in mail.outbox[0].body
    assert "Voir avec le plombier" not in mail.outbox[0].body


def test_a_complement_while_waiting_sends_the_request_back_to_staff(tenant, db):
    request = TenantRequestFactory(lease=tenant.signatory.lease, status=RequestStatus.WAITING_TENANT)
    services.request_complement_add(
        tenant_request=request, author=tenant, text="Voici la photo.", form_token=uuid.uuid4()
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.IN_PROGRESS


def test_rating_closes_a_resolved_request(tenant, db):
    request = TenantRequestFactory(
        lease=tenant.signatory.lease, status=RequestStatus.RESOLVED, resolved_at=timezone.now()
    )
    services.request_rate(tenant_request=request, author=tenant, rating=4, comment="Rapide.")
    request.refresh_from_db()
    assert (request.status, request.rating, request.rating_comment) == (RequestStatus.CLOSED, 4, "Rapide.")


def test_not_fixed_reopens_within_15_days_only(tenant, db):
    recent = TenantRequestFactory(
        lease=tenant.signatory.lease, status=RequestStatus.RESOLVED, resolved_at=timezone.now() - timedelta(days=14)
    )
    services.request_reopen(tenant_request=recent, author=tenant, text="Ça fuit encore.")
    recent.refresh_from_db()
    assert recent.status == RequestStatus.IN_PROGRESS

    old = TenantRequestFactory(
        lease=tenant.signatory.lease, status=RequestStatus.RESOLVED, resolved_at=timezone.now() - timedelta(days=16)
    )
    with pytest.raises(services.InvalidTransition, match="15 jours"):
        services.request_reopen(tenant_request=old, author=tenant, text="Ça fuit encore.")


def test_a_tenant_can_only_edit_a_request_not_yet_taken_in_charge(tenant, plumbing, db):
    request = TenantRequestFactory(lease=tenant.signatory.lease, status=RequestStatus.IN_PROGRESS)
    with pytest.raises(services.InvalidTransition):
        services.request_update(
            tenant_request=request,
            author=tenant,
            category=plumbing,
            unit=None,
            description="Autre chose",
            contact_phone="",
            contact_email=tenant.email,
            contact_slots=["mon-am"],
            form_token=uuid.uuid4(),
        )
