"""Every write of the surveys: launch, the tenant's answer, staff follow-up, e-mails sent once, purge.

Each state change runs in a transaction, leaves a ResponseEvent (who, when, what) and is safe to
call twice. E-mails and the acknowledgement PDF leave through django-q2 tasks after the commit.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from portal.accounts.models import User
from portal.core.tasks import enqueue_on_commit
from portal.core.uploads import CleanFile, stored_file_delete, stored_file_write
from portal.documents.enums import DocumentKind, DocumentSource
from portal.documents.services import document_store
from portal.leases.models import Lease

from . import notifications, selectors, tasks
from .enums import REMINDER_DAYS, CampaignScope, EventKind, NoticeKind, OccupantLink, ResponseStatus
from .models import Campaign, CampaignNotice, Occupant, Response, ResponseEvent, TaxDocument, TaxDocumentView, TaxNotice
from .pdfs import acknowledgement_pdf

MAX_TAX_DOCUMENTS = 10


class SurveyError(ValidationError):
    """An action the response's or the campaign's state does not allow (message in French)."""


# ---- campaigns ----------------------------------------------------------------------------------


def campaign_leases(*, campaign: Campaign) -> QuerySet[Lease]:
    """The leases a campaign surveys: those in force when it opens, within its scope."""
    leases = Lease.objects.filter(Q(end_date__isnull=True) | Q(end_date__gte=campaign.opens_on))
    if campaign.scope == CampaignScope.RESIDENCES:
        leases = leases.filter(residence__in=campaign.residences.all())
    elif campaign.scope == CampaignScope.AGENCIES:
        leases = leases.filter(residence__agency__in=campaign.agencies.all())
    elif campaign.scope == CampaignScope.LIST:
        leases = leases.filter(pk__in=campaign.listed_leases.all())
    return leases.order_by("tenant_number")


def campaign_launch(*, campaign: Campaign, by) -> int:
    """Open the campaign: one Response per surveyed lease, then an e-mail to each signatory's account.

    Returns the number of responses created. Launching again creates none and sends nothing new.
    """
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.launched_at is not None:
            return 0
        responses = Response.objects.bulk_create(
            [Response(campaign=campaign, lease=lease) for lease in campaign_leases(campaign=campaign)],
            ignore_conflicts=True,
        )
        if not responses:
            raise SurveyError(_("Aucun bail n'est concerné par cette enquête : vérifiez les baux enquêtés."))
        campaign.launched_at = timezone.now()
        campaign.launched_by = by
        campaign.save(update_fields=["launched_at", "launched_by"])
        log(instance=campaign, action="surveys.launched", user=by, data={"responses": len(responses)})
        enqueue_on_commit(tasks.campaign_notices_send, campaign.pk, NoticeKind.LAUNCH.value)
    return len(responses)


def _notice_recipients(*, campaign: Campaign, kind: NoticeKind) -> QuerySet[User]:
    responses = campaign.responses.all()
    if kind != NoticeKind.LAUNCH:
        responses = responses.filter(status__in=(ResponseStatus.NOT_STARTED, ResponseStatus.IN_PROGRESS))
    return (
        User.objects.filter(is_active=True, signatory__lease__survey_responses__in=responses)
        .select_related("signatory__lease")
        .order_by("pk")
    )


def campaign_notices_send(*, campaign_id: int, kind: NoticeKind) -> int:
    """E-mail each recipient of this kind of notice once: the launch to every signatory with an account,
    a reminder to those of leases that have not answered. Returns the number sent by this call."""
    campaign = Campaign.objects.get(pk=campaign_id)
    if campaign.launched_at is None:
        return 0
    sent = 0
    for user in _notice_recipients(campaign=campaign, kind=kind):
        try:
            # Recorded and sent together: a failed send rolls the record back, so a retry sends it.
            with transaction.atomic():
                CampaignNotice.objects.create(campaign=campaign, kind=kind, user=user)
                notifications.campaign_notice_send(campaign=campaign, kind=kind, user=user)
        except IntegrityError:
            continue
        sent += 1
    return sent


def survey_reminders_send(*, today: date | None = None) -> int:
    """The reminders due: from 15 days (and 1 day) before the close until the close, each sent once."""
    today = today or timezone.localdate()
    sent = 0
    for campaign in Campaign.objects.filter(launched_at__isnull=False, closes_on__gte=today):
        for kind, days in REMINDER_DAYS.items():
            if campaign.closes_on - timedelta(days=days) <= today:
                sent += campaign_notices_send(campaign_id=campaign.pk, kind=kind)
    return sent


def tax_documents_purge(*, today: date | None = None) -> int:
    """Delete the avis d'imposition files of campaigns closed for SURVEY_TAX_DOCUMENTS_RETENTION_DAYS.

    The declared amounts and the log of who viewed a file stay. Returns the number of files deleted.
    """
    today = today or timezone.localdate()
    limit = today - timedelta(days=settings.SURVEY_TAX_DOCUMENTS_RETENTION_DAYS)
    deleted = 0
    for campaign in Campaign.objects.filter(closes_on__lt=limit, documents_purged_at__isnull=True):
        with transaction.atomic():
            documents = list(TaxDocument.objects.select_for_update().filter(response__campaign=campaign))
            for document in documents:
                stored_file_delete(document)
                document.delete()
            deleted += len(documents)
            Campaign.objects.filter(pk=campaign.pk).update(documents_purged_at=timezone.now())
    return deleted


# ---- the tenant's answer ------------------------------------------------------------------------


@dataclass(frozen=True)
class OccupantData:
    last_name: str
    first_name: str
    birth_date: date
    link: str
    situation: str
    mobility_card: bool
    signatory_id: int | None = None
    household_member_id: int | None = None


@dataclass(frozen=True)
class TaxNoticeData:
    declarants: str
    reference_income: int


def _editable(response_id: int) -> Response:
    response = Response.objects.select_for_update(of=("self",)).select_related("campaign", "lease").get(pk=response_id)
    if not response.is_editable:
        raise SurveyError(_("Cette réponse est déjà envoyée : elle ne peut plus être modifiée."))
    if response.campaign.launched_at is None:
        raise SurveyError(_("Cette enquête n'est pas encore ouverte."))
    return response


def _touch(response: Response, user) -> None:
    response.updated_by = user
    if response.status == ResponseStatus.NOT_STARTED:
        response.status = ResponseStatus.IN_PROGRESS
        ResponseEvent.objects.create(response=response, kind=EventKind.SAVED, author=user)


@transaction.atomic
def response_household_save(*, response: Response, user, occupants: list[OccupantData]) -> Response:
    """Replace the declared household (the people living in the home on 1 January)."""
    response = _editable(response.pk)
    if not occupants:
        raise SurveyError(_("Déclarez au moins une personne vivant dans le logement."))
    if not any(o.link == OccupantLink.SIGNATORY for o in occupants):
        raise SurveyError(_("Au moins un signataire du bail doit vivre dans le logement."))
    # Links to the lease's records come from hidden fields: keep only those of this lease.
    signatories = set(response.lease.signatories.values_list("pk", flat=True))
    members = set(response.lease.household_members.values_list("pk", flat=True))
    response.occupants.all().delete()
    Occupant.objects.bulk_create(
        [
            Occupant(
                response=response,
                position=position,
                **{
                    **vars(data),
                    "signatory_id": data.signatory_id if data.signatory_id in signatories else None,
                    "household_member_id": data.household_member_id if data.household_member_id in members else None,
                },
            )
            for position, data in enumerate(occupants)
        ]
    )
    response.household_confirmed = True
    _touch(response, user)
    response.save()
    return response


@transaction.atomic
def response_resources_save(*, response: Response, user, notices: list[TaxNoticeData]) -> Response:
    """Replace the avis d'imposition declared (one per tax household) and their revenus fiscaux de référence."""
    response = _editable(response.pk)
    if not notices:
        raise SurveyError(_("Déclarez au moins un avis d'imposition."))
    response.tax_notices.all().delete()
    TaxNotice.objects.bulk_create(
        [TaxNotice(response=response, position=position, **vars(data)) for position, data in enumerate(notices)]
    )
    response.resources_confirmed = True
    _touch(response, user)
    response.save()
    return response


@transaction.atomic
def tax_document_add(*, response: Response, user, clean: CleanFile) -> TaxDocument:
    """Keep a checked file at once, even when the rest of the form is refused, so nothing is lost."""
    response = _editable(response.pk)
    if response.tax_documents.count() >= MAX_TAX_DOCUMENTS:
        raise SurveyError(
            _("%(count)s fichiers au plus : retirez-en un pour en joindre un autre.") % {"count": MAX_TAX_DOCUMENTS}
        )
    document = TaxDocument(response=response, uploaded_by=user)
    stored_file_write(document, clean)
    document.save()
    _touch(response, user)
    response.save()
    return document


@transaction.atomic
def tax_documents_remove(*, response: Response, user, document_ids: list[int]) -> int:
    response = _editable(response.pk)
    documents = list(response.tax_documents.filter(pk__in=document_ids))
    for document in documents:
        stored_file_delete(document)
        document.delete()
    return len(documents)


def response_submit(*, response: Response, user, complement_answer: str = "") -> ResponseEvent:
    """Send the answer with the sworn statement; an acknowledgement PDF follows in « Mes documents »."""
    with transaction.atomic():
        response = _editable(response.pk)
        missing = selectors.response_missing(response=response)
        if missing:
            raise SurveyError(_("Il manque encore : %(missing)s.") % {"missing": ", ".join(missing)})
        was_incomplete = response.status == ResponseStatus.INCOMPLETE
        if was_incomplete and not complement_answer.strip():
            raise SurveyError(_("Répondez à la demande de complément avant d'envoyer."))
        now = timezone.now()
        response.status = ResponseStatus.SUBMITTED
        response.submitted_at = now
        response.submitted_by = user
        response.updated_by = user
        if was_incomplete:
            response.complement_answer = complement_answer.strip()
        response.save()
        event = ResponseEvent.objects.create(
            response=response, kind=EventKind.SUBMITTED, author=user, text=complement_answer.strip()
        )
        enqueue_on_commit(tasks.response_acknowledgement_issue, event.pk)
    return event


def response_acknowledgement_issue(*, event_id: int) -> ResponseEvent:
    """File the accusé de réception of a submission in « Mes documents » and e-mail it, once per submission."""
    with transaction.atomic():
        event = (
            ResponseEvent.objects.select_for_update(of=("self",))
            .select_related("response__campaign", "response__lease", "author")
            .get(pk=event_id, kind=EventKind.SUBMITTED)
        )
        if event.acknowledgement_id:
            return event
        response = event.response
        received_at = timezone.localtime(event.created_at)
        content = acknowledgement_pdf(response=response, event=event)
        document, _created = document_store(
            lease=response.lease,
            kind=DocumentKind.SURVEY_ACKNOWLEDGEMENT,
            period=received_at.date().replace(day=1),
            content=content,
            source=DocumentSource.GENERATED,
            created_by="enquêtes",
            title=_("Accusé de réception – %(campaign)s (%(date)s)")
            % {"campaign": response.campaign.title, "date": f"{received_at:%d/%m/%Y}"},
            issued_at=event.created_at,
            notify=False,
        )
        event.acknowledgement = document
        event.save(update_fields=["acknowledgement"])
        notifications.acknowledgement_send(response=response, received_at=received_at, pdf=content)
    return event


# ---- staff follow-up ----------------------------------------------------------------------------


def _staff_event(response: Response, kind: EventKind, by, *, text: str = "") -> ResponseEvent:
    event = ResponseEvent.objects.create(response=response, kind=kind, author=by, text=text)
    # Also in the response's History in the admin (Wagtail's log); the events are what tenants read.
    log(instance=response, action=f"surveys.{kind.value}", user=by, data={"event": event.pk})
    return event


def _handled(response_id: int, sources: tuple[str, ...]) -> Response | None:
    response = Response.objects.select_for_update(of=("self",)).select_related("campaign", "lease").get(pk=response_id)
    return response if response.status in sources else None


def response_complement_request(*, response: Response, by, message: str) -> Response:
    """Ask the tenants for a complément: the response opens again for them, with the message."""
    message = message.strip()
    if not message:
        raise SurveyError(_("Écrivez au locataire ce qui manque : le message lui est envoyé."))
    with transaction.atomic():
        locked = _handled(response.pk, (ResponseStatus.SUBMITTED,))
        if locked is None:
            raise SurveyError(_("Seule une réponse envoyée peut faire l'objet d'une demande de complément."))
        locked.status = ResponseStatus.INCOMPLETE
        locked.complement_message = message
        locked.complement_answer = ""
        locked.save(update_fields=["status", "complement_message", "complement_answer", "updated_at"])
        _staff_event(locked, EventKind.COMPLEMENT_REQUESTED, by, text=message)
        enqueue_on_commit(tasks.complement_request_send, locked.pk)
    return locked


def response_accept(*, response: Response, by) -> Response:
    """Accept a submitted answer; accepting it twice changes nothing."""
    with transaction.atomic():
        locked = _handled(response.pk, (ResponseStatus.SUBMITTED, ResponseStatus.ACCEPTED))
        if locked is None:
            raise SurveyError(_("Seule une réponse envoyée peut être acceptée."))
        if locked.status == ResponseStatus.ACCEPTED:
            return locked
        locked.status = ResponseStatus.ACCEPTED
        locked.accepted_at = timezone.now()
        locked.accepted_by = by
        locked.save(update_fields=["status", "accepted_at", "accepted_by", "updated_at"])
        _staff_event(locked, EventKind.ACCEPTED, by)
    return locked


def tax_document_view_record(*, document: TaxDocument, viewer, ip: str) -> TaxDocumentView:
    return TaxDocumentView.objects.create(
        response_id=document.response_id,
        document=document,
        document_name=document.original_name,
        viewer=viewer,
        ip_address=ip or None,
    )


def closes_at(campaign: Campaign) -> datetime:
    """The end of the campaign's last day, when the leases without an answer are listed."""
    return timezone.make_aware(datetime.combine(campaign.closes_on + timedelta(days=1), datetime.min.time()))
