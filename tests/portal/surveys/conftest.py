from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from tests.conftest import MODEL_BACKEND
from tests.factories import HouseholdMemberFactory, LeaseFactory, SignatoryFactory, StaffUserFactory, TenantUserFactory
from tests.portal.documents.conftest import private_files_in_tmp  # noqa: F401 - PDFs of « Mes documents » in tmp

from .factories import launched


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def martins(db):
    """Lease 100001: Claire and Karim MARTIN, each with an account, and their daughter Inès."""
    lease = LeaseFactory(tenant_number="100001", paperless_since=timezone.now())
    claire = TenantUserFactory(
        email="claire.martin@example.org",
        signatory=SignatoryFactory(lease=lease, first_name="Claire", last_name="MARTIN", birth_date=date(1985, 3, 14)),
    )
    karim = TenantUserFactory(
        email="karim.martin@example.org",
        signatory=SignatoryFactory(lease=lease, first_name="Karim", last_name="MARTIN", birth_date=date(1983, 11, 2)),
    )
    HouseholdMemberFactory(lease=lease, first_name="Inès", last_name="MARTIN", birth_date=date(2012, 5, 3))
    return claire, karim


@pytest.fixture
def claire(martins):
    return martins[0]


@pytest.fixture
def karim(martins):
    return martins[1]


@pytest.fixture
def campaign(martins):
    return launched(martins[0].signatory.lease)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user, backend=MODEL_BACKEND)
    return client


@pytest.fixture
def claire_client(claire):
    return logged_in(claire)


@pytest.fixture
def karim_client(karim):
    return logged_in(karim)


@pytest.fixture
def surveys_staff(db):
    return StaffUserFactory(email="enquetes@example.org", group="Enquêtes")
