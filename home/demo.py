"""Demo content of the home page: the services it presents, news and alerts; editors' access."""

from datetime import timedelta

from django.utils import timezone
from wagtail.models import Site

from portal.leases.models import Residence

from .groups import editor_access_sync
from .models import Announcement, HomePage

FEATURES = [
    ("Payer en ligne", "Réglez votre loyer par carte bancaire, à toute heure, en quelques clics."),
    ("Mes documents", "Retrouvez chaque mois votre avis d'échéance et vos régularisations de charges."),
    ("Mes demandes", "Signalez un problème dans votre logement et suivez son traitement."),
    ("Mon dossier", "Mettez à jour vos coordonnées, votre foyer et votre attestation d'assurance."),
]


def load(*, stdout) -> None:
    editor_access_sync()
    home = Site.objects.get(is_default_site=True).root_page.specific
    assert isinstance(home, HomePage)
    if not home.features:
        home.features = [("feature", {"title": title, "text": text}) for title, text in FEATURES]
        home.save_revision().publish()

    today = timezone.localdate()
    _announcement(
        title="Votre portail locataire fait peau neuve",
        kind=Announcement.Kind.NEWS,
        text="<p>Paiement en ligne, documents, demandes : tout votre espace est désormais réuni au même endroit.</p>",
        show_from=today - timedelta(days=7),
        residences=[],
    )
    _announcement(
        title="Coupure d'eau programmée",
        kind=Announcement.Kind.ALERT,
        text="<p>Des travaux sur le réseau imposent une coupure d'eau froide de 8 h à 12 h, le "
        f"{today + timedelta(days=3):%d/%m/%Y}. Pensez à faire des réserves.</p>",
        show_from=today,
        show_until=today + timedelta(days=3),
        residences=list(Residence.objects.filter(external_id="RES-01")),
    )
    stdout.write(f"Accueil : {Announcement.objects.count()} actualités et alertes.")


def _announcement(*, title, residences, **fields) -> None:
    if Announcement.objects.filter(title=title).exists():
        return
    announcement = Announcement(title=title, residences=residences, **fields)
    announcement.save()
    announcement.save_revision().publish()
