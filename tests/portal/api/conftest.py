import pytest

from portal.accounts.services import device_sign_in
from tests.portal.documents.conftest import private_files_in_tmp  # noqa: F401 - documents' PDFs in tmp too


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Attachments and proofs of a test go to its own folder."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


class ApiClient:
    """Django's test client speaking to /api/v1/ with a device's bearer token."""

    def __init__(self, client, token: str | None = None):
        self.client = client
        self.token = token

    def _headers(self, headers):
        auth = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        return {**auth, **(headers or {})}

    def get(self, path, data=None, headers=None):
        return self.client.get(f"/api/v1{path}", data, headers=self._headers(headers))

    def post(self, path, json=None, headers=None):
        return self.client.post(
            f"/api/v1{path}",
            json if json is not None else {},
            content_type="application/json",
            headers=self._headers(headers),
        )

    def post_multipart(self, path, data, headers=None):
        return self.client.post(f"/api/v1{path}", data, headers=self._headers(headers))

    def delete(self, path, headers=None):
        return self.client.delete(f"/api/v1{path}", headers=self._headers(headers))


@pytest.fixture
def anonymous_api(client):
    return ApiClient(client)


@pytest.fixture
def tokens(tenant):
    return device_sign_in(user=tenant, name="Pixel de test", client_ip="127.0.0.1")


@pytest.fixture
def api(client, tokens):
    """The API as `tenant`'s phone."""
    return ApiClient(client, tokens.access_token)


@pytest.fixture
def other_api(other_tenant):
    from django.test import Client

    return ApiClient(Client(), device_sign_in(user=other_tenant, name="Autre", client_ip="127.0.0.1").access_token)
