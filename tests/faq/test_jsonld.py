import json
import re
from html import unescape

import pytest

from tests.faq.factories import faq_page_create

LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.mark.django_db
def test_faq_page_carries_valid_schema_org_faqpage(client):
    faq = faq_page_create()

    html = client.get(faq.url).content.decode()

    blocks = LD_JSON.findall(html)
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "FAQPage"
    assert len(data["mainEntity"]) == len(faq.questions())
    for entity, question in zip(data["mainEntity"], faq.questions(), strict=True):
        assert entity["@type"] == "Question"
        assert entity["name"] == question["question"]
        assert entity["url"].endswith(f"{faq.url}#{question['anchor']}")
        assert entity["acceptedAnswer"]["@type"] == "Answer"
        assert entity["acceptedAnswer"]["text"].startswith("<")
    names = [entity["name"] for entity in data["mainEntity"]]
    assert "Mon compte bancaire a changé : comment mettre à jour mon RIB ?" in names


@pytest.mark.django_db
def test_json_ld_cannot_close_its_script_element(client):
    faq = faq_page_create(themes=[("Piège", [("</script><b>x</b>", "<p>a & b</p>")])])
    html = client.get(faq.url).content.decode()
    data = json.loads(LD_JSON.search(html).group(1))
    assert data["mainEntity"][0]["name"] == "</script><b>x</b>"
    assert "<b>x</b>" not in unescape(html.split("<main", 1)[0])
