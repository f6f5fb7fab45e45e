import logging

import pytest
from django.core.cache import cache

from tests.factories import PASSWORD, StaffUserFactory, TenantUserFactory

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """Keep the migrated content (home page, site, groups) restorable by every browser test.

    Django stores it on the connection object at test-database creation; Playwright's event loop
    can give later tests another connection object (connections are context-local), which would
    then restore nothing and leave '/' without a site. The class keeps it for every instance.
    """
    from django.db import connections

    for connection in connections.all():
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents is not None:
            type(connection)._test_serialized_contents = contents


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


@pytest.fixture
def commit_callbacks_run_at_once(db, monkeypatch):
    """Tasks queued outside any transaction of the code under test run at once, as they do in
    production (autocommit), although the test itself runs inside a transaction that is never
    committed. Tasks queued inside a service's transaction still wait for it (capture them with
    `django_capture_on_commit_callbacks`)."""
    from django.db import connection, transaction

    baseline = len(connection.atomic_blocks)
    real_on_commit = transaction.on_commit

    def on_commit(func, using=None, robust=False):
        if len(connection.atomic_blocks) <= baseline:
            try:
                func()
            except Exception:
                if not robust:
                    raise
                logging.getLogger("django.db.backends.base").exception("robust on_commit callback failed")
        else:
            real_on_commit(func, using=using, robust=robust)

    monkeypatch.setattr("portal.core.tasks.transaction.on_commit", on_commit)


def assert_admin_refused(response):
    """Wagtail's answer to a signed-in staff member without the right: back to the dashboard, with
    the message « Vous n'avez pas la permission d'accéder à cette zone »; the screen never shows."""
    assert response.status_code == 302, response.status_code
    assert response.url == "/admin/", response.url


def assert_sent_to_login(response, login_url="/admin/login/"):
    """An anonymous visitor, or someone with no access to that area, is sent to its login page."""
    assert response.status_code == 302, response.status_code
    assert response.url.startswith(f"{login_url}?next="), response.url
