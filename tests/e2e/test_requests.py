"""« Mes demandes » in a real browser: a leak reported with a photo, a complément, staff take it in charge."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from portal.requests.models import RequestCategory, TenantRequest
from tests.factories import PASSWORD, StaffUserFactory, TenantUserFactory
from tests.portal.requests.factories import StaffProfileFactory, jpeg_bytes

from .conftest import assert_accessible, log_in


@pytest.fixture
def claire(db):
    housing = RequestCategory.objects.create(name="Logement")
    RequestCategory.objects.create(name="Plomberie", parent=housing)
    RequestCategory.objects.create(name="Autre")
    return TenantUserFactory(
        email="claire.test@example.org",
        signatory__first_name="Claire",
        signatory__last_name="MARTIN",
        signatory__mobile_phone="06 12 34 01 01",
    )


@pytest.fixture
def technician(claire):
    user = StaffUserFactory(email="technique.test@example.org", group="Gestion technique")
    StaffProfileFactory(user=user, agency=claire.signatory.lease.residence.agency)
    return user


def test_claire_reports_a_leak_and_follows_it_until_staff_take_it_in_charge(
    page, browser, live_server, claire, technician, settings, tmp_path
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    log_in(page, claire.email, PASSWORD)
    page.goto("/espace/demandes/")
    expect(page.get_by_role("heading", name="Mes demandes", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Une nouvelle demande").click()
    expect(page.get_by_role("heading", name="Une nouvelle demande", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Catégorie et sous-catégorie").select_option(label="Plomberie")
    page.get_by_label("Description").fill("Le joint sous l'évier fuit, il y a de l'eau par terre chaque matin.")
    page.get_by_label("Photos ou documents").set_input_files(
        files=[{"name": "fuite.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes(size=(400, 300))}]
    )
    expect(page.get_by_label("Téléphone de contact")).to_have_value("06 12 34 01 01")
    expect(page.get_by_label("E-mail de contact")).to_have_value(claire.email)
    page.get_by_label("Mardi matin").check()
    page.get_by_role("button", name="Sauvegarder").click()

    expect(page.get_by_role("heading", name="Votre demande est envoyée")).to_be_visible()
    request = TenantRequest.objects.get()
    expect(page.get_by_text(request.reference)).to_be_visible()
    assert_accessible(page)
    assert any(request.reference in m.subject for m in mail.outbox)

    page.get_by_role("link", name="Mes demandes").first.click()
    row = page.get_by_role("row").filter(has_text=request.reference)
    expect(row).to_contain_text("Envoyée")
    expect(row).to_contain_text("Logement > Plomberie")
    assert_accessible(page)
    row.get_by_role("link", name=request.reference).click()
    expect(page.get_by_role("heading", name=f"Détail de ma demande {request.reference}")).to_be_visible()
    expect(page.get_by_role("img", name="Photo fuite.jpg")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Votre complément d'information").fill("La fuite a empiré depuis ce matin.")
    page.get_by_role("button", name="Ajouter le complément").click()
    expect(page.get_by_text("Votre complément d'information a été ajouté.")).to_be_visible()
    expect(page.get_by_text("La fuite a empiré depuis ce matin.")).to_be_visible()
    assert_accessible(page)

    # The technician, in the Wagtail admin work queue.
    staff_context = browser.new_context(base_url=live_server.url, locale="fr-FR", timezone_id="Europe/Paris")
    staff = staff_context.new_page()
    staff.goto("/admin/login/")
    staff.get_by_label("Adresse e-mail").fill(technician.email)
    # Wagtail 8 ships this label untranslated.
    staff.get_by_label("Mot de passe").fill(PASSWORD)
    staff.get_by_role("button", name="S'identifier").click()
    staff.goto("/admin/demandes/")
    expect(staff.get_by_text("Envoyée : 1")).to_be_visible()
    assert_accessible(staff)
    staff.get_by_role("link", name=request.reference).click()
    expect(staff.get_by_text("La fuite a empiré depuis ce matin.")).to_be_visible()
    assert_accessible(staff)
    staff.get_by_label("Nouveau statut").select_option(label="Prendre en charge")
    staff.get_by_role("button", name="Changer le statut").click()
    expect(staff.get_by_text("Statut mis à jour")).to_be_visible()
    staff_context.close()

    page.reload()
    expect(page.locator(".request-summary")).to_contain_text("Prise en charge")
    assert_accessible(page)
    status_mail = [m for m in mail.outbox if "prise en charge" in m.subject]
    assert len(status_mail) == 1 and status_mail[0].to == [claire.email]
