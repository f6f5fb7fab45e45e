import pytest

from portal.requests.models import RequestCategory


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Attachments of a test go to its own folder."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def plumbing(db):
    housing = RequestCategory.objects.create(name="Logement")
    return RequestCategory.objects.create(name="Plomberie", parent=housing)


@pytest.fixture
def tenant_repair(db):
    housing = RequestCategory.objects.get_or_create(name="Logement", parent=None)[0]
    return RequestCategory.objects.create(
        name="Serrurerie",
        parent=housing,
        tenant_responsibility=True,
        notice="Le remplacement des clés perdues est à votre charge.",
    )
