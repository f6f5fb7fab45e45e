"""Money the French way, for pages and e-mails: « 1 234,56 € »."""

from decimal import Decimal

from django.utils.numberformat import format as number_format

NBSP = "\u00a0"


def euros(value: Decimal | None) -> str:
    if value is None:
        return ""
    amount = number_format(Decimal(value), ",", 2, 3, NBSP, force_grouping=True)
    return f"{amount}{NBSP}€"
