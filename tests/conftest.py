import pytest
from django.core.cache import cache

from tests.factories import PASSWORD, StaffUserFactory, TenantUserFactory

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: Wagtail's site paths, page cache and throttles
    must never leak from one test's database into the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def tenant(db):
    """A confirmed tenant account on a lease of its own."""
    return TenantUserFactory()


@pytest.fixture
def other_tenant(db):
    """A tenant of another lease: nothing of theirs may ever reach `tenant`."""
    return TenantUserFactory()


@pytest.fixture
def tenant_client(client, tenant):
    client.force_login(tenant, backend=MODEL_BACKEND)
    return client


@pytest.fixture
def support_user(db):
    return StaffUserFactory(group="Service client")


@pytest.fixture
def support_client(client, support_user):
    client.force_login(support_user, backend=MODEL_BACKEND)
    return client
