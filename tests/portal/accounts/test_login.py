from django.urls import reverse

from portal.accounts.models import User
from tests.factories import PASSWORD, StaffUserFactory, TenantUserFactory

from .conftest import log_in, logged_in, page_text

LOCKED = "Accès temporairement bloqué"


def test_tenant_lands_in_their_space(client, tenant):
    response = log_in(client, tenant.email, PASSWORD)
    assert response.url == reverse("space:home")


def test_identifiant_is_case_insensitive(client, tenant):
    log_in(client, tenant.email.upper(), PASSWORD)
    assert logged_in(client)


def test_staff_land_in_the_wagtail_admin(client, support_user):
    response = log_in(client, support_user.email, PASSWORD)
    assert response.url == "/admin/"


def test_wrong_password_says_so_and_warns_about_the_lockout(client, tenant):
    response = log_in(client, tenant.email, "pas-le-bon-mot-de-passe")
    assert response.status_code == 200
    assert "Identifiant ou mot de passe incorrect" in page_text(response)
    assert not logged_in(client)


def test_login_waiting_for_confirmation_says_how_to_activate(client, tenant):
    User.objects.filter(pk=tenant.pk).update(is_active=False)
    response = log_in(client, tenant.email, PASSWORD)
    assert "pas encore activé" in page_text(response)
    assert not logged_in(client)


def test_five_failures_lock_the_identifiant_even_with_the_right_password(client, tenant):
    for _attempt in range(4):
        assert log_in(client, tenant.email, "mauvais").status_code == 200
    fifth = log_in(client, tenant.email.upper(), "mauvais")
    assert fifth.status_code == 429
    assert LOCKED in page_text(fifth)
    assert "bloqué pendant 15 minutes" in page_text(fifth)

    response = log_in(client, tenant.email, PASSWORD)

    assert response.status_code == 429
    assert LOCKED in page_text(response)
    assert not logged_in(client)


def test_lock_of_one_identifiant_leaves_the_others_alone(client, tenant, other_tenant):
    for _attempt in range(5):
        log_in(client, tenant.email, "mauvais")
    log_in(client, other_tenant.email, PASSWORD)
    assert logged_in(client)


def test_wagtail_admin_login_is_throttled_too(client, db):
    staff = StaffUserFactory()
    for _attempt in range(5):
        client.post("/admin/login/", {"username": staff.email, "password": "mauvais"})

    response = client.post("/admin/login/", {"username": staff.email, "password": PASSWORD})

    assert response.status_code == 429
    assert not logged_in(client)


def test_logout_is_a_post_and_says_goodbye(client, tenant):
    log_in(client, tenant.email, PASSWORD)
    assert client.get(reverse("accounts:logout")).status_code == 405

    response = client.post(reverse("accounts:logout"), follow=True)

    assert not logged_in(client)
    assert "Vous êtes déconnecté(e)" in page_text(response)


def test_the_space_asks_to_log_in(client, db):
    response = client.get(reverse("space:home"))
    assert response.url.startswith(reverse("accounts:login"))


def test_tenant_name_menu_leads_to_modifier_mes_acces(client, db):
    tenant = TenantUserFactory()
    log_in(client, tenant.email, PASSWORD)
    response = client.get(reverse("space:home"))
    assert reverse("accounts:access") in page_text(response)
    assert "Modifier mes accès" in page_text(response)
