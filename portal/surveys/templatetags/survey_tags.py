from django import template
from django.utils import timezone

from ..selectors import lease_current_response, lease_pending_response

register = template.Library()


@register.inclusion_tag("surveys/includes/banner.html", takes_context=True)
def survey_banner(context):
    """« Enquête SLS 2027 : répondez avant le … » on every page of the space until the lease has answered."""
    lease = context.get("tenant_lease")
    if not lease:
        return {"response": None}
    return {"response": lease_pending_response(lease=lease, today=timezone.localdate())}


@register.inclusion_tag("surveys/includes/home_summary.html", takes_context=True)
def survey_summary(context):
    """On « Accueil », once the lease has answered: where its answer stands, and the way to it."""
    lease = context.get("tenant_lease")
    response = lease_current_response(lease=lease, today=timezone.localdate()) if lease else None
    return {"response": response if response is not None and not response.is_editable else None}
