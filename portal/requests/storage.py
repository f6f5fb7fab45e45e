"""Where request attachments live: under PRIVATE_MEDIA_ROOT, never behind a public URL."""

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage

from portal.object_storage import object_storage_enabled, private_s3_storage


class LocalRequestStorage(FileSystemStorage):
    """Files read only by the permission-checked views of portal.requests.views and admin_views."""

    @property
    def base_location(self):
        # Read at each access so that a changed PRIVATE_MEDIA_ROOT (tests, deploys) is honoured.
        return str(Path(settings.PRIVATE_MEDIA_ROOT) / "requests")

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Request attachments have no public URL; use the attachment views.")


class PrivateRequestStorage(LocalRequestStorage):
    """PRIVATE_MEDIA_ROOT/requests, or the bucket's private/requests/ prefix with object storage."""

    def __new__(cls, *args, **kwargs):
        if object_storage_enabled():
            return private_s3_storage("requests")
        return super().__new__(cls, *args, **kwargs)


private_request_storage = PrivateRequestStorage()
