"""Every change to a login: sign-up and its confirmation, access changes, unsubscribe.

E-mails are queued after the transaction (django-q2), so a slow mail server never holds a
request or a database lock.
"""

import enum
import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from axes.utils import reset as axes_reset
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from portal.core.tasks import enqueue_on_commit
from portal.core.uploads import pending_uploads_delete
from portal.leases.models import Lease, Signatory

from . import selectors, signup_codes, tasks, throttling
from .enums import AccountEventKind
from .models import AccountEvent, Device, User
from .tokens import EMAIL_CHANGE_SALT, NOT_ME_SALT, SIGNUP_SALT, UNLOCK_SALT, LinkExpired, LinkInvalid, token_read


class SignupOutcome(enum.Enum):
    # ACCEPTED is also the answer when the address belongs to another login: the page a visitor
    # sees must not tell whether an address is known.
    ACCEPTED = "accepted"
    NO_MATCH = "no_match"
    THROTTLED = "throttled"
    # Another sign-up for this signatory waits for confirmation: it is kept, its author is told.
    PENDING_KEPT = "pending_kept"
    # The signatory's login was suspended by « ce n'était pas moi »: support sorts it out.
    SUSPENDED = "suspended"


def login_unlock(*, token: str, client_ip: str) -> str | None:
    """Follow a slow-down e-mail's link (once): the identifiant it lifts the slow-down for, or None.

    Its owner's own lock from this address (django-axes) is lifted with it.
    """
    try:
        payload = token_read(token, salt=UNLOCK_SALT, max_age=settings.LOGIN_UNLOCK_LINK_MAX_AGE)
    except (LinkExpired, LinkInvalid):
        return None
    user = User.objects.filter(pk=payload["u"], email__iexact=payload["e"], is_active=True).first()
    if user is None or not throttling.unlock_link_use(nonce=payload["n"]):
        return None
    axes_reset(ip=client_ip, username=user.email.lower())
    _event(kind=AccountEventKind.LOGIN_UNLOCKED, email=user.email, user=user, lease_id=_lease_id(user))
    return user.email.lower()


class LinkOutcome(enum.Enum):
    DONE = "done"
    ALREADY_DONE = "already_done"
    EXPIRED = "expired"
    INVALID = "invalid"
    ADDRESS_TAKEN = "address_taken"


def _event(*, kind: str, email: str, user: User | None = None, lease_id: int | None = None, detail: str = "") -> None:
    AccountEvent.objects.create(kind=kind, email=email, user=user, lease_id=lease_id, detail=detail[:255])


def _lease_id(user: User) -> int | None:
    return user.signatory.lease_id if user.signatory_id else None


def account_sign_up(
    *,
    tenant_number: str,
    last_name: str,
    first_name: str,
    birth_date: date,
    email: str,
    password: str,
    client_ip: str,
    signup_code: str = "",
) -> SignupOutcome:
    """Create an inactive login for the signatory these details describe and send the confirmation link.

    In the mode renforcé (SiteSettings.signup_code_required) the signatory's personal code must
    match too, and it serves once."""
    tenant_key = selectors.tenant_number_normalize(tenant_number)
    if throttling.signup_blocked(tenant_number=tenant_key, client_ip=client_ip):
        return SignupOutcome.THROTTLED
    signatory = selectors.signatory_for_signup(
        tenant_number=tenant_number, last_name=last_name, first_name=first_name, birth_date=birth_date
    )
    code_required = signup_codes.signup_code_required()
    if signatory is None or (
        code_required and not signup_codes.signup_code_matches(signatory_id=signatory.pk, code=signup_code)
    ):
        throttling.signup_failure_record(tenant_number=tenant_key, client_ip=client_ip)
        return SignupOutcome.NO_MATCH

    email = email.strip().lower()
    with transaction.atomic():
        signatory = Signatory.objects.select_for_update().get(pk=signatory.pk)
        pending = User.objects.filter(signatory=signatory).first()
        if pending is not None and pending.is_active:  # confirmed meanwhile by a parallel request
            return SignupOutcome.NO_MATCH
        if pending is not None and pending.suspended_at is not None:
            return SignupOutcome.SUSPENDED
        kept = pending if pending is not None and not _pending_expired(pending) else None
        if kept is None:
            owner = selectors.user_by_email(email=email)
            if owner is not None and owner != pending:
                _event(
                    kind=AccountEventKind.SIGNUP_REQUESTED,
                    email=email,
                    lease_id=signatory.lease_id,
                    detail="adresse déjà utilisée",
                )
                address_taken = True
            else:
                address_taken = False
                # A login whose link expired unconfirmed is replaced: its link (tied to its id) stops working.
                if pending is not None:
                    pending.delete()
                user = User.objects.create_user(
                    email,
                    password,
                    first_name=signatory.first_name,
                    last_name=signatory.last_name,
                    signatory=signatory,
                    is_active=False,
                )
                if code_required:
                    signup_codes.signup_code_use(signatory_id=signatory.pk)
                _event(kind=AccountEventKind.SIGNUP_REQUESTED, email=email, user=user, lease_id=signatory.lease_id)
    if kept is not None:
        return _pending_kept(pending=kept, email=email, client_ip=client_ip)
    if address_taken:
        enqueue_on_commit(tasks.send_signup_address_taken, email)
    else:
        enqueue_on_commit(tasks.send_signup_confirmation, user.pk)
        enqueue_on_commit(tasks.send_new_account_notices, user.pk)
    return SignupOutcome.ACCEPTED


def _pending_expired(pending: User) -> bool:
    return pending.date_joined < timezone.now() - timedelta(seconds=settings.ACCOUNT_CONFIRMATION_MAX_AGE)


def _pending_kept(*, pending: User, email: str, client_ip: str) -> SignupOutcome:
    """A second sign-up while the first one waits for confirmation: the first is kept, and its
    author told (within the e-mail limits). The same address again just gets a fresh link.
    Called after the sign-up's transaction, so that the e-mails are queued at once."""
    if pending.email.lower() == email:
        if throttling.email_sending_allowed(kind="resend", recipient=email, client_ip=client_ip):
            enqueue_on_commit(tasks.send_signup_confirmation, pending.pk)
        return SignupOutcome.ACCEPTED
    _event(
        kind=AccountEventKind.SIGNUP_PENDING_KEPT,
        email=pending.email,
        user=pending,
        lease_id=_lease_id(pending),
        detail=f"nouvelle inscription avec {email}"[:255],
    )
    if throttling.email_sending_allowed(kind="pending-kept", recipient=pending.email, client_ip=client_ip):
        enqueue_on_commit(tasks.send_signup_pending_kept, pending.pk)
    return SignupOutcome.PENDING_KEPT


def account_not_me(*, token: str) -> LinkOutcome:
    """« Ce n'était pas moi »: suspend the new login (it can no longer log in) and alert support."""
    try:
        payload = token_read(token, salt=NOT_ME_SALT, max_age=settings.ACCOUNT_NOT_ME_LINK_MAX_AGE)
    except LinkExpired:
        return LinkOutcome.EXPIRED
    except LinkInvalid:
        return LinkOutcome.INVALID
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=payload["u"], email__iexact=payload["e"]).first()
        if user is None or user.signatory_id is None:
            return LinkOutcome.INVALID
        if user.suspended_at is not None:
            return LinkOutcome.ALREADY_DONE
        user.suspended_at = timezone.now()
        user.is_active = False
        user.save(update_fields=["suspended_at", "is_active"])
        devices_revoke_all(user=user)
        _event(kind=AccountEventKind.SUSPENDED_NOT_ME, email=user.email, user=user, lease_id=_lease_id(user))
    enqueue_on_commit(tasks.send_suspension_alert, user.pk)
    return LinkOutcome.DONE


def account_confirm(*, token: str) -> LinkOutcome:
    """Activate the login of a sign-up link; the lease's first login makes it paperless."""
    try:
        payload = token_read(token, salt=SIGNUP_SALT)
    except LinkExpired:
        return LinkOutcome.EXPIRED
    except LinkInvalid:
        return LinkOutcome.INVALID
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=payload["u"], email__iexact=payload["e"]).first()
        if user is None or user.signatory_id is None or user.suspended_at is not None:
            return LinkOutcome.INVALID
        if user.is_active:
            return LinkOutcome.ALREADY_DONE
        now = timezone.now()
        user.is_active = True
        user.email_confirmed_at = now
        user.save(update_fields=["is_active", "email_confirmed_at"])
        _event(kind=AccountEventKind.SIGNUP_CONFIRMED, email=user.email, user=user, lease_id=user.signatory.lease_id)
        lease = Lease.objects.select_for_update().get(pk=user.signatory.lease_id)
        if not lease.is_paperless:
            lease.paperless_since = now
            lease.paperless_until = None
            lease.save(update_fields=["paperless_since", "paperless_until"])
            _event(kind=AccountEventKind.PAPERLESS_STARTED, email=user.email, user=user, lease_id=lease.pk)
    return LinkOutcome.DONE


def account_confirmation_resend(*, email: str, client_ip: str) -> None:
    """Send a fresh sign-up link to a login still waiting for confirmation; silently nothing otherwise
    (nor past the hourly limits per address, so that nobody floods a mailbox)."""
    if not throttling.email_sending_allowed(kind="resend", recipient=email, client_ip=client_ip):
        return
    user = selectors.user_by_email(email=email)
    if user is not None and not user.is_active and user.signatory_id is not None and user.suspended_at is None:
        enqueue_on_commit(tasks.send_signup_confirmation, user.pk)


def account_email_change_request(*, user: User, new_email: str) -> None:
    """Send a confirmation link to the new address; the login keeps its address until it is followed."""
    new_email = new_email.strip().lower()
    owner = selectors.user_by_email(email=new_email)
    _event(
        kind=AccountEventKind.EMAIL_CHANGE_REQUESTED,
        email=user.email,
        user=user,
        lease_id=_lease_id(user),
        detail=new_email,
    )
    if owner is not None and owner != user:
        enqueue_on_commit(tasks.send_email_change_address_taken, new_email)
    else:
        enqueue_on_commit(tasks.send_email_change_confirmation, user.pk, new_email)


def account_email_change_confirm(*, token: str) -> LinkOutcome:
    try:
        payload = token_read(token, salt=EMAIL_CHANGE_SALT)
    except LinkExpired:
        return LinkOutcome.EXPIRED
    except LinkInvalid:
        return LinkOutcome.INVALID
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=payload["u"]).first()
        if user is None:
            return LinkOutcome.INVALID
        if user.email.lower() == payload["new"]:
            return LinkOutcome.ALREADY_DONE
        if user.email.lower() != payload["old"]:
            return LinkOutcome.INVALID
        if User.objects.filter(email__iexact=payload["new"]).exclude(pk=user.pk).exists():
            return LinkOutcome.ADDRESS_TAKEN
        old_email = user.email
        user.email = payload["new"]
        user.save(update_fields=["email"])
        _event(
            kind=AccountEventKind.EMAIL_CHANGED,
            email=user.email,
            user=user,
            lease_id=_lease_id(user),
            detail=f"ancienne adresse : {old_email}",
        )
    enqueue_on_commit(tasks.send_email_changed_notice, old_email, user.pk)
    return LinkOutcome.DONE


def account_password_change(*, user: User, new_password: str) -> None:
    """A new password disconnects every app: whoever knew the old one must sign in again."""
    user.set_password(new_password)
    user.save(update_fields=["password"])
    devices_revoke_all(user=user)
    _event(
        kind=AccountEventKind.PASSWORD_CHANGED,
        email=user.email,
        user=user,
        lease_id=_lease_id(user),
    )
    enqueue_on_commit(tasks.send_password_changed_notice, user.pk)


def account_password_reset_request(*, email: str, client_ip: str) -> None:
    """Send a reset link if an active login has this address, within the hourly limits per recipient
    and per client address; the caller answers the same either way."""
    if not throttling.email_sending_allowed(kind="reset", recipient=email, client_ip=client_ip):
        return
    user = selectors.user_by_email(email=email)
    if user is not None and user.is_active and user.has_usable_password():
        enqueue_on_commit(tasks.send_password_reset, user.pk)


def account_password_reset_done(*, user: User) -> None:
    """After a reset by e-mail the owner proved who they are: lift a lockout of their identifiant."""
    axes_reset(username=user.email)
    throttling.login_identifiant_reset(identifiant=user.email.lower())
    devices_revoke_all(user=user)
    _event(
        kind=AccountEventKind.PASSWORD_RESET,
        email=user.email,
        user=user,
        lease_id=_lease_id(user),
    )
    enqueue_on_commit(tasks.send_password_changed_notice, user.pk)


def account_unsubscribe(*, user: User) -> None:
    """Delete the login (the lease data stays); the lease's last login gone ends its paperless period."""
    email, lease_id = user.email, _lease_id(user)
    with transaction.atomic():
        lease = Lease.objects.select_for_update().filter(pk=lease_id).first()
        devices_revoke_all(user=user)
        # Files joined to forms never sent belong to this login alone: they go with it, bytes included.
        pending_uploads_delete(user=user)
        user.delete()
        _event(kind=AccountEventKind.UNSUBSCRIBED, email=email, lease_id=lease_id)
        if lease is not None and lease.is_paperless and not selectors.lease_has_active_login(lease_id=lease.pk):
            lease.paperless_until = timezone.now()
            lease.save(update_fields=["paperless_until"])
            _event(kind=AccountEventKind.PAPERLESS_ENDED, email=email, lease_id=lease.pk)
    enqueue_on_commit(tasks.send_unsubscribed_notice, email)


def account_records_purge() -> dict:
    """Daily: login attempts past LOGIN_RECORDS_RETENTION_DAYS and account history past
    ACCOUNT_EVENTS_RETENTION_DAYS are deleted (the privacy page lists both periods)."""
    now = timezone.now()
    attempts_cutoff = now - timedelta(days=settings.LOGIN_RECORDS_RETENTION_DAYS)
    attempts = sum(
        model.objects.filter(attempt_time__lt=attempts_cutoff).delete()[0]
        for model in (AccessAttempt, AccessFailureLog, AccessLog)
    )
    events_cutoff = now - timedelta(days=settings.ACCOUNT_EVENTS_RETENTION_DAYS)
    events = AccountEvent.objects.filter(created_at__lt=events_cutoff).delete()[0]
    return {"login_records": attempts, "account_events": events}


# Mobile apps: one Device per signed-in app, holding the hashes of its two tokens.

ACCESS_PREFIX = "pla_"
REFRESH_PREFIX = "plr_"
# Writing last_used_at at every call would make each API read a write: once a minute is enough
# for « dernière utilisation ».
LAST_USE_PRECISION = timedelta(minutes=1)


@dataclass(frozen=True)
class DeviceTokens:
    device: Device
    access_token: str
    refresh_token: str

    @property
    def access_expires_in(self) -> int:
        return int(settings.API_ACCESS_TOKEN_TTL.total_seconds())


def token_hash(token: str) -> str:
    # The tokens are 256 random bits: a plain SHA-256 cannot be brute-forced, and stays indexable.
    return hashlib.sha256(token.encode()).hexdigest()


def _new_pair(device: Device, now) -> tuple[str, str]:
    access = ACCESS_PREFIX + secrets.token_urlsafe(32)
    refresh = REFRESH_PREFIX + secrets.token_urlsafe(32)
    device.access_hash = token_hash(access)
    device.access_expires_at = now + settings.API_ACCESS_TOKEN_TTL
    device.refresh_hash = token_hash(refresh)
    device.refresh_expires_at = now + settings.API_REFRESH_TOKEN_TTL
    return access, refresh


def _lease_id(user: User) -> int | None:
    return user.signatory.lease_id if user.signatory_id else None


def device_sign_in(*, user: User, name: str, client_ip: str | None) -> DeviceTokens:
    """A new device for a login whose password was just checked (through axes, by the caller)."""
    now = timezone.now()
    device = Device(user=user, name=name.strip()[:100] or "Application", last_used_at=now, last_ip=client_ip or None)
    access, refresh = _new_pair(device, now)
    device.save()
    _event(
        kind=AccountEventKind.DEVICE_SIGNED_IN,
        email=user.email,
        user=user,
        lease_id=_lease_id(user),
        detail=device.name,
    )
    return DeviceTokens(device=device, access_token=access, refresh_token=refresh)


def device_authenticate(*, access_token: str, client_ip: str | None) -> Device | None:
    """The connected device of a valid access token; None for an unknown, expired or revoked one."""
    if not access_token.startswith(ACCESS_PREFIX):
        return None
    now = timezone.now()
    device = (
        Device.objects.select_related("user", "user__signatory")
        .filter(
            access_hash=token_hash(access_token),
            access_expires_at__gt=now,
            revoked_at__isnull=True,
            user__is_active=True,
        )
        .first()
    )
    if device is None:
        return None
    if now - device.last_used_at >= LAST_USE_PRECISION or device.last_ip != (client_ip or None):
        Device.objects.filter(pk=device.pk).update(last_used_at=now, last_ip=client_ip or None)
    return device


def device_refresh(*, refresh_token: str, client_ip: str | None) -> DeviceTokens | None:
    """A new pair for a valid refresh token, which stops working; None when it is not valid.

    A refresh token already replaced coming back means two parties hold it: the device is
    disconnected, so that both the app and whoever copied its token must sign in again.
    """
    if not refresh_token.startswith(REFRESH_PREFIX):
        return None
    digest = token_hash(refresh_token)
    now = timezone.now()
    with transaction.atomic():
        device = Device.objects.select_for_update().select_related("user").filter(refresh_hash=digest).first()
        if device is None:
            reused = Device.objects.select_for_update().filter(previous_refresh_hash=digest, revoked_at__isnull=True)
            for stolen in reused.select_related("user"):
                stolen.revoked_at = now
                stolen.save(update_fields=["revoked_at"])
                _event(
                    kind=AccountEventKind.DEVICE_TOKEN_REUSED,
                    email=stolen.user.email,
                    user=stolen.user,
                    lease_id=_lease_id(stolen.user),
                    detail=stolen.name,
                )
            return None
        if device.revoked_at is not None or device.refresh_expires_at <= now or not device.user.is_active:
            return None
        device.previous_refresh_hash = digest
        access, refresh = _new_pair(device, now)
        device.last_used_at = now
        device.last_ip = client_ip or None
        device.save()
    return DeviceTokens(device=device, access_token=access, refresh_token=refresh)


def device_revoke(*, user: User, device_id: int) -> bool:
    """Disconnect one of the login's devices (another login's id changes nothing). Safe to call twice."""
    device = Device.objects.filter(pk=device_id, user=user, revoked_at__isnull=True).first()
    if device is None:
        return False
    Device.objects.filter(pk=device.pk).update(revoked_at=timezone.now())
    _event(
        kind=AccountEventKind.DEVICE_SIGNED_OUT,
        email=user.email,
        user=user,
        lease_id=_lease_id(user),
        detail=device.name,
    )
    return True


def devices_revoke_all(*, user: User) -> int:
    """Disconnect every app of the login (password changed or reset, unsubscribe, « tout déconnecter »)."""
    count = Device.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if count:
        _event(
            kind=AccountEventKind.DEVICES_SIGNED_OUT,
            email=user.email,
            user=user,
            lease_id=_lease_id(user),
            detail=f"{count} appareil(s)",
        )
    return count
