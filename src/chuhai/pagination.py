"""A page of results with the numbers a list page needs, and its JSON envelope for the API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Generic, TypeVar

from annotated_types import Ge, Le
from pydantic import BaseModel
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from chuhai.errors import ValidationFailed

T = TypeVar("T")
MAX_PAGE_SIZE = 200
# Far beyond any list (a million pages); an offset past it overflowed the database's integers (a 500).
MAX_PAGE = 1_000_000
# The query parameters of every paged route: `page: PageNumber = 1, size: ItemCount = 25` (422 outside).
PageNumber = Annotated[int, Ge(1), Le(MAX_PAGE)]
ItemCount = Annotated[int, Ge(1), Le(MAX_PAGE_SIZE)]


@dataclass(slots=True)
class Page(Generic[T]):
    items: list[T]
    total: int
    page: int
    size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_prev(self) -> bool:
        return self.page > 1


def paginate(session: Session, query: Select, page: int, size: int) -> Page:
    if page > MAX_PAGE:
        raise ValidationFailed("Page %(page)s is beyond the last possible page (%(max_page)s).", page=page,
                               max_page=MAX_PAGE, details={"field": "page"})
    page = max(1, page)
    size = max(1, min(size, MAX_PAGE_SIZE))
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    items = list(session.scalars(query.limit(size).offset((page - 1) * size)).unique())
    return Page(items=items, total=total, page=page, size=size)


class PageOut(BaseModel, Generic[T]):
    """The API's page envelope: `{items, total, page, size}`."""

    items: list[T]
    total: int
    page: int
    size: int
