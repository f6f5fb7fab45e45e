from io import StringIO

from django.urls import reverse

from portal.accounts import demo as accounts_demo
from portal.accounts.models import SignupCode
from portal.core.models import SiteSettings
from portal.leases import demo as leases_demo

from .conftest import page_text


def test_demo_sign_up_works_without_a_code_and_lucas_has_one_for_the_strong_mode(client, db):
    out = StringIO()
    leases_demo.load(stdout=out)
    accounts_demo.load(stdout=out)
    accounts_demo.load(stdout=out)

    assert not SiteSettings.load().signup_code_required
    assert SignupCode.objects.get(signatory__lease__tenant_number="100003").code == "DEMOLUCAS2026"
    assert "DEMO-LUCAS-2026" in out.getvalue()
    assert "Code personnel d'inscription" not in page_text(client.get(reverse("accounts:signup")))
