"""One paging convention for every list that grows: `?page=` (from 1) and `?page_size=` (1 to 100)."""

from django.core.paginator import Paginator
from ninja import Schema
from pydantic import Field

from .schemas import MAX_PAGE_SIZE, PAGE_SIZE


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=100_000, description="Numéro de page, à partir de 1.")
    page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Éléments par page (100 au plus).")


def paginate(queryset, query: PageQuery, serialize) -> dict:
    """The page asked for; a page past the end answers the last one, as on the web."""
    page = Paginator(queryset, query.page_size).get_page(query.page)
    return {
        "items": [serialize(item) for item in page.object_list],
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "page_size": query.page_size,
    }
