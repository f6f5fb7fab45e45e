from django import template

from portal.billing.formats import euros as format_euros

register = template.Library()


@register.filter
def euros(value):
    """1234.5 -> « 1 234,50 € »."""
    return format_euros(value)


@register.filter
def euros_abs(value):
    """The amount without its sign, for sentences that already say due or credit."""
    return format_euros(abs(value)) if value is not None else ""
