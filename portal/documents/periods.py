"""Months as the documents speak of them: « 2026-11 » on the command line, « novembre 2026 » for people."""

import re
from datetime import date

from django.utils import timezone, translation
from django.utils.formats import date_format

PERIOD_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


def period_parse(text: str) -> date:
    """« 2026-11 » -> date(2026, 11, 1); ValueError for anything else."""
    match = PERIOD_PATTERN.match(text.strip())
    if not match or not 1 <= int(match[2]) <= 12:
        raise ValueError(f"« {text} » n'est pas une période AAAA-MM.")
    return date(int(match[1]), int(match[2]), 1)


def period_label(period: date) -> str:
    """« novembre 2026 », in French whatever language the caller runs in (tasks, commands)."""
    with translation.override("fr"):
        return date_format(period, "F Y")


def period_next(period: date) -> date:
    return date(period.year + 1, 1, 1) if period.month == 12 else date(period.year, period.month + 1, 1)


def period_previous(period: date) -> date:
    return date(period.year - 1, 12, 1) if period.month == 1 else date(period.year, period.month - 1, 1)


def current_period() -> date:
    return timezone.localdate().replace(day=1)
