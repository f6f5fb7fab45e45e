"""Demo requests: the categories, staff agencies, and requests in every status for the fixed demo leases.

Keyed on references D-2026-9000NN (far beyond what the live counter gives in a year), so a second run
updates the same rows.
"""

import io
from datetime import timedelta

from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from portal.accounts.models import User
from portal.leases.models import Agency, Lease

from .enums import EventKind, RequestStatus
from .models import Attachment, RequestCategory, StaffProfile, TenantRequest

CATEGORIES = [
    ("Logement", ["Électricité", "Menuiserie", "Plomberie", "Chauffage", "Serrurerie"]),
    ("Garage/parking", []),
    ("Parties communes", ["Ascenseur", "Propreté", "Éclairage"]),
    ("Compte client", ["Paiements", "Assurance", "Charges"]),
    ("Autre", []),
]
TENANT_REPAIRS = {
    "Serrurerie": "La copie ou le remplacement de clés et de badges perdus, comme le graissage des serrures, "
    "sont des réparations locatives : elles restent à votre charge.",
}

# (reference, lease, category, days ago, status, description, with photo)
REQUESTS = [
    (
        "D-2026-900001",
        "100001",
        "Plomberie",
        3,
        RequestStatus.SENT,
        "Le robinet de la cuisine goutte sans arrêt.",
        True,
    ),
    (
        "D-2026-900002",
        "100001",
        "Chauffage",
        40,
        RequestStatus.RESOLVED,
        "Le radiateur de la chambre reste froid.",
        True,
    ),
    (
        "D-2026-900003",
        "100001",
        "Ascenseur",
        12,
        RequestStatus.IN_PROGRESS,
        "L'ascenseur s'arrête entre deux étages.",
        False,
    ),
    (
        "D-2026-900004",
        "100001",
        "Charges",
        90,
        RequestStatus.CLOSED,
        "Je ne comprends pas ma régularisation de charges.",
        False,
    ),
    (
        "D-2026-900005",
        "100002",
        "Électricité",
        8,
        RequestStatus.WAITING_TENANT,
        "Une prise du salon ne fonctionne plus.",
        False,
    ),
    ("D-2026-900006", "100002", "Menuiserie", 20, RequestStatus.PLANNED, "La porte-fenêtre ferme mal.", False),
    ("D-2026-900007", "100002", "Propreté", 30, RequestStatus.CANCELLED, "Encombrants dans le hall.", False),
]


def _photo(text: str) -> bytes:
    image = Image.new("RGB", (640, 480), (180, 190, 200))
    draw = ImageDraw.Draw(image)
    draw.rectangle((80, 80, 560, 400), outline=(40, 60, 90), width=8)
    draw.text((100, 220), text, fill=(20, 20, 20))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def _thumbnail(data: bytes) -> bytes:
    image = Image.open(io.BytesIO(data))
    image.thumbnail((320, 320))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def load(*, stdout) -> None:
    categories = {}
    for position, (name, children) in enumerate(CATEGORIES):
        parent, _ = RequestCategory.objects.update_or_create(
            parent=None, name=name, defaults={"position": position, "is_active": True}
        )
        categories[name] = parent
        for child_position, child in enumerate(children):
            categories[child], _ = RequestCategory.objects.update_or_create(
                parent=parent,
                name=child,
                defaults={
                    "position": child_position,
                    "is_active": True,
                    "tenant_responsibility": child in TENANT_REPAIRS,
                    "notice": TENANT_REPAIRS.get(child, ""),
                },
            )

    nimes = Agency.objects.filter(external_id="AG-NIM").first()
    staff = {}
    for email in ("technique@example.org", "support@example.org"):
        user = User.objects.filter(email=email).first()
        if user:
            StaffProfile.objects.update_or_create(user=user, defaults={"agency": nimes})
            staff[email] = user
    if "support@example.org" in staff:
        staff["support@example.org"].user_permissions.add(
            Permission.objects.get(content_type__app_label="tenant_requests", codename="view_all_requests")
        )
    technician = staff.get("technique@example.org")

    now = timezone.now()
    for reference, tenant_number, category, days, status, description, with_photo in REQUESTS:
        lease = Lease.objects.get(tenant_number=tenant_number)
        author = User.objects.filter(signatory__lease=lease).order_by("pk").first()
        created = now - timedelta(days=days)
        unit = (
            None
            if categories[category].parent and categories[category].parent.name == "Parties communes"
            else lease.units.first()
        )
        request, _ = TenantRequest.objects.update_or_create(
            reference=reference,
            defaults={
                "lease": lease,
                "author": author,
                "category": categories[category],
                "unit": unit,
                "description": description,
                "contact_phone": "06 12 34 56 78",
                "contact_email": author.email if author else "locataire@example.org",
                "contact_slots": ["mon-am", "wed-pm"],
                "status": status,
                "status_changed_at": created + timedelta(days=1) if status != RequestStatus.SENT else created,
                "intervention_date": (now + timedelta(days=5)).date() if status == RequestStatus.PLANNED else None,
                "resolved_at": now - timedelta(days=2) if status == RequestStatus.RESOLVED else None,
                "assigned_to": technician if status != RequestStatus.SENT else None,
                "rating": 5 if status == RequestStatus.CLOSED else None,
            },
        )
        TenantRequest.objects.filter(pk=request.pk).update(created_at=created)
        event = request.events.filter(kind=EventKind.CREATED).first() or request.events.create(
            kind=EventKind.CREATED, author=author, text=description, to_status=RequestStatus.SENT
        )
        request.events.exclude(pk=event.pk).delete()
        if status != RequestStatus.SENT:
            request.events.create(
                kind=EventKind.STATUS_CHANGE,
                author=technician,
                from_status=RequestStatus.SENT,
                to_status=status,
                intervention_date=request.intervention_date,
            )
        if status == RequestStatus.IN_PROGRESS:
            request.events.create(kind=EventKind.INTERNAL_NOTE, author=technician, text="Ascensoriste prévenu.")
        # The history tells the same dates as the request: sent on `created`, handled a day later.
        request.events.filter(pk=event.pk).update(created_at=created)
        request.events.exclude(pk=event.pk).update(created_at=created + timedelta(days=1))
        if with_photo and not request.attachments.exists():
            photo = _photo(f"{reference} - photo")
            attachment = Attachment(
                request=request, event=event, original_name="photo.jpg", content_type="image/jpeg", size=len(photo)
            )
            attachment.file.save("photo.jpg", ContentFile(photo), save=False)
            attachment.thumbnail.save("vignette.jpg", ContentFile(_thumbnail(photo)), save=False)
            attachment.save()
    stdout.write(f"Demandes : {RequestCategory.objects.count()} catégories, {TenantRequest.objects.count()} demandes.")
