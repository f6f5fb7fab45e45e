"""The APIs, assembled here because they span layers: /api/v1/ (portal.api, plus the news of
home) and Wagtail's own API for the public pages (/api/cms/)."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from home.api import router as news_router
from portal.api.api import api

api.add_router("/", news_router)

cms_api = WagtailAPIRouter("wagtailapi")
cms_api.register_endpoint("pages", PagesAPIViewSet)
