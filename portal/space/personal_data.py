"""« Télécharger mes données »: everything the portal holds about a login and its lease, as the
tenant sees it on screen, in a ZIP (donnees.json and the files).

Only the lease of the login is read, through each app's lease-scoped selectors; what a tenant never
sees is left out (internal notes of requests, full IBANs, token hashes, password hash, staff names).
"""

import json
import zipfile
from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import Decimal
from pathlib import PurePosixPath
from uuid import UUID

from django.conf import settings
from django.db import models
from django.utils import timezone

from portal.accounts.models import AccountEvent, Device
from portal.billing.models import LedgerEntry
from portal.billing.selectors import lease_online_payments
from portal.documents.selectors import lease_documents
from portal.dossier.models import ChangeRequest, Insurance
from portal.dossier.selectors import lease_household_members
from portal.leases.models import Lease
from portal.leases.selectors import lease_signatories
from portal.mandates.models import BankMandate
from portal.requests.enums import TENANT_VISIBLE_EVENT_KINDS
from portal.requests.models import Attachment
from portal.requests.selectors import lease_requests, request_tenant_events

# Never in the export: secrets, and what only serves the portal's own bookkeeping.
HIDDEN_FIELDS = {
    "password",
    "iban_encrypted",
    "iban_fingerprint",
    "access_hash",
    "refresh_hash",
    "previous_refresh_hash",
    "submission_token",
    "form_token",
    "stripe_session_id",
    "stripe_payment_intent_id",
}
STAFF = "personnel du bailleur"

# Sections added by the apps above this layer (the surveys), each `collect(*, lease, people, files)`
# returning the section's JSON; registered from their AppConfig.ready.
SECTIONS: dict[str, Callable] = {}


def personal_data_section_register(name: str, collect: Callable) -> None:
    SECTIONS[name] = collect


class People:
    """Who a user id is, as the tenant reads it: their own address, a co-signatory, or staff."""

    def __init__(self, lease: Lease):
        self.known = {
            pk: f"{first} {last.upper()}".strip()
            for pk, first, last in lease_signatories(lease=lease)
            .filter(user__isnull=False)
            .values_list("user__pk", "first_name", "last_name")
        }

    def name(self, user_id: int | None) -> str | None:
        if user_id is None:
            return None
        return self.known.get(user_id, STAFF)


def _value(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, UUID):
        return str(value)
    return value


def row(obj: models.Model, people: People, *, skip: Iterable[str] = ()) -> dict:
    data = {}
    for field in obj._meta.concrete_fields:
        if field.name in HIDDEN_FIELDS or field.name in skip:
            continue
        if isinstance(field, models.FileField):
            value = getattr(obj, field.name)
            data[field.name] = PurePosixPath(value.name).name if value else None
        elif (
            field.is_relation
            and field.related_model is not None
            and field.related_model._meta.label == (settings.AUTH_USER_MODEL)
        ):
            data[field.name] = people.name(getattr(obj, field.attname))
        elif field.is_relation:
            data[field.name] = getattr(obj, field.attname)
        else:
            data[field.name] = _value(field.value_from_object(obj))
    return data


class Files:
    """The files of the export, each stored once under its folder with a name that cannot clash."""

    def __init__(self):
        self.entries: list[tuple[str, object]] = []

    def add(self, folder: str, prefix: str, name: str, field_file) -> str | None:
        if not field_file:
            return None
        path = f"fichiers/{folder}/{prefix}-{PurePosixPath(name).name}"
        self.entries.append((path, field_file))
        return path


def personal_data_collect(*, user) -> tuple[dict, list[tuple[str, object]]]:
    """The JSON document and the files (path in the ZIP, file) of `user`'s data and lease."""
    lease = Lease.objects.get(pk=user.signatory.lease_id)
    people = People(lease)
    files = Files()

    requests = []
    for tenant_request in lease_requests(lease=lease):
        events = list(request_tenant_events(tenant_request=tenant_request))
        visible = [
            attachment
            for attachment in Attachment.objects.filter(request=tenant_request).select_related("event")
            if attachment.event_id is None or attachment.event.kind in TENANT_VISIBLE_EVENT_KINDS
        ]
        requests.append(
            {
                **row(tenant_request, people, skip=("assigned_to",)),
                "messages": [row(event, people) for event in events],
                "pieces_jointes": [
                    {
                        **row(attachment, people, skip=("file", "thumbnail")),
                        "fichier": files.add(
                            "demandes",
                            f"{tenant_request.reference}-{attachment.pk}",
                            attachment.original_name,
                            attachment.file,
                        ),
                    }
                    for attachment in visible
                ],
            }
        )

    documents = []
    for document in lease_documents(lease=lease):
        stored = document.file.file if document.file_id else None
        documents.append(
            {
                **row(document, people, skip=("file",)),
                "fichier": files.add("documents", str(document.pk), document.download_name, stored),
            }
        )

    insurance = Insurance.objects.filter(lease=lease).first()
    data = {
        "export": {
            "genere_le": _value(timezone.now()),
            "description": "Données du portail locataire pour ce compte et son bail.",
        },
        "compte": {
            **row(user, people, skip=("is_staff", "is_superuser", "groups", "user_permissions")),
            "historique": [row(event, people) for event in AccountEvent.objects.filter(user=user)],
            "applications_connectees": [row(device, people) for device in Device.objects.filter(user=user)],
        },
        "bail": row(lease, people),
        "signataires": [row(signatory, people) for signatory in lease_signatories(lease=lease)],
        "occupants": [row(member, people) for member in lease_household_members(lease=lease)],
        "assurance": (
            {
                **row(insurance, people, skip=("certificate", "verified_by")),
                "fichier": files.add("dossier", "assurance", insurance.certificate.name, insurance.certificate),
            }
            if insurance is not None
            else None
        ),
        "modifications_du_dossier": [
            {
                **row(change, people, skip=("certificate",)),
                "fichier": files.add(
                    "dossier", f"modification-{change.pk}", change.certificate.name, change.certificate
                ),
            }
            for change in ChangeRequest.objects.filter(lease=lease).order_by("created_at", "pk")
        ],
        "demandes": requests,
        "compte_locataire": [
            row(entry, people) for entry in LedgerEntry.objects.filter(lease=lease).order_by("booked_on", "pk")
        ],
        "paiements_en_ligne": [row(payment, people) for payment in lease_online_payments(lease=lease)],
        "mandats_prelevement": [row(mandate, people) for mandate in BankMandate.objects.filter(lease=lease)],
        "documents": documents,
    }
    for name, collect in SECTIONS.items():
        data[name] = collect(lease=lease, people=people, files=files)
    return data, files.entries


def personal_data_zip(*, user, target) -> None:
    """Write the ZIP of `user`'s data into the binary file object `target`."""
    data, files = personal_data_collect(user=user)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("donnees.json", json.dumps(data, ensure_ascii=False, indent=2, default=str))
        for path, field_file in files:
            try:
                with field_file.open("rb") as source:
                    archive.writestr(path, source.read())
            except FileNotFoundError:  # deleted by a retention schedule since it was listed
                continue
