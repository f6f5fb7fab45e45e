from django import template
from django.utils import timezone

from ..selectors import lease_pending_response

register = template.Library()


@register.inclusion_tag("surveys/includes/banner.html", takes_context=True)
def survey_banner(context):
    """« Enquête SLS 2027 : répondez avant le … » on every page of the space until the lease has answered."""
    lease = context.get("tenant_lease")
    if not lease:
        return {"response": None}
    return {"response": lease_pending_response(lease=lease, today=timezone.localdate())}
