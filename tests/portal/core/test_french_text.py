"""What a French reader notices: spaces that never break before « : ; ! ? » and inside « », sizes in
Ko/Mo, the landlord's name printed once."""

import re

from django.template import Context, Template
from django.test import Client
from django.urls import reverse

from portal.core.models import SiteSettings
from portal.core.templatetags.core_tags import file_size
from portal.core.typography import NBSP, french_spacing_html
from tests.portal.mandates.factories import martin_household

from ..mandates.test_mandates import ACCEPT, fill_steps_1_and_2

# A plain space before a French double punctuation or the closing guillemet, or after the opening one.
BREAKABLE = re.compile(r"« | [»:;!?](?=\s|$|<)")


def visible_text(html: str) -> str:
    html = re.sub(r"(?is)<(script|style|textarea|pre)\b.*?</\1\s*>", "", html)
    return "\n".join(re.sub(r"<[^>]*>", "\n", html).splitlines())


def test_text_gets_non_breaking_spaces_and_markup_is_left_alone():
    html = (
        '<p title="Mot de passe oublié ?">Mot de passe oublié ? Écrivez « Mes documents » : merci !</p>'
        '<a href="/x?a=1">Voir : https://example.org/a?b</a> à 12:30'
        "<textarea>Le joint fuit ! Vite :</textarea><script>if (a ? b : c) {}</script>"
    )
    assert french_spacing_html(html) == (
        f'<p title="Mot de passe oublié ?">Mot de passe oublié{NBSP}? Écrivez «{NBSP}Mes documents{NBSP}»{NBSP}: '
        f'merci{NBSP}!</p><a href="/x?a=1">Voir{NBSP}: https://example.org/a?b</a> à 12:30'
        "<textarea>Le joint fuit ! Vite :</textarea><script>if (a ? b : c) {}</script>"
    )


def test_public_and_tenant_pages_never_break_before_french_punctuation(tenant_client):
    visitor = Client()
    pages = [visitor.get("/"), visitor.get(reverse("accounts:login")), visitor.get(reverse("accounts:signup"))]
    pages += [
        tenant_client.get(reverse(name))
        for name in ["space:home", "billing:payments", "requests:list", "requests:create", "dossier:index"]
    ]
    for response in pages:
        assert response.status_code == 200
        offending = BREAKABLE.findall(visible_text(response.content.decode()))
        assert offending == [], f"{response.request['PATH_INFO']}: {offending}"


def test_the_footer_prints_the_landlords_name_once(client, db):
    site = SiteSettings.load()
    site.landlord_name, site.postal_address = "Habitat du Gard", "Habitat du Gard\n1 rue de l'exemple\n30000 Nîmes"
    site.save()
    footer = client.get(reverse("accounts:login")).content.decode().split("<footer", 1)[1]
    assert visible_text(footer).count("Habitat du Gard") == 1
    assert "1 rue de l&#x27;exemple" in footer


def test_the_mandate_prints_the_creditors_name_once(client, db):
    claire, _ = martin_household()
    client.force_login(claire, backend="django.contrib.auth.backends.ModelBackend")
    fill_steps_1_and_2(client)
    page = visible_text(client.get(ACCEPT).content.decode())
    creditor = page.split("Créancier", 1)[1].split("Débiteur", 1)[0]
    assert creditor.count("Habitat du Gard") == 1, creditor


def test_file_sizes_read_in_ko_and_mo():
    assert file_size(2_500_000) == "2,4\u00a0Mo"
    assert file_size(12_000) == "11,7\u00a0Ko"


def test_counts_read_in_french_zero_and_one_singular():
    rendered = Template(
        "{% load core_tags %}{% for n in counts %}"
        '{{ n }} ba{{ n|pluriel:"il,ux" }}, {{ n }} mandat{{ n|pluriel }}; '
        "{% endfor %}"
    ).render(Context({"counts": [0, 1, 2, 27]}))
    assert rendered == "0 bail, 0 mandat; 1 bail, 1 mandat; 2 baux, 2 mandats; 27 baux, 27 mandats; "
