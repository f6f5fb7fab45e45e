"""Writes of the tenant file: a tenant submits a change, staff accept (apply) or refuse it.

Every function runs in a transaction, leaves an entry in Wagtail's log of the change (who, when,
what: the History of the change in the admin) and is safe to call
twice: a handled change request is never handled again, a reminder is never sent twice.
"""

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from portal.core import uploads
from portal.core.models import PendingUpload
from portal.core.tasks import enqueue_on_commit
from portal.leases.models import HouseholdMember, Lease, Signatory

from . import tasks
from .enums import ChangeKind, ChangeStatus, ReminderKind
from .fields import CONTACT_FIELDS, INSURANCE_FIELDS, MEMBER_FIELDS, value_to_json
from .models import ChangeRequest, Insurance, InsuranceReminder

REMINDER_DAYS_BEFORE = 30
# A reminder missed because the daily job did not run is still sent within this many days.
REMINDER_CATCH_UP_DAYS = 7


class ChangeRequestError(Exception):
    """A change that cannot be applied any more (e.g. the occupant was removed meanwhile)."""


def _snapshot(instance, names) -> dict:
    return {name: value_to_json(name, getattr(instance, name, "")) for name in names}


@transaction.atomic
def change_request_submit(
    *,
    lease: Lease,
    author,
    kind: str,
    after: dict,
    household_member: HouseholdMember | None = None,
    pending_upload: PendingUpload | None = None,
) -> ChangeRequest:
    """Record what the tenant asked; nothing changes in the lease records until staff accept it."""
    signatory = None
    if kind == ChangeKind.CONTACT:
        signatory = author.signatory
        if signatory.lease_id != lease.pk:
            raise ChangeRequestError(_("Ce signataire n'appartient pas à ce bail."))
        before = _snapshot(signatory, CONTACT_FIELDS)
    elif kind in (ChangeKind.HOUSEHOLD_CHANGE, ChangeKind.HOUSEHOLD_REMOVE):
        if household_member is None or household_member.lease_id != lease.pk:
            raise ChangeRequestError(_("Cet occupant n'appartient pas à ce bail."))
        before = _snapshot(household_member, MEMBER_FIELDS)
    elif kind == ChangeKind.INSURANCE:
        if pending_upload is None or pending_upload.user_id != author.pk:
            raise ChangeRequestError(_("Joignez votre attestation d'assurance."))
        current = Insurance.objects.filter(lease=lease).first()
        before = _snapshot(current, INSURANCE_FIELDS) if current else {}
    else:
        before = {}
    after = {name: value_to_json(name, value) for name, value in after.items()}
    if kind == ChangeKind.HOUSEHOLD_REMOVE:
        after = {}

    # A second click on « Valider » finds the request the first one created.
    existing = (
        ChangeRequest.objects.pending()
        .filter(lease=lease, author=author, kind=kind, household_member=household_member, payload__after=after)
        .first()
    )
    if existing and kind != ChangeKind.INSURANCE:
        return existing

    change_request = ChangeRequest.objects.create(
        lease=lease,
        kind=kind,
        signatory=signatory,
        household_member=household_member if kind != ChangeKind.HOUSEHOLD_ADD else None,
        payload={"before": before, "after": after},
        author=author,
    )
    if pending_upload is not None:
        # The file stays where it is; the change request takes it over from the pending upload.
        change_request.certificate.name = pending_upload.file.name
        change_request.certificate_name = pending_upload.original_name
        change_request.certificate_content_type = pending_upload.content_type
        change_request.save(update_fields=["certificate", "certificate_name", "certificate_content_type"])
        uploads.pending_uploads_take(user=author, form_token=pending_upload.form_token)
    log(instance=change_request, action="dossier.submitted", user=author, data={"after": after})
    return change_request


def _locked_pending(change_request_id: int) -> ChangeRequest | None:
    change_request = ChangeRequest.objects.select_for_update().get(pk=change_request_id)
    return change_request if change_request.status == ChangeStatus.PENDING else None


@transaction.atomic
def change_request_accept(*, change_request_id: int, by) -> ChangeRequest:
    """Apply the change to the lease records; a request already handled is left as it is."""
    change_request = _locked_pending(change_request_id)
    if change_request is None:
        return ChangeRequest.objects.get(pk=change_request_id)
    after = change_request.after
    kind = change_request.kind
    now = timezone.now()
    if kind == ChangeKind.CONTACT:
        signatory = Signatory.objects.select_for_update().get(pk=change_request.signatory_id)
        for name in CONTACT_FIELDS:
            setattr(signatory, name, after.get(name, ""))
        signatory.save(update_fields=list(CONTACT_FIELDS))
    elif kind == ChangeKind.HOUSEHOLD_ADD:
        member = HouseholdMember.objects.create(lease_id=change_request.lease_id, **_member_values(after))
        change_request.household_member = member
    elif kind == ChangeKind.HOUSEHOLD_CHANGE:
        member = _member_or_error(change_request)
        for name, value in _member_values(after).items():
            setattr(member, name, value)
        member.save()
    elif kind == ChangeKind.HOUSEHOLD_REMOVE:
        _member_or_error(change_request).delete()
        change_request.household_member = None
    elif kind == ChangeKind.INSURANCE:
        Insurance.objects.update_or_create(
            lease_id=change_request.lease_id,
            defaults={
                "insurer": after["insurer"],
                "policy_number": after["policy_number"],
                "valid_from": date.fromisoformat(after["valid_from"]),
                "valid_until": date.fromisoformat(after["valid_until"]),
                "certificate": change_request.certificate.name,
                "certificate_content_type": change_request.certificate_content_type,
                "verified_at": now,
                "verified_by": by,
            },
        )
    change_request.status = ChangeStatus.ACCEPTED
    change_request.handled_by = by
    change_request.handled_at = now
    change_request.save(update_fields=["status", "handled_by", "handled_at", "household_member"])
    log(
        instance=change_request,
        action="dossier.accepted",
        user=by,
        data={"before": change_request.before, "after": after},
    )
    return change_request


@transaction.atomic
def change_request_refuse(*, change_request_id: int, by, reason: str) -> ChangeRequest:
    """Refuse with a reason, e-mailed to the tenant; a request already handled is left as it is."""
    reason = reason.strip()
    if not reason:
        raise ChangeRequestError(_("Indiquez le motif du refus : il est envoyé au locataire."))
    change_request = _locked_pending(change_request_id)
    if change_request is None:
        return ChangeRequest.objects.get(pk=change_request_id)
    change_request.status = ChangeStatus.REFUSED
    change_request.reason = reason
    change_request.handled_by = by
    change_request.handled_at = timezone.now()
    change_request.save(update_fields=["status", "reason", "handled_by", "handled_at"])
    log(instance=change_request, action="dossier.refused", user=by, data={"reason": reason})
    enqueue_on_commit(tasks.change_request_refusal_email_send, change_request.pk)
    return change_request


def _member_values(after: dict) -> dict:
    return {
        "last_name": after["last_name"],
        "first_name": after["first_name"],
        "birth_date": date.fromisoformat(after["birth_date"]),
        "relationship": after["relationship"],
    }


def _member_or_error(change_request: ChangeRequest) -> HouseholdMember:
    member = change_request.household_member
    if member is None:
        raise ChangeRequestError(_("Cet occupant ne figure plus au dossier : refusez la demande en l'expliquant."))
    return member


def insurance_reminders_send(*, today: date | None = None) -> int:
    """Record and queue the reminders due today (30 days before the end, and on the day): each only once."""
    today = today or timezone.localdate()
    due = {
        ReminderKind.BEFORE_EXPIRY: (today + timedelta(days=1), today + timedelta(days=REMINDER_DAYS_BEFORE)),
        ReminderKind.EXPIRY_DAY: (today - timedelta(days=REMINDER_CATCH_UP_DAYS), today),
    }
    queued = 0
    for kind, (start, end) in due.items():
        already_sent = InsuranceReminder.objects.filter(
            insurance=OuterRef("pk"), kind=kind, valid_until=OuterRef("valid_until")
        )
        insurances = Insurance.objects.filter(valid_until__range=(start, end)).exclude(Exists(already_sent))
        for insurance in insurances:
            try:
                with transaction.atomic():
                    reminder = InsuranceReminder.objects.create(
                        insurance=insurance, kind=kind, valid_until=insurance.valid_until
                    )
                    enqueue_on_commit(tasks.insurance_reminder_email_send, reminder.pk, today.isoformat())
            except IntegrityError:
                # Another run recorded this very reminder first: it is sent by that run.
                continue
            queued += 1
    return queued
