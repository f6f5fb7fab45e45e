import uuid
from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from wagtail.models import ModelLogEntry

from portal.core import uploads
from portal.core.models import PendingUpload
from portal.dossier import services
from portal.dossier.enums import ChangeKind, ChangeStatus
from portal.dossier.models import Insurance
from portal.leases.models import HouseholdMember
from tests.factories import HouseholdMemberFactory

from .factories import InsuranceFactory, pdf_upload

pytestmark = pytest.mark.django_db


def _submit(tenant, kind, after, **kwargs):
    return services.change_request_submit(lease=tenant.signatory.lease, author=tenant, kind=kind, after=after, **kwargs)


def test_a_submitted_contact_change_is_applied_only_when_accepted(tenant, support_user):
    signatory = tenant.signatory
    signatory.mobile_phone = "06 11 11 11 11"
    signatory.save()
    change = _submit(
        tenant, ChangeKind.CONTACT, {"phone": "", "mobile_phone": "+33622222222", "email": "n@example.org"}
    )
    signatory.refresh_from_db()
    assert signatory.mobile_phone == "06 11 11 11 11"
    assert change.before["mobile_phone"] == "06 11 11 11 11"

    services.change_request_accept(change_request_id=change.pk, by=support_user)

    signatory.refresh_from_db()
    change.refresh_from_db()
    assert (signatory.mobile_phone, signatory.email) == ("+33622222222", "n@example.org")
    assert (change.status, change.handled_by) == (ChangeStatus.ACCEPTED, support_user)
    trail = list(ModelLogEntry.objects.for_instance(change).order_by("pk").values_list("action", "user"))
    assert trail == [("dossier.submitted", tenant.pk), ("dossier.accepted", support_user.pk)]


def test_household_add_change_and_remove_are_applied(tenant, support_user):
    lease = tenant.signatory.lease
    member = HouseholdMemberFactory(lease=lease, first_name="Léo")
    leaving = HouseholdMemberFactory(lease=lease, first_name="Zoé")
    after = {"last_name": "DUPONT", "first_name": "Lina", "birth_date": date(2021, 4, 1), "relationship": "child"}
    added = _submit(tenant, ChangeKind.HOUSEHOLD_ADD, after)
    changed = _submit(tenant, ChangeKind.HOUSEHOLD_CHANGE, {**after, "first_name": "Léon"}, household_member=member)
    removed = _submit(tenant, ChangeKind.HOUSEHOLD_REMOVE, {}, household_member=leaving)
    for change in (added, changed, removed):
        services.change_request_accept(change_request_id=change.pk, by=support_user)

    names = sorted(HouseholdMember.objects.filter(lease=lease).values_list("first_name", flat=True))
    assert names == ["Lina", "Léon"]


def test_another_lease_occupant_cannot_be_targeted(tenant, other_tenant):
    stranger = HouseholdMemberFactory(lease=other_tenant.signatory.lease)
    with pytest.raises(services.ChangeRequestError):
        _submit(tenant, ChangeKind.HOUSEHOLD_REMOVE, {}, household_member=stranger)


def test_accepted_insurance_becomes_the_verified_record_with_its_proof(tenant, support_user):
    upload = uploads.pending_upload_create(
        user=tenant, form_token=uuid.uuid4(), clean=uploads.clean_upload(pdf_upload())
    )
    valid_until = timezone.localdate() + timedelta(days=300)
    after = {"insurer": "MAIF", "policy_number": "X1", "valid_from": timezone.localdate(), "valid_until": valid_until}
    change = _submit(tenant, ChangeKind.INSURANCE, after, pending_upload=upload)
    assert not PendingUpload.objects.exists()
    assert not Insurance.objects.exists()

    services.change_request_accept(change_request_id=change.pk, by=support_user)

    insurance = Insurance.objects.get(lease=tenant.signatory.lease)
    assert (insurance.policy_number, insurance.valid_until, insurance.verified_by) == ("X1", valid_until, support_user)
    with insurance.certificate.open("rb") as certificate:
        assert certificate.read().startswith(b"%PDF")


def test_insurance_without_proof_is_refused(tenant):
    with pytest.raises(services.ChangeRequestError):
        _submit(tenant, ChangeKind.INSURANCE, {"insurer": "MAIF"})


def test_accept_and_refuse_are_safe_to_call_twice(tenant, support_user, django_capture_on_commit_callbacks):
    InsuranceFactory(lease=tenant.signatory.lease)
    member = HouseholdMemberFactory(lease=tenant.signatory.lease)
    removal = _submit(tenant, ChangeKind.HOUSEHOLD_REMOVE, {}, household_member=member)
    services.change_request_accept(change_request_id=removal.pk, by=support_user)
    services.change_request_accept(change_request_id=removal.pk, by=support_user)
    with django_capture_on_commit_callbacks(execute=True):
        refused = services.change_request_refuse(change_request_id=removal.pk, by=support_user, reason="Non")
    assert refused.status == ChangeStatus.ACCEPTED
    assert mail.outbox == []
    assert ModelLogEntry.objects.for_instance(removal).filter(action="dossier.accepted").count() == 1

    other = _submit(tenant, ChangeKind.CONTACT, {"phone": "+33466000000", "mobile_phone": "", "email": ""})
    with django_capture_on_commit_callbacks(execute=True):
        services.change_request_refuse(change_request_id=other.pk, by=support_user, reason="Numéro injoignable.")
        services.change_request_refuse(change_request_id=other.pk, by=support_user, reason="Encore")
    services.change_request_accept(change_request_id=other.pk, by=support_user)

    other.refresh_from_db()
    assert (other.status, other.reason) == (ChangeStatus.REFUSED, "Numéro injoignable.")
    assert tenant.signatory.phone == ""
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [tenant.email]
    assert "Numéro injoignable." in message.body
    assert "http://testserver/espace/dossier/" in message.body


def test_a_change_whose_occupant_left_meanwhile_is_not_applied(tenant, support_user):
    member = HouseholdMemberFactory(lease=tenant.signatory.lease)
    after = {"last_name": "X", "first_name": "Y", "birth_date": "2020-01-01", "relationship": "child"}
    change = _submit(tenant, ChangeKind.HOUSEHOLD_CHANGE, after, household_member=member)
    member.delete()
    with pytest.raises(services.ChangeRequestError):
        services.change_request_accept(change_request_id=change.pk, by=support_user)
    change.refresh_from_db()
    assert change.status == ChangeStatus.PENDING


def test_a_double_click_on_valider_creates_one_request(tenant):
    after = {"phone": "+33466000000", "mobile_phone": "", "email": ""}
    assert _submit(tenant, ChangeKind.CONTACT, after) == _submit(tenant, ChangeKind.CONTACT, after)
