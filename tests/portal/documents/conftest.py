import pytest


@pytest.fixture(autouse=True)
def private_files_in_tmp(tmp_path):
    """Each test files its PDFs in a folder of its own, never in the project's var/private."""
    from filer import settings as filer_settings

    storage = filer_settings.FILER_PRIVATEMEDIA_STORAGE
    saved = storage._location

    def reset(location):
        storage._location = location
        for cached in ("base_location", "location"):
            storage.__dict__.pop(cached, None)

    reset(str(tmp_path / "private-filer"))
    yield
    reset(saved)
