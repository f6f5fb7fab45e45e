"""Personal sign-up codes (mode renforcé): imported from the management system, printed on the
rent notice, asked by « Créer mon compte » when SiteSettings.signup_code_required is on."""

import hashlib
import hmac
import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from portal.core.models import SiteSettings

from .models import SignupCode


def code_normalize(value: str) -> str:
    """« abcd-efgh » and « ABCD EFGH » are one code: no spaces, dashes or case."""
    return re.sub(r"[\s\-]+", "", value or "").upper()


def code_hash(value: str) -> str:
    return hashlib.sha256(code_normalize(value).encode()).hexdigest()


def signup_code_required() -> bool:
    return SiteSettings.load().signup_code_required


@dataclass
class CodesReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def signup_codes_set(*, codes: dict[int, str]) -> CodesReport:
    """Record each signatory's code (signatory id -> code). The same code again changes nothing,
    even once used; a different one replaces it and can serve once."""
    report = CodesReport()
    existing = {item.signatory_id: item for item in SignupCode.objects.filter(signatory_id__in=codes)}
    now = timezone.now()
    to_create, to_update = [], []
    for signatory_id, code in codes.items():
        digest = code_hash(code)
        item = existing.get(signatory_id)
        if item is None:
            to_create.append(SignupCode(signatory_id=signatory_id, code=code_normalize(code), code_hash=digest))
        elif item.code_hash == digest:
            report.unchanged += 1
        else:
            item.code, item.code_hash, item.imported_at, item.used_at = code_normalize(code), digest, now, None
            to_update.append(item)
    SignupCode.objects.bulk_create(to_create, batch_size=1000)
    SignupCode.objects.bulk_update(to_update, ["code", "code_hash", "imported_at", "used_at"], batch_size=1000)
    report.created, report.updated = len(to_create), len(to_update)
    return report


def signup_code_matches(*, signatory_id: int, code: str) -> bool:
    item = SignupCode.objects.filter(signatory_id=signatory_id, used_at__isnull=True).first()
    return item is not None and hmac.compare_digest(item.code_hash, code_hash(code))


def signup_code_use(*, signatory_id: int) -> None:
    """The code served: it cannot serve again, and its clear text is erased."""
    with transaction.atomic():
        SignupCode.objects.filter(signatory_id=signatory_id, used_at__isnull=True).update(
            used_at=timezone.now(), code=""
        )


def signup_codes_for_notice(*, lease_id: int) -> dict[int, str]:
    """Signatory id -> code to print on the lease's rent notice: unused codes of signatories
    without a login, when the mode renforcé is on."""
    return signup_codes_for_notices(lease_ids=[lease_id]).get(lease_id, {})


def signup_codes_for_notices(*, lease_ids: list[int]) -> dict[int, dict[int, str]]:
    """`signup_codes_for_notice` of many leases (a chunk of the monthly notices) in one query:
    lease id -> {signatory id -> code}; a lease without a code to print is left out."""
    if not signup_code_required():
        return {}
    codes: dict[int, dict[int, str]] = {}
    for lease_id, signatory_id, code in SignupCode.objects.filter(
        signatory__lease_id__in=lease_ids, used_at__isnull=True, signatory__user__isnull=True
    ).values_list("signatory__lease_id", "signatory_id", "code"):
        codes.setdefault(lease_id, {})[signatory_id] = code
    return codes
