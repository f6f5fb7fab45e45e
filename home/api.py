"""« Actualités et alertes » for the mobile apps: what the tenant space shows, for the caller's residence."""

from ninja import Router

from portal.api.errors import AUTHENTICATED, errors
from portal.api.schemas import AnnouncementOut

from .models import Announcement

router = Router(tags=["Actualités et alertes"])


@router.get("/news", response={200: list[AnnouncementOut], **errors(*AUTHENTICATED)}, summary="Actualités et alertes")
def news(request):
    return [
        {
            "id": item.pk,
            "kind": item.kind,
            "title": item.title,
            "text_html": str(item.text),
            "show_from": item.show_from,
            "show_until": item.show_until,
        }
        for item in Announcement.objects.current().for_lease(request.lease)
    ]
