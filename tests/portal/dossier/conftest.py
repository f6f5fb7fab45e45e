import pytest


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Proof files go to a throw-away private folder."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT
