"""Every write on requests: creation, tenant follow-ups, staff processing and the status machine.

Each function runs in a transaction, leaves a `RequestEvent` (who, when, what) and e-mails the
tenants through a django-q2 task once the transaction is committed.
"""

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from portal.core import uploads
from portal.core.tasks import enqueue_on_commit
from portal.leases.models import Lease, Unit

from . import tasks
from .enums import OPEN_STATUSES, EventKind, RequestStatus
from .models import (
    Attachment,
    RequestCategory,
    RequestEvent,
    RequestReferenceCounter,
    TenantRequest,
)

REOPEN_DELAY = timedelta(days=15)


class InvalidTransition(ValidationError):
    """A status change the request's current status does not allow."""


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[str, ...]
    target: str
    label: str
    notify_tenants: bool = True


S = RequestStatus
TRANSITIONS = {
    t.name: t
    for t in (
        Transition("take_in_charge", (S.SENT,), S.IN_PROGRESS, "Prendre en charge"),
        Transition("ask_tenant", (S.IN_PROGRESS, S.PLANNED), S.WAITING_TENANT, "Attendre la réponse du locataire"),
        Transition("resume", (S.WAITING_TENANT,), S.IN_PROGRESS, "Reprendre le traitement"),
        Transition(
            "plan_intervention", (S.IN_PROGRESS, S.WAITING_TENANT, S.PLANNED), S.PLANNED, "Planifier une intervention"
        ),
        Transition("resolve", (S.IN_PROGRESS, S.WAITING_TENANT, S.PLANNED), S.RESOLVED, "Marquer comme résolue"),
        Transition("close", (S.RESOLVED,), S.CLOSED, "Clôturer"),
        Transition("cancel", (S.SENT, S.IN_PROGRESS, S.WAITING_TENANT, S.PLANNED), S.CANCELLED, "Annuler"),
        Transition("reopen", (S.RESOLVED,), S.IN_PROGRESS, "Rouvrir (ce n'est pas réparé)"),
    )
}
STAFF_TRANSITIONS = ("take_in_charge", "ask_tenant", "resume", "plan_intervention", "resolve", "close", "cancel")


def staff_transitions_for(tenant_request: TenantRequest) -> list[Transition]:
    return [TRANSITIONS[name] for name in STAFF_TRANSITIONS if tenant_request.status in TRANSITIONS[name].sources]


def _next_reference(year: int) -> str:
    # The counter row is updated in the caller's transaction: a concurrent creation waits for the
    # row lock, so two requests never share a number.
    RequestReferenceCounter.objects.get_or_create(year=year)
    RequestReferenceCounter.objects.filter(year=year).update(last_number=F("last_number") + 1)
    number = RequestReferenceCounter.objects.select_for_update().get(year=year).last_number
    return f"D-{year}-{number:06d}"


def _attach_pending(*, tenant_request: TenantRequest, event: RequestEvent, user, form_token: uuid.UUID) -> None:
    for item in uploads.pending_uploads_take(user=user, form_token=form_token):
        Attachment.objects.create(
            request=tenant_request,
            event=event,
            file=item.file.name,
            thumbnail=item.thumbnail.name,
            original_name=item.original_name,
            content_type=item.content_type,
            size=item.size,
        )


def _check_location(lease: Lease, unit: Unit | None) -> None:
    if unit is not None and not lease.units.filter(pk=unit.pk).exists():
        raise ValidationError(_("Ce lot ne fait pas partie de votre bail."))


def _event(tenant_request: TenantRequest, kind: str, author, **fields) -> RequestEvent:
    event = RequestEvent.objects.create(request=tenant_request, kind=kind, author=author, **fields)
    if author is not None and author.is_staff:
        # Staff work also shows in the request's History in the admin (Wagtail's log); the
        # timeline (RequestEvent) is what the tenants read, with its texts and attachments.
        log(instance=tenant_request, action=f"tenant_requests.{kind}", user=author, data={"event": event.pk})
    return event


def request_create(
    *,
    lease: Lease,
    author,
    category: RequestCategory,
    unit: Unit | None,
    description: str,
    contact_phone: str,
    contact_email: str,
    contact_slots: list[str],
    form_token: uuid.UUID,
) -> TenantRequest:
    """Save a new request with the files already uploaded under `form_token`; a replayed form gives the same request."""
    existing = TenantRequest.objects.filter(form_token=form_token, lease=lease).first()
    if existing:
        return existing
    _check_location(lease, unit)
    if not contact_slots:
        raise ValidationError(_("Choisissez au moins un créneau."))
    try:
        with transaction.atomic():
            now = timezone.now()
            tenant_request = TenantRequest.objects.create(
                reference=_next_reference(timezone.localdate().year),
                lease=lease,
                author=author,
                category=category,
                unit=unit,
                description=description,
                contact_phone=contact_phone,
                contact_email=contact_email,
                contact_slots=list(contact_slots),
                status=RequestStatus.SENT,
                status_changed_at=now,
                form_token=form_token,
            )
            event = _event(tenant_request, EventKind.CREATED, author, text=description, to_status=RequestStatus.SENT)
            _attach_pending(tenant_request=tenant_request, event=event, user=author, form_token=form_token)
            enqueue_on_commit(tasks.send_request_receipt, tenant_request.pk)
    except IntegrityError:
        # The same form was posted twice at once: the other submission won.
        existing = TenantRequest.objects.filter(form_token=form_token, lease=lease).first()
        if existing is None:
            raise
        return existing
    return tenant_request


@transaction.atomic
def request_update(
    *,
    tenant_request: TenantRequest,
    author,
    category: RequestCategory,
    unit: Unit | None,
    description: str,
    contact_phone: str,
    contact_email: str,
    contact_slots: list[str],
    form_token: uuid.UUID,
) -> TenantRequest:
    """« Modifier »: allowed while staff have not taken the request in charge."""
    tenant_request = TenantRequest.objects.select_for_update().get(pk=tenant_request.pk)
    if tenant_request.status != RequestStatus.SENT:
        raise InvalidTransition(_("Cette demande est déjà prise en charge : ajoutez plutôt un complément."))
    _check_location(tenant_request.lease, unit)
    if not contact_slots:
        raise ValidationError(_("Choisissez au moins un créneau."))
    tenant_request.category = category
    tenant_request.unit = unit
    tenant_request.description = description
    tenant_request.contact_phone = contact_phone
    tenant_request.contact_email = contact_email
    tenant_request.contact_slots = list(contact_slots)
    tenant_request.save()
    event = _event(tenant_request, EventKind.UPDATED, author, text=description)
    _attach_pending(tenant_request=tenant_request, event=event, user=author, form_token=form_token)
    return tenant_request


@transaction.atomic
def request_complement_add(*, tenant_request: TenantRequest, author, text: str, form_token: uuid.UUID) -> RequestEvent:
    """« Ajouter un complément d'information »: text and files from the tenant."""
    tenant_request = TenantRequest.objects.select_for_update().get(pk=tenant_request.pk)
    if tenant_request.status not in OPEN_STATUSES:
        raise InvalidTransition(_("Cette demande est terminée : créez une nouvelle demande."))
    event = _event(tenant_request, EventKind.COMPLEMENT, author, text=text)
    _attach_pending(tenant_request=tenant_request, event=event, user=author, form_token=form_token)
    if tenant_request.status == RequestStatus.WAITING_TENANT:
        # The tenant has answered: the request goes back to staff.
        _apply_transition(tenant_request, TRANSITIONS["resume"], author=author, notify=False)
    tenant_request.save(update_fields=["updated_at"])
    return event


def _apply_transition(
    tenant_request: TenantRequest,
    transition: Transition,
    *,
    author,
    notify: bool,
    text: str = "",
    intervention_date=None,
) -> RequestEvent | None:
    if tenant_request.status == transition.target and transition.name != "plan_intervention":
        return None  # already done: calling twice changes nothing
    if tenant_request.status not in transition.sources:
        raise InvalidTransition(
            _("Impossible de passer de « %(from)s » à « %(to)s ».")
            % {"from": tenant_request.get_status_display(), "to": RequestStatus(transition.target).label}
        )
    if transition.name == "plan_intervention":
        if intervention_date is None:
            raise ValidationError(_("Indiquez la date de l'intervention."))
        if tenant_request.status == transition.target and tenant_request.intervention_date == intervention_date:
            return None
        tenant_request.intervention_date = intervention_date
    now = timezone.now()
    previous = tenant_request.status
    tenant_request.status = transition.target
    tenant_request.status_changed_at = now
    if transition.target == RequestStatus.RESOLVED:
        tenant_request.resolved_at = now
    tenant_request.save()
    event = _event(
        tenant_request,
        EventKind.STATUS_CHANGE,
        author,
        text=text,
        from_status=previous,
        to_status=transition.target,
        intervention_date=tenant_request.intervention_date if transition.target == RequestStatus.PLANNED else None,
    )
    if notify and transition.notify_tenants:
        enqueue_on_commit(tasks.send_request_update, event.pk)
    return event


@transaction.atomic
def request_transition(
    *, tenant_request: TenantRequest, transition: str, author, text: str = "", intervention_date: date | None = None
) -> RequestEvent | None:
    """Staff move a request along its statuses and the lease's tenants are e-mailed.

    A move the current status does not allow raises InvalidTransition.
    """
    if transition not in TRANSITIONS:
        raise InvalidTransition(_("Changement de statut inconnu."))
    tenant_request = TenantRequest.objects.select_for_update().get(pk=tenant_request.pk)
    return _apply_transition(
        tenant_request,
        TRANSITIONS[transition],
        author=author,
        notify=True,
        text=text,
        intervention_date=intervention_date,
    )


@transaction.atomic
def request_cancel(*, tenant_request: TenantRequest, author) -> RequestEvent | None:
    """« Annuler la demande » by the tenant."""
    tenant_request = TenantRequest.objects.select_for_update().get(pk=tenant_request.pk)
    return _apply_transition(tenant_request, TRANSITIONS["cancel"], author=author, notify=False)


@transaction.atomic
def request_reopen(*, tenant_request: TenantRequest, author, text: str) -> RequestEvent | None:
    """« Ce n'est pas réparé »: within 15 days of the resolution the request goes back to staff."""
    tenant_request = TenantRequest.objects.select_for_update().get(pk=tenant_request.pk)
    if tenant_request.status == RequestStatus.RESOLVED and not request_can_reopen(tenant_request=tenant_request):
        raise InvalidTransition(_("Le délai de 15 jours est passé : créez une nouvelle demande."))
    return _apply_transition(tenant_request, TRANSITIONS["reopen"], author=author, notify=False, text=text)


def request_can_reopen(*, tenant_request: TenantRequest) -> bool:
    return (
        tenant_request.status == RequestStatus.RESOLVED
        and tenant_request.resolved_at is not None
        and timezone.now() - tenant_request.resolved_at <= REOPEN_DELAY
    )


@transaction.atomic
def request_rate(*, tenant_request: TenantRequest, author, rating: int, comment: str) -> RequestEvent:
    """The tenant rates a resolved request (1 to 5); this closes it."""
    tenant_request = TenantRequest.objects.select_for_update().get(pk=tenant_request.pk)
    if tenant_request.status != RequestStatus.RESOLVED:
        raise InvalidTransition(_("Seule une demande résolue peut être notée."))
    if not 1 <= rating <= 5:
        raise ValidationError(_("La note va de 1 à 5."))
    tenant_request.rating = rating
    tenant_request.rating_comment = comment
    tenant_request.save(update_fields=["rating", "rating_comment"])
    event = _event(tenant_request, EventKind.RATING, author, text=comment, rating=rating)
    _apply_transition(tenant_request, TRANSITIONS["close"], author=author, notify=False)
    return event


@transaction.atomic
def request_reply(*, tenant_request: TenantRequest, author, text: str, internal: bool) -> RequestEvent:
    """A staff reply (e-mailed to the tenants) or an internal note (never shown to them)."""
    event = _event(tenant_request, EventKind.INTERNAL_NOTE if internal else EventKind.STAFF_REPLY, author, text=text)
    if not internal:
        tenant_request.save(update_fields=["updated_at"])
        enqueue_on_commit(tasks.send_request_update, event.pk)
    return event


@transaction.atomic
def request_assign(*, tenant_request: TenantRequest, author, assignee) -> RequestEvent | None:
    tenant_request = TenantRequest.objects.select_for_update().get(pk=tenant_request.pk)
    if tenant_request.assigned_to_id == (assignee.pk if assignee else None):
        return None
    tenant_request.assigned_to = assignee
    tenant_request.save(update_fields=["assigned_to"])
    label = assignee.get_full_name() if assignee else _("personne")
    return _event(tenant_request, EventKind.ASSIGNMENT, author, text=_("Attribuée à %(name)s") % {"name": label})
