"""Which writes bump which cache version (portal.core.cache), in one place; connected by ConfigConfig.ready.

Saves and deletes through the ORM are followed here: the receivers run inside the write's own
transaction. Bulk writes send no signal and bump explicitly: `ledger_entries_bulk_record` and
`accounts_touch` (portal.billing.services), the ERP importers (portal.erp.importers), campaign
launches (a Campaign save).
"""

from django.db import connections, transaction
from django.db.models import F, Value
from django.db.models.signals import post_delete, post_migrate, post_save

from home.models import Announcement
from portal.billing.enums import PaymentStatus
from portal.billing.models import LeaseAccount, OnlinePayment
from portal.billing.models.ledger import online_payment_expiry
from portal.billing.services import accounts_touch
from portal.core.cache import (
    DOCUMENTS,
    LEASE,
    REQUESTS,
    cache_versions_bump,
    content_version_bump,
    lease_of_user_register,
    lease_version_source_register,
)
from portal.core.models import CacheVersion
from portal.documents.models import Document
from portal.dossier.models import ChangeRequest, Insurance
from portal.leases.models import Agency, HouseholdMember, Lease, Residence, Signatory, StaffContact, Unit
from portal.mandates.models import BankMandate
from portal.requests.models import Attachment, RequestEvent, TenantRequest
from portal.surveys.models import Campaign
from portal.surveys.models import Response as SurveyResponse

# model -> (scope, how to find the lease id of a row)
LEASE_DATA = {
    Document: (DOCUMENTS, lambda row: row.lease_id),
    TenantRequest: (REQUESTS, lambda row: row.lease_id),
    RequestEvent: (REQUESTS, lambda row: row.request.lease_id),
    Attachment: (REQUESTS, lambda row: row.request.lease_id),
    BankMandate: (LEASE, lambda row: row.lease_id),
    SurveyResponse: (LEASE, lambda row: row.lease_id),
    Lease: (LEASE, lambda row: row.pk),
    Signatory: (LEASE, lambda row: row.lease_id),
    HouseholdMember: (LEASE, lambda row: row.lease_id),
    ChangeRequest: (LEASE, lambda row: row.lease_id),
    Insurance: (LEASE, lambda row: row.lease_id),
}
# Shown to everyone, or to every lease of a residence: one counter for all.
CONTENT_DATA = (Announcement, Campaign, Residence, Agency, Unit, StaffContact)


def _lease_data_receiver(scope, lease_of):
    def receiver(sender, instance, **kwargs):
        cache_versions_bump(scope=scope, lease_ids=[lease_of(instance)])

    return receiver


def _online_payment_changed(sender, instance, **kwargs):
    accounts_touch(lease_ids=[instance.lease_id])


def _lease_of_user(signatory_id):
    return Signatory.objects.filter(pk=signatory_id)


def _account_version(lease_id, now):
    rows = LeaseAccount.objects.filter(lease_id=lease_id).annotate(scope=Value("account"))
    return rows.values_list("scope", "version")


def _online_payments_unexpired(lease_id, now):
    # A pending payment is shown as « en cours de confirmation » until it expires, with no write:
    # its row drops out of the key at that moment, so the page is made again. (`now` is compared
    # as it is: the query is compiled once, `now` replaced at each call.)
    rows = OnlinePayment.objects.filter(lease_id=lease_id, status=PaymentStatus.PENDING)
    rows = rows.alias(expires_at=F("created_at") + online_payment_expiry()).filter(expires_at__gt=now)
    return rows.annotate(scope=Value("pending")).values_list("scope", "pk")


def _content_changed(sender, using, **kwargs):
    # A deployment renders every page again (its templates may have changed). post_migrate is
    # sent per app: once, for this app, when the table exists (not after migrating backwards).
    if sender.name == "config" and CacheVersion._meta.db_table in connections[using].introspection.table_names():
        with transaction.atomic(using=using):
            content_version_bump()


def cache_versions_connect() -> None:
    lease_of_user_register(_lease_of_user)
    lease_version_source_register("account", _account_version)
    lease_version_source_register("pending", _online_payments_unexpired)
    for model, (scope, lease_of) in LEASE_DATA.items():
        receiver = _lease_data_receiver(scope, lease_of)
        for signal in (post_save, post_delete):
            signal.connect(receiver, sender=model, weak=False, dispatch_uid=f"cache_versions.{model._meta.label}")
    for model in CONTENT_DATA:
        for signal in (post_save, post_delete):
            signal.connect(content_version_bump, sender=model, dispatch_uid=f"cache_versions.{model._meta.label}")
    for signal in (post_save, post_delete):
        signal.connect(_online_payment_changed, sender=OnlinePayment, dispatch_uid="cache_versions.online_payment")
    post_migrate.connect(_content_changed, dispatch_uid="cache_versions.migrate")
