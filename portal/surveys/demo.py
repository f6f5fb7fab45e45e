"""Demo surveys: an open « Enquête SLS » surveying every current lease, launched, with answers in every status.

Lease 100001 (Claire and Karim MARTIN) has not answered, so that a newcomer can; 100002 (Sophie
BERNARD) has sent hers. The staff account enquetes@example.org belongs to « Enquêtes ». Keyed on
the campaign's kind and year and on the lease: a second run creates nothing and changes no answer.
"""

import io
from datetime import date, timedelta

from django.contrib.auth.models import Group
from django.db.models import Count
from django.utils import timezone
from PIL import Image

from portal.accounts.demo import DEMO_PASSWORD
from portal.accounts.models import User
from portal.core.uploads import clean_upload

from . import selectors, services
from .enums import CampaignKind, CampaignScope, ResponseStatus, Situation, Zone
from .groups import SURVEYS
from .models import Campaign, ResourceCeiling, Response

STAFF_EMAIL = "enquetes@example.org"
INTRO = (
    "<p>Chaque année, la loi nous demande de connaître la composition et les ressources des foyers qui "
    "ne perçoivent pas d'aide au logement. Votre réponse est <b>obligatoire</b> : sans réponse dans le "
    "délai, des frais de 25 € et une pénalité de 7,62 € par mois de retard s'appliquent, ainsi que le "
    "supplément de loyer de solidarité maximal.</p>"
    "<ul><li>Indiquez les personnes qui vivaient dans le logement au 1er janvier.</li>"
    "<li>Recopiez le revenu fiscal de référence de chaque avis d'imposition du foyer et joignez-en une "
    "copie (PDF ou photo).</li></ul>"
)
# Plafonds de ressources « autres régions » (PLUS) of the demo year, in euros.
CEILINGS = {
    "category_1": 24316,
    "category_2": 32473,
    "category_3": 39051,
    "category_4": 47145,
    "category_5": 55460,
    "category_6": 62503,
    "extra_person": 6972,
}
# Other demo leases and the status their answer is in.
OTHER_ANSWERS = {
    "100004": ResponseStatus.IN_PROGRESS,
    "100005": ResponseStatus.INCOMPLETE,
    "100006": ResponseStatus.ACCEPTED,
    "100007": ResponseStatus.ACCEPTED,
    "100008": ResponseStatus.SUBMITTED,
}
INCOMES = {"100002": 21480, "100005": 30210, "100006": 18950, "100007": 61200, "100008": 27300}


def _staff_user() -> User:
    user = User.objects.filter(email__iexact=STAFF_EMAIL).first() or User(email=STAFF_EMAIL)
    user.first_name, user.last_name = "Élise", "Enquêtes"
    user.is_staff = True
    user.is_active = True
    user.set_password(DEMO_PASSWORD)
    user.save()
    user.groups.set([Group.objects.get(name=SURVEYS)])
    return user


def _scan() -> bytes:
    """A small JPEG standing for the photo of an avis d'imposition."""
    buffer = io.BytesIO()
    Image.new("RGB", (600, 840), (245, 245, 240)).save(buffer, "JPEG")
    return buffer.getvalue()


class _Upload(io.BytesIO):
    def __init__(self, name: str, content: bytes):
        super().__init__(content)
        self.name = name
        self.size = len(content)


def _answer(response: Response, *, user, status: ResponseStatus, staff: User) -> None:
    household = selectors.household_prefill(response=response)
    occupants = [
        services.OccupantData(**{**person, "situation": person["situation"] or Situation.EMPLOYEE})
        for person in household
    ]
    services.response_household_save(response=response, user=user, occupants=occupants)
    if status == ResponseStatus.IN_PROGRESS:
        return
    names = " et ".join(p.first_name for p in occupants if p.signatory_id) + f" {occupants[0].last_name.upper()}"
    services.response_resources_save(
        response=response,
        user=user,
        notices=[services.TaxNoticeData(declarants=names, reference_income=INCOMES[response.lease.tenant_number])],
    )
    services.tax_document_add(
        response=response,
        user=user,
        clean=clean_upload(_Upload(f"avis-imposition-{response.lease.tenant_number}.jpg", _scan())),
    )
    event = services.response_submit(response=response, user=user)
    services.response_acknowledgement_issue(event_id=event.pk)
    if status == ResponseStatus.INCOMPLETE:
        services.response_complement_request(
            response=response,
            by=staff,
            message="Il manque la deuxième page de votre avis d'imposition : joignez-la, s'il vous plaît.",
        )
    elif status == ResponseStatus.ACCEPTED:
        services.response_accept(response=response, by=staff)


def load(*, stdout) -> None:
    staff = _staff_user()
    today = timezone.localdate()
    year = today.year + 1
    ResourceCeiling.objects.update_or_create(year=year, zone=Zone.OTHER, defaults=CEILINGS)
    campaign, _created = Campaign.objects.get_or_create(
        kind=CampaignKind.SLS,
        year=year,
        defaults={
            "tax_year": year - 1,
            "household_on": date(today.year, 1, 1),
            "opens_on": today - timedelta(days=10),
            "closes_on": today + timedelta(days=35),
            "zone": Zone.OTHER,
            "scope": CampaignScope.ALL,
            "intro": INTRO,
        },
    )
    if campaign.launched_at is None:
        services.campaign_launch(campaign=campaign, by=staff)
    sophie = User.objects.filter(email="sophie.bernard@example.org").first()
    answers = {"100002": ResponseStatus.SUBMITTED, **OTHER_ANSWERS}
    for tenant_number, status in answers.items():
        response = Response.objects.filter(campaign=campaign, lease__tenant_number=tenant_number).first()
        if response is None or response.status != ResponseStatus.NOT_STARTED:
            continue
        _answer(response, user=sophie if tenant_number == "100002" else None, status=status, staff=staff)
    counts = dict(campaign.responses.values_list("status").annotate(n=Count("pk")).order_by())
    stdout.write(
        f"Enquêtes : {campaign.title} ouverte jusqu'au {campaign.closes_on:%d/%m/%Y}, "
        f"{sum(counts.values())} baux ({', '.join(f'{ResponseStatus(k).label} : {v}' for k, v in sorted(counts.items()))})."
    )
    stdout.write(f"  personnel (Enquêtes) : {STAFF_EMAIL}")
