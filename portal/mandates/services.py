"""Every write to bank details and SEPA mandates (the services of the RIB change).

A tenant's new RIB is recorded as « en attente de validation » while the current mandate stays
active; Service client validates it (the old one is revoked in the same transaction) or refuses
it with a reason. Every change and every view of a full IBAN leaves a MandateEvent (who, when, IP);
staff decisions and full-IBAN views are also logged with Wagtail's `log()`, so that they appear in
the mandate's History tab in the admin. All of them are safe to call twice.

A mandate becoming active sends `signals.mandate_activated` (in the same transaction): billing
listens to it to record that the lease now pays by direct debit. This app never imports billing.
"""

import logging
import secrets
import uuid
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from schwifty import IBAN
from wagtail.log_actions import log

from portal.core.models import SiteSettings
from portal.core.tasks import enqueue_on_commit
from portal.leases.enums import UnitKind
from portal.leases.models import Lease

from . import crypto, signals, tasks
from . import iban as iban_rules
from .enums import MandateEventKind, MandateStatus
from .models import BankMandate, MandateEvent

logger = logging.getLogger(__name__)

FULL_IBAN_PERMISSION = "mandates.view_full_iban"
VALIDATE_PERMISSION = "mandates.validate_bankmandate"

# Actions written to Wagtail's log (the mandate's History tab); labels registered in wagtail_hooks.
LOG_VALIDATED = "mandates.validate"
LOG_REFUSED = "mandates.refuse"
LOG_FULL_IBAN_VIEWED = "mandates.view_full_iban"


def _locked_lease(lease_id: int) -> None:
    """Serialise every change to one lease's mandates (a row lock on the lease until commit)."""
    Lease.objects.select_for_update().filter(pk=lease_id).values_list("pk", flat=True).first()


def mandate_rum_new(*, lease: Lease) -> str:
    """A new mandate reference: tenant number, date, random part (35 characters at most)."""
    return f"RUM-{lease.tenant_number}-{timezone.localdate():%Y%m%d}-{secrets.token_hex(4).upper()}"[:35]


def _event(*, mandate: BankMandate | None, lease: Lease, kind: MandateEventKind, actor, ip: str | None, detail=""):
    return MandateEvent.objects.create(
        lease=lease,
        mandate=mandate,
        kind=kind,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=getattr(actor, "email", None) or str(actor or _("système")),
        ip_address=ip or None,
        detail=detail[:500],
    )


def _iban_fields(iban: IBAN) -> dict:
    return {
        "iban_encrypted": crypto.encrypt(iban.compact),
        "iban_fingerprint": crypto.fingerprint(iban.compact),
        "iban_masked": iban_rules.masked(iban.compact),
        "bank_name": (iban.bank_short_name or iban.bank_name or "")[:140],
    }


def mandate_submit(
    *,
    lease: Lease,
    signer,
    holder_name: str,
    iban: str,
    bic: str,
    rum: str,
    submission_token: uuid.UUID,
    debtor_address: str,
    signed_place: str,
    signed_at: datetime,
    ip: str | None,
) -> BankMandate:
    """Record a RIB signed by a tenant, awaiting validation; the active mandate is left as it is.

    The same signature sent twice (same `submission_token`) gives back the same mandate. A newer
    RIB replaces one still awaiting validation. Every signatory of the lease is told by e-mail.
    Raises ValidationError when the IBAN or the BIC is refused (checked again here, whatever the form did).
    """
    with transaction.atomic():
        _locked_lease(lease.pk)
        existing = BankMandate.objects.filter(submission_token=submission_token, lease=lease).first()
        if existing:
            return existing
        checked = iban_rules.iban_check(iban)
        bic = iban_rules.bic_check(bic or iban_rules.bic_for(checked), iban=checked)
        if not holder_name.strip():
            raise ValidationError(_("Indiquez le nom du titulaire du compte."))
        for previous in BankMandate.objects.select_for_update().filter(lease=lease, status=MandateStatus.PENDING):
            previous.status = MandateStatus.REPLACED
            previous.save(update_fields=["status"])
            _event(mandate=previous, lease=lease, kind=MandateEventKind.REPLACED, actor=signer, ip=ip)
        site = SiteSettings.load()
        try:
            with transaction.atomic():
                mandate = BankMandate.objects.create(
                    lease=lease,
                    status=MandateStatus.PENDING,
                    rum=rum,
                    holder_name=holder_name.strip(),
                    bic=bic,
                    debtor_address=debtor_address,
                    creditor_name=site.landlord_name,
                    creditor_address=site.postal_address,
                    creditor_id=site.sepa_creditor_id,
                    signed_by=signer,
                    signer_name=signer.get_full_name(),
                    signed_at=signed_at,
                    signed_place=signed_place,
                    signed_ip=ip or None,
                    submission_token=submission_token,
                    **_iban_fields(checked),
                )
        except IntegrityError:
            # The other click of a double click won the race (the lease lock makes this rare).
            return BankMandate.objects.get(submission_token=submission_token, lease=lease)
        _event(
            mandate=mandate,
            lease=lease,
            kind=MandateEventKind.SUBMITTED,
            actor=signer,
            ip=ip,
            detail=f"{mandate.iban_masked} / {mandate.bic}",
        )
        enqueue_on_commit(tasks.mandate_change_notify, mandate.pk)
    logger.info("Mandate %s submitted for lease %s", mandate.rum, lease.tenant_number)
    return mandate


def mandate_draft_submit(*, lease: Lease, signer, draft: dict, ip: str | None) -> BankMandate:
    """Step 3 of « Mettre à jour le RIB » (web wizard or app): record the mandate of a draft the
    tenant accepted. A draft holds holder_name, iban (encrypted), bic, rum and token."""
    return mandate_submit(
        lease=lease,
        signer=signer,
        holder_name=draft["holder_name"],
        iban=crypto.decrypt(draft["iban"]),
        bic=draft["bic"],
        rum=draft["rum"],
        submission_token=uuid.UUID(draft["token"]),
        debtor_address=lease_debtor_address(lease=lease),
        signed_place=lease.residence.city,
        signed_at=timezone.now(),
        ip=ip,
    )


def mandate_draft_preview(*, lease: Lease, signer, draft: dict) -> dict:
    """The mandate a draft of « Mettre à jour le RIB » is about to sign, as the SEPA mandate text shows it."""
    site = SiteSettings.load()
    return {
        "rum": draft["rum"],
        "holder_name": draft["holder_name"],
        "iban_masked": iban_rules.masked(crypto.decrypt(draft["iban"])),
        "bic": draft["bic"],
        "debtor_name": signer.get_full_name(),
        "debtor_address": lease_debtor_address(lease=lease),
        "creditor_name": site.landlord_name,
        "creditor_address": site.postal_address,
        "creditor_id": site.sepa_creditor_id,
        "signed_place": lease.residence.city,
        "signed_on": timezone.localdate(),
        "signer_name": "",
    }


def mandate_confirmation_failure_record(*, lease: Lease, user, ip: str | None) -> None:
    """A wrong password at the signature step: kept, as a failed RIB change is a fraud signal."""
    _event(mandate=None, lease=lease, kind=MandateEventKind.CONFIRMATION_FAILED, actor=user, ip=ip)


def _pending_for_decision(mandate_id: int, done: MandateStatus) -> tuple[BankMandate, bool]:
    mandate = BankMandate.objects.select_for_update().select_related("lease").get(pk=mandate_id)
    if mandate.status == done:
        return mandate, False
    if mandate.status != MandateStatus.PENDING:
        raise ValidationError(
            _("Ce mandat n'est plus en attente de validation (statut : %(status)s).")
            % {"status": mandate.get_status_display()}
        )
    return mandate, True


def mandate_validate(*, mandate_id: int, staff, ip: str | None) -> BankMandate:
    """Make a pending mandate the lease's active one and revoke the previous one, in one transaction."""
    with transaction.atomic():
        mandate, todo = _pending_for_decision(mandate_id, MandateStatus.ACTIVE)
        if not todo:
            return mandate
        lease = mandate.lease
        _locked_lease(lease.pk)
        now = timezone.now()
        for old in BankMandate.objects.select_for_update().filter(lease=lease, status=MandateStatus.ACTIVE):
            old.status, old.revoked_at = MandateStatus.REVOKED, now
            old.save(update_fields=["status", "revoked_at"])
            _event(mandate=old, lease=lease, kind=MandateEventKind.REVOKED, actor=staff, ip=ip, detail=mandate.rum)
        mandate.status, mandate.decided_at, mandate.decided_by = MandateStatus.ACTIVE, now, staff
        mandate.save(update_fields=["status", "decided_at", "decided_by"])
        signals.mandate_activated.send(sender=BankMandate, mandate=mandate)
        _event(mandate=mandate, lease=lease, kind=MandateEventKind.VALIDATED, actor=staff, ip=ip)
        log(instance=mandate, action=LOG_VALIDATED, user=staff)
        enqueue_on_commit(tasks.mandate_decision_notify, mandate.pk)
    logger.info("Mandate %s validated by %s", mandate.rum, staff)
    return mandate


def mandate_refuse(*, mandate_id: int, staff, reason: str, ip: str | None) -> BankMandate:
    """Refuse a pending mandate; the reason is e-mailed to the tenant who signed it."""
    if not reason.strip():
        raise ValidationError(_("Indiquez le motif du refus : il est envoyé au locataire."))
    with transaction.atomic():
        mandate, todo = _pending_for_decision(mandate_id, MandateStatus.REFUSED)
        if not todo:
            return mandate
        mandate.status, mandate.decided_at, mandate.decided_by = MandateStatus.REFUSED, timezone.now(), staff
        mandate.refusal_reason = reason.strip()
        mandate.save(update_fields=["status", "decided_at", "decided_by", "refusal_reason"])
        _event(mandate=mandate, lease=mandate.lease, kind=MandateEventKind.REFUSED, actor=staff, ip=ip, detail=reason)
        log(instance=mandate, action=LOG_REFUSED, user=staff, data={"reason": reason.strip()})
        enqueue_on_commit(tasks.mandate_decision_notify, mandate.pk)
    return mandate


def mandate_full_iban_reveal(*, mandate: BankMandate, staff, ip: str | None) -> str:
    """The full IBAN, for staff holding the dedicated permission only; each view is logged."""
    if not staff.has_perm(FULL_IBAN_PERMISSION):
        raise PermissionDenied
    with transaction.atomic():
        _event(mandate=mandate, lease=mandate.lease, kind=MandateEventKind.FULL_IBAN_VIEWED, actor=staff, ip=ip)
        log(instance=mandate, action=LOG_FULL_IBAN_VIEWED, user=staff)
    logger.info("Full IBAN of mandate %s viewed by %s from %s", mandate.rum, staff, ip)
    return iban_rules.grouped(mandate.iban)


def mandate_import(
    *, lease: Lease, holder_name: str, iban: str, bic: str, rum: str, signed_at: datetime, actor: str
) -> BankMandate:
    """An active mandate known to the management system (demo data, ERP import). Keyed on its RUM."""
    with transaction.atomic():
        _locked_lease(lease.pk)
        existing = BankMandate.objects.filter(rum=rum).first()
        if existing:
            return existing
        if BankMandate.objects.filter(lease=lease, status=MandateStatus.ACTIVE).exists():
            raise ValidationError(_("Ce bail a déjà un mandat actif."))
        checked = iban_rules.iban_check(iban)
        site = SiteSettings.load()
        mandate = BankMandate.objects.create(
            lease=lease,
            status=MandateStatus.ACTIVE,
            rum=rum,
            holder_name=holder_name,
            bic=iban_rules.bic_check(bic or iban_rules.bic_for(checked), iban=checked),
            debtor_address=lease_debtor_address(lease=lease),
            creditor_name=site.landlord_name,
            creditor_address=site.postal_address,
            creditor_id=site.sepa_creditor_id,
            signed_at=signed_at,
            decided_at=timezone.now(),
            **_iban_fields(checked),
        )
        signals.mandate_activated.send(sender=BankMandate, mandate=mandate)
        _event(mandate=mandate, lease=lease, kind=MandateEventKind.IMPORTED, actor=actor, ip=None)
    return mandate


def lease_debtor_address(*, lease: Lease) -> str:
    """The dwelling's address, as the debtor's address on the mandate."""
    unit = lease.units.filter(kind=UnitKind.DWELLING).order_by("pk").first() or lease.units.order_by("pk").first()
    if unit and unit.address:
        return unit.address
    residence = lease.residence
    return f"{residence.address}\n{residence.postcode} {residence.city}"
