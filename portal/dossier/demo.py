"""Demo tenant files: insurance for most leases (100001 expiring within 30 days, 100002 expired), and a pending change.

Keyed on the lease, so a second run updates the same rows.
"""

import io
import random
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from pypdf import PdfWriter

from portal.accounts.models import User
from portal.leases.models import Lease

from .enums import ChangeKind, ChangeStatus
from .models import ChangeRequest, Insurance
from .services import change_request_submit

INSURERS = ["MAIF", "MACIF", "Matmut", "GMF", "MAAF", "AXA", "Crédit Agricole Assurances", "Groupama"]
SEED = 8


def _certificate_pdf(*, tenant_number: str) -> bytes:
    """A one-page PDF standing for the tenant's certificate (real PDF, so the viewers open it)."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": f"Attestation d'assurance habitation - bail {tenant_number} (démonstration)"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _insurance(lease: Lease, *, insurer: str, valid_until, with_certificate: bool) -> None:
    insurance, _created = Insurance.objects.update_or_create(
        lease=lease,
        defaults={
            "insurer": insurer,
            "policy_number": f"HAB-{lease.tenant_number}-{valid_until.year}",
            "valid_from": valid_until - timedelta(days=364),
            "valid_until": valid_until,
            "certificate_content_type": "application/pdf" if with_certificate else "",
            "verified_at": timezone.now(),
        },
    )
    if with_certificate and not insurance.certificate:
        insurance.certificate.save(
            f"attestation-{lease.tenant_number}.pdf",
            ContentFile(_certificate_pdf(tenant_number=lease.tenant_number)),
        )


def load(*, stdout) -> None:
    rng = random.Random(SEED)
    today = timezone.localdate()
    fixed = {
        "100001": ("MAIF", today + timedelta(days=18)),
        "100002": ("MACIF", today - timedelta(days=12)),
    }
    for tenant_number, (insurer, valid_until) in fixed.items():
        _insurance(
            Lease.objects.get(tenant_number=tenant_number),
            insurer=insurer,
            valid_until=valid_until,
            with_certificate=True,
        )
    # 100003 has none: « manquante ».
    Insurance.objects.filter(lease__tenant_number="100003").delete()

    for lease in Lease.objects.filter(tenant_number__gte="100004").order_by("tenant_number"):
        draw = rng.random()
        if draw < 0.08:
            Insurance.objects.filter(lease=lease).delete()
            continue
        days = rng.randint(-60, -1) if draw < 0.16 else rng.randint(5, 360)
        _insurance(
            lease, insurer=rng.choice(INSURERS), valid_until=today + timedelta(days=days), with_certificate=False
        )

    # Karim MARTIN (lease 100001) asked for a new mobile number: a change waiting for Service client.
    karim = User.objects.filter(email="karim.martin@example.org").select_related("signatory").first()
    if karim and not ChangeRequest.objects.filter(author=karim, status=ChangeStatus.PENDING).exists():
        signatory = karim.signatory
        change_request_submit(
            lease=signatory.lease,
            author=karim,
            kind=ChangeKind.CONTACT,
            after={"phone": signatory.phone, "mobile_phone": "+33698765432", "email": signatory.email},
        )
    missing = Lease.objects.filter(insurance__isnull=True).count()
    expired = Insurance.objects.filter(valid_until__lt=today).count()
    stdout.write(
        f"Dossiers : {Insurance.objects.count()} assurances ({expired} expirées, {missing} baux sans assurance)."
    )
