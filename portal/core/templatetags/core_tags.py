from django import template
from django.template.defaultfilters import filesizeformat

from portal.core.addresses import address_without_name

register = template.Library()


@register.filter
def without_name(address: str, name: str) -> str:
    """`{{ address|without_name:landlord_name|linebreaksbr }}`: the name once, above the address."""
    return address_without_name(address or "", name or "")


_FRENCH_UNITS = {"Kio": "Ko", "Mio": "Mo", "Gio": "Go"}


@register.filter
def file_size(size: int) -> str:
    """« 2,4 Mo », as French readers write it (Django's French translation says « Mio »)."""
    text = filesizeformat(size)
    for binary, usual in _FRENCH_UNITS.items():
        text = text.replace(binary, usual)
    return text


@register.filter
def pluriel(count, suffixes: str = "s") -> str:
    """French plural (Django's `pluralize` is English: « 0 mandats », « 27 bailx »): 0 and 1 are
    singular. `suffixes` is the plural suffix, or « singular,plural »: ba{{ n|pluriel:"il,ux" }}."""
    singular, _comma, plural = suffixes.rpartition(",")
    count = len(count) if hasattr(count, "__len__") else count
    try:
        return plural if abs(float(count)) >= 2 else singular
    except (TypeError, ValueError):
        return ""
