"""What the API sends and receives. Conventions (also in the OpenAPI description):

- dates are ISO 8601 (`2026-11-29`), instants ISO 8601 with their offset (`2026-11-29T14:05:00+01:00`);
- amounts are strings in euros with two decimals (`"125.50"`), positive when the tenant owes;
- lists that grow are paged: `?page=1&page_size=20` (at most 100) answer
  `{"items": [...], "count", "page", "pages", "page_size"}`.
"""

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from ninja import Schema
from pydantic import Field

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


class PageOut(Schema):
    count: int = Field(description="Nombre total d'éléments.")
    page: int = Field(description="Numéro de la page rendue (à partir de 1).")
    pages: int = Field(description="Nombre de pages.")
    page_size: int


# Authentication


class TokenIn(Schema):
    email: str = Field(description="Identifiant (adresse e-mail) du compte locataire.", max_length=254)
    password: str = Field(max_length=4096)
    device_name: str = Field("", description="Nom de l'appareil montré dans « Modifier mes accès ».", max_length=100)


class RefreshIn(Schema):
    refresh_token: str = Field(max_length=200)


class TokenOut(Schema):
    access_token: str
    refresh_token: str = Field(description="À n'utiliser qu'une fois : chaque rafraîchissement en donne un nouveau.")
    token_type: Literal["Bearer"] = "Bearer"  # noqa: S105 - the scheme name, not a secret
    expires_in: int = Field(description="Durée de validité du jeton d'accès, en secondes.")
    device_id: int


class DeviceOut(Schema):
    id: int
    name: str
    created_at: datetime
    last_used_at: datetime
    current: bool = Field(description="Vrai pour l'appareil qui fait l'appel.")


class RevokedOut(Schema):
    revoked: int


# Tenant, lease, landlord


class SignatoryOut(Schema):
    first_name: str
    last_name: str


class UnitOut(Schema):
    id: int
    kind: str
    kind_label: str
    reference: str
    address: str


class ResidenceOut(Schema):
    id: int
    name: str
    address: str
    postcode: str
    city: str


class LeaseOut(Schema):
    tenant_number: str = Field(description="Numéro de locataire (numéro de contrat).")
    start_date: date
    end_date: date | None
    paperless_since: datetime | None
    residence: ResidenceOut
    units: list[UnitOut]
    signatories: list[SignatoryOut]


class TenantOut(Schema):
    email: str
    first_name: str
    last_name: str


class LandlordOut(Schema):
    name: str
    support_email: str
    support_phone: str


class MeOut(Schema):
    tenant: TenantOut
    lease: LeaseOut
    landlord: LandlordOut


# Billing


class LedgerEntryOut(Schema):
    id: int
    booked_on: date
    kind: str
    kind_label: str
    label: str
    amount: Decimal = Field(description="Positif : dû par le locataire ; négatif : aide ou paiement.")


class LedgerPageOut(PageOut):
    items: list[LedgerEntryOut]


class MonthBalanceOut(Schema):
    month: date = Field(description="Premier jour du mois.")
    balance: Decimal = Field(description="Solde à la fin du mois.")


class OnlinePaymentOut(Schema):
    reference: str
    amount: Decimal
    status: Literal["pending", "succeeded", "failed", "cancelled"]
    status_label: str
    created_at: datetime
    settled_at: datetime | None
    checkout_url: str = Field(description="La page de paiement sécurisé à ouvrir, tant que le paiement est en attente.")


class OnlinePaymentPageOut(PageOut):
    items: list[OnlinePaymentOut]


class BalanceOut(Schema):
    balance: Decimal = Field(description="Solde : positif = somme due, négatif = crédit.")
    state: Literal["owed", "credit", "nil"] = Field(description="owed : somme due ; credit : créditeur ; nil : soldé.")
    amount_due: Decimal
    credit: Decimal


class HomeOut(BalanceOut):
    last_billed: list[LedgerEntryOut]
    last_payments: list[LedgerEntryOut]
    pending_payments: list[OnlinePaymentOut]
    history: list[MonthBalanceOut] = Field(description="Les 12 derniers mois, le mois en cours compris.")


class OnlinePaymentIn(Schema):
    amount: str = Field(description="Montant en euros tel que saisi : « 125,50 », « 1 234,56 € »...", max_length=30)
    submission_token: uuid.UUID = Field(
        description="Identifiant choisi par l'application : le même envoi répété donne le même paiement."
    )


class MandateOut(Schema):
    rum: str
    status: str
    status_label: str
    holder: str
    iban_masked: str
    bic: str
    signed_at: datetime | None


class PaymentMethodOut(Schema):
    method: str
    label: str
    iban_masked: str = Field(description="Le RIB prélevé, masqué ; vide sans prélèvement.")
    active_mandate: MandateOut | None
    pending_mandate: MandateOut | None


# Documents


class DocumentOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    period: date
    issued_at: datetime
    download_name: str
    download_url: str


class DocumentPageOut(PageOut):
    items: list[DocumentOut]


# Requests


class CategoryOut(Schema):
    id: int
    name: str
    parent_id: int | None
    selectable: bool = Field(
        description="Faux pour une catégorie qui a des sous-catégories : choisissez l'une d'elles."
    )
    tenant_responsibility: bool = Field(description="Réparation en principe à la charge du locataire.")
    notice: str = Field(description="Avertissement à lire puis confirmer (confirm_notice) pour ces catégories.")


class LocationOut(Schema):
    value: str = Field(description="Valeur à envoyer dans `location`.")
    label: str


class RequestFormOut(Schema):
    categories: list[CategoryOut]
    locations: list[LocationOut]
    contact_slots: list[LocationOut]


class RequestSummaryOut(Schema):
    id: int
    reference: str
    category: str
    status: str
    status_label: str
    created_at: datetime
    status_changed_at: datetime


class RequestPageOut(PageOut):
    items: list[RequestSummaryOut]


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    download_url: str


class TimelineEventOut(Schema):
    id: int
    kind: str
    kind_label: str
    created_at: datetime
    by_landlord: bool = Field(description="Vrai pour un message ou un changement fait par le bailleur.")
    text: str
    from_status: str
    to_status: str
    intervention_date: date | None
    rating: int | None
    attachments: list[AttachmentOut]


class RequestOut(RequestSummaryOut):
    category_id: int
    location: str = Field(description="Identifiant du lot, ou « common » pour les parties communes.")
    location_label: str
    description: str
    contact_phone: str
    contact_email: str
    contact_slots: list[str]
    intervention_date: date | None
    rating: int | None
    can_edit: bool = Field(description="Modifiable ou annulable tant qu'elle n'est pas prise en charge.")
    can_cancel: bool
    can_reopen: bool
    can_rate: bool
    timeline: list[TimelineEventOut]


class RatingIn(Schema):
    rating: int = Field(description="De 1 (pas du tout satisfait) à 5 (très satisfait).")
    comment: str = Field("", max_length=2000)


class TextIn(Schema):
    text: str = Field(max_length=5000)


# Contacts, news


class StaffContactOut(Schema):
    role: str
    role_label: str
    first_name: str
    last_name: str
    phone: str
    email: str
    address: str


class AgencyOut(Schema):
    name: str
    address: str
    phone: str
    email: str
    opening_hours: str


class ContactsOut(Schema):
    managers: list[StaffContactOut]
    caretakers: list[StaffContactOut]
    customer_officers: list[StaffContactOut]
    agency: AgencyOut
    support_email: str


class AnnouncementOut(Schema):
    id: int
    kind: Literal["news", "alert"]
    title: str
    text_html: str
    show_from: date
    show_until: date | None


# Dossier


class HouseholdMemberOut(Schema):
    id: int
    first_name: str
    last_name: str
    birth_date: date
    relationship: str
    relationship_label: str


class InsuranceOut(Schema):
    insurer: str
    policy_number: str
    valid_from: date | None
    valid_until: date | None
    status: str
    status_label: str


class ChangeRequestOut(Schema):
    id: int
    kind: str
    kind_label: str
    status: str
    status_label: str
    created_at: datetime
    refusal_reason: str


class DossierOut(Schema):
    contact: dict[str, str | None] = Field(description="Les coordonnées du signataire connecté.")
    household: list[HouseholdMemberOut]
    insurance: InsuranceOut | None
    pending_changes: list[ChangeRequestOut]
