"""« Mot de passe oublié ? » and « Recevoir un nouveau lien » cannot flood a mailbox."""

from django.test import Client
from django.urls import reverse

from portal.accounts.models import User

from .conftest import mails_to, page_text


def test_two_hundred_reset_requests_send_at_most_three_emails(client, tenant, settings):
    for _post in range(200):
        response = client.post(reverse("accounts:password_reset"), {"email": tenant.email.upper()})
        assert response.url == reverse("accounts:password_reset_done")

    assert len(mails_to(tenant.email)) == settings.ACCOUNT_EMAILS_PER_RECIPIENT == 3


def test_two_hundred_resend_requests_send_at_most_three_emails(client, tenant):
    User.objects.filter(pk=tenant.pk).update(is_active=False)
    for number in range(200):
        # Even from many addresses: the count is per recipient too.
        Client().post(
            reverse("accounts:signup_resend"),
            {"email": tenant.email},
            REMOTE_ADDR=f"203.0.{number // 250}.{number % 250}",
        )

    assert len(mails_to(tenant.email)) == 3


def test_one_address_cannot_flood_many_mailboxes(client, settings, django_user_model, db):
    tenants = [
        django_user_model.objects.create_user(f"voisin{number}@example.org", "x", is_active=True)
        for number in range(15)
    ]
    for user in tenants:
        client.post(reverse("accounts:password_reset"), {"email": user.email}, REMOTE_ADDR="203.0.113.7")

    sent = sum(len(mails_to(user.email)) for user in tenants)
    assert sent == settings.ACCOUNT_EMAILS_PER_ADDRESS


def test_the_answer_is_the_same_past_the_limit(client, tenant):
    answers = {
        page_text(client.post(reverse("accounts:password_reset"), {"email": tenant.email}, follow=True))
        for _post in range(5)
    }
    unknown = page_text(client.post(reverse("accounts:password_reset"), {"email": "personne@example.org"}, follow=True))

    assert answers == {unknown}
