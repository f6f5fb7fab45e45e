"""The tenant, their lease and the landlord's contacts; « Mes contacts »."""

from ninja import Router

from portal.core.models import SiteSettings
from portal.leases.selectors import lease_contact_directory, lease_signatories

from ..errors import AUTHENTICATED, errors
from ..schemas import ContactsOut, MeOut

router = Router(tags=["Locataire et bail"])


@router.get("/me", response={200: MeOut, **errors(*AUTHENTICATED)}, summary="Le locataire, son bail, le bailleur")
def me(request):
    lease, user = request.lease, request.user
    site_settings = SiteSettings.load(request)
    return {
        "tenant": {"email": user.email, "first_name": user.first_name, "last_name": user.last_name},
        "lease": {
            "tenant_number": lease.tenant_number,
            "start_date": lease.start_date,
            "end_date": lease.end_date,
            "paperless_since": lease.paperless_since,
            "residence": {
                "id": lease.residence.pk,
                "name": lease.residence.name,
                "address": lease.residence.address,
                "postcode": lease.residence.postcode,
                "city": lease.residence.city,
            },
            "units": [
                {
                    "id": unit.pk,
                    "kind": unit.kind,
                    "kind_label": unit.get_kind_display(),
                    "reference": unit.reference,
                    "address": unit.address,
                }
                for unit in lease.units.order_by("kind", "pk")
            ],
            "signatories": [
                {"first_name": s.first_name, "last_name": s.last_name} for s in lease_signatories(lease=lease)
            ],
        },
        "landlord": {
            "name": site_settings.landlord_name,
            "support_email": site_settings.support_email,
            "support_phone": site_settings.support_phone,
        },
    }


def _contact_out(contact) -> dict:
    return {
        "role": contact.role,
        "role_label": contact.get_role_display(),
        "first_name": contact.first_name,
        "last_name": contact.last_name,
        "phone": contact.phone,
        "email": contact.email,
        "address": contact.address or contact.agency.address,
    }


@router.get("/contacts", response={200: ContactsOut, **errors(*AUTHENTICATED)}, summary="Mes contacts")
def contacts(request):
    directory = lease_contact_directory(lease=request.lease)
    agency = directory["agency"]
    return {
        "managers": [_contact_out(c) for c in directory["managers"]],
        "caretakers": [_contact_out(c) for c in directory["caretakers"]],
        "customer_officers": [_contact_out(c) for c in directory["customer_officers"]],
        "agency": {
            "name": agency.name,
            "address": agency.address,
            "phone": agency.phone,
            "email": agency.email,
            "opening_hours": agency.opening_hours,
        },
        "support_email": SiteSettings.load(request).support_email,
    }
