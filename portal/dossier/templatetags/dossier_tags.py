from django import template

from portal.core.phones import phone_display, phone_uri

register = template.Library()


@register.filter
def phone(value: str) -> str:
    """« 06 12 34 56 78 » for a French number, « +44 20 7946 0958 » for another."""
    return phone_display(value)


@register.filter
def tel_uri(value: str) -> str:
    return phone_uri(value)
