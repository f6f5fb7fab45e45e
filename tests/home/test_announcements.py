"""News and alerts targeted to residences reach only the tenants of those residences."""

from html import unescape

import pytest
from django.utils import timezone

from home.models import Announcement
from tests.conftest import MODEL_BACKEND
from tests.factories import TenantUserFactory


def _publish(title, residences):
    item = Announcement(title=title, text="<p>Travaux</p>", show_from=timezone.localdate(), residences=residences)
    item.save()
    item.save_revision().publish()
    return item


@pytest.mark.django_db
def test_residence_alert_is_shown_only_in_the_space_of_its_tenants(client, tenant, other_tenant):
    residence = tenant.signatory.lease.residence
    _publish("Coupure d'eau au bâtiment A", [residence])
    _publish("Nouveau service en ligne", [])
    neighbour = TenantUserFactory(signatory__lease__residence=residence)

    for user in (tenant, neighbour):
        client.force_login(user, backend=MODEL_BACKEND)
        html = unescape(client.get("/espace/").content.decode())
        assert "Coupure d'eau au bâtiment A" in html
        assert "Nouveau service en ligne" in html

    client.force_login(other_tenant, backend=MODEL_BACKEND)
    html = unescape(client.get("/espace/").content.decode())
    assert "Coupure d'eau au bâtiment A" not in html
    assert "Nouveau service en ligne" in html

    client.logout()
    assert "Coupure d'eau au bâtiment A" not in unescape(client.get("/").content.decode())


@pytest.mark.django_db
def test_unpublished_alert_disappears_from_the_space(tenant_client, tenant):
    alert = _publish("Ascenseur en panne", [tenant.signatory.lease.residence])
    assert "Ascenseur en panne" in tenant_client.get("/espace/").content.decode()

    alert.unpublish()

    assert "Ascenseur en panne" not in tenant_client.get("/espace/").content.decode()
