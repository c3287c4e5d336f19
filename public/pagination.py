"""Pagination that never counts the whole list.

A person with tens of thousands of articles must not cost a ``COUNT(*)`` over
all of them on every page view. ``PeekPaginator`` reads one row past the page
instead: one query per page, and it knows whether there is a next page but
not how many pages there are. Pages link "Newer" / "Older" only.
"""

from __future__ import annotations

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator

# Deep pages cost an OFFSET; past this, readers use search filters instead.
# It also keeps absurd numbers (99999999999999999999) away from the database.
MAX_PAGE = 5_000


class PeekPage(Page):
    def __init__(self, object_list, number, paginator, *, has_next: bool) -> None:
        super().__init__(object_list, number, paginator)
        self._has_next = has_next

    def has_next(self) -> bool:
        return self._has_next

    def next_page_number(self) -> int:
        if not self._has_next:
            raise EmptyPage("That page contains no results")
        return self.number + 1

    def start_index(self) -> int:
        if not self.object_list:
            return 0
        return (self.number - 1) * self.paginator.per_page + 1

    def end_index(self) -> int:
        return self.start_index() + len(self.object_list) - 1 if self.object_list else 0


class PeekPaginator(Paginator):
    """A paginator that reads ``per_page + 1`` rows and never counts.

    ``count`` and ``num_pages`` are deliberately unavailable: anything that
    asks for them would bring back the full count this class exists to avoid.
    """

    def validate_number(self, number) -> int:
        """The page number as an int; ``PageNotAnInteger``/``EmptyPage`` if bad."""
        if isinstance(number, str) and not number.isascii():
            raise PageNotAnInteger("That page number is not an integer")
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("That page number is not an integer") from None
        if number < 1 or number > MAX_PAGE:
            raise EmptyPage("That page number is out of range")
        return number

    def page(self, number) -> PeekPage:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and number > 1:
            raise EmptyPage("That page contains no results")
        return PeekPage(
            rows[: self.per_page], number, self, has_next=len(rows) > self.per_page
        )

    def get_page(self, number) -> PeekPage:
        # Django's get_page() quietly shows page 1 for ?page=abc; here a bad
        # page number is a 404, so only page() may be used.
        raise TypeError("Use page(): a bad page number is a 404 here.")

    @property
    def count(self) -> int:
        # Counting is exactly what this paginator exists to avoid.
        raise TypeError("PeekPaginator does not count; use page().has_next().")

    @property
    def num_pages(self) -> int:
        raise TypeError("PeekPaginator does not count; use page().has_next().")
