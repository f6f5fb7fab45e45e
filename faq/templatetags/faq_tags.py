import json

from django import template
from django.utils.html import _json_script_escapes, format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def faq_jsonld(context, page, themes):
    """schema.org FAQPage data for search engines, as a JSON data block (not a script: CSP allows it)."""
    request = context["request"]
    page_url = page.get_full_url(request)
    data = {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "name": page.title,
        "url": page_url,
        "mainEntity": [
            {
                "@type": "Question",
                "name": question["question"],
                "url": f"{page_url}#{question['anchor']}",
                "acceptedAnswer": {"@type": "Answer", "text": str(question["answer"])},
            }
            for theme in themes
            for question in theme["questions"]
        ],
    }
    payload = json.dumps(data, ensure_ascii=False).translate(_json_script_escapes)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))
