"""Files in an S3-compatible bucket (django-storages), when AWS_STORAGE_BUCKET_NAME is set.

One bucket, two prefixes: `media/` for public media (Wagtail images, public filer files), served
by the proxy under /media/ on the portal's own origin; `private/` for every private file (tenant
documents, request attachments, insurance certificates), never under a public URL: after the
permission check the proxy fetches them with a presigned URL valid for a minute.
"""

from django.conf import settings
from django.utils.http import content_disposition_header
from storages.backends.s3 import S3Storage


def object_storage_enabled() -> bool:
    return bool(settings.AWS_STORAGE_BUCKET_NAME)


class PublicMediaS3Storage(S3Storage):
    """Public media: URLs on the portal's origin (/media/<name>), which the proxy maps to the bucket."""

    def __init__(self, **kwargs):
        self.public_base_url = kwargs.pop("base_url", settings.MEDIA_URL)
        kwargs.setdefault("location", "media")
        super().__init__(**kwargs)

    def url(self, name, parameters=None, expire=None, http_method=None):
        return f"{self.public_base_url.rstrip('/')}/{name.lstrip('/')}"


class PrivateS3Storage(S3Storage):
    """Private files: no URL of their own; `presigned_url` is for the proxy only."""

    def __init__(self, **kwargs):
        kwargs.pop("base_url", None)
        kwargs.setdefault("location", "private")
        kwargs.setdefault("default_acl", "private")
        kwargs.setdefault("querystring_auth", True)
        super().__init__(**kwargs)

    def url(self, name, parameters=None, expire=None, http_method=None):
        raise ValueError("Private files have no public URL: serve them through a permission-checked view.")

    def presigned_url(self, name: str, *, content_type: str, filename: str, as_attachment: bool) -> str:
        parameters = {
            "ResponseContentType": content_type,
            "ResponseContentDisposition": content_disposition_header(as_attachment, filename),
            "ResponseCacheControl": "private, no-store",
        }
        return super().url(name, parameters=parameters, expire=settings.PRIVATE_MEDIA_URL_EXPIRE)


def private_s3_storage(folder: str) -> PrivateS3Storage:
    return PrivateS3Storage(location=f"private/{folder}")
