"""django-q2 tasks: thin wrappers taking ids (the test settings run them at once)."""

from .models import RequestEvent, TenantRequest
from .notifications import request_receipt_send, request_update_send


def send_request_receipt(request_id: int) -> None:
    request_receipt_send(tenant_request=TenantRequest.objects.select_related("author", "category").get(pk=request_id))


def send_request_update(event_id: int) -> None:
    request_update_send(event=RequestEvent.objects.select_related("request").get(pk=event_id))
