"""Paging the lists: Django's Paginator, without the COUNT(*) for a list that fits on its first page."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class FirstPagePaginator(Paginator):
    """Reads the first page with one row more than fits on it: when that row is not there, the list fits on one
    page and the rows read are both its count and its page (one query instead of a COUNT and the page). A longer
    list is counted as Django counts it, and its first page is the rows already read."""

    _first = None

    @cached_property
    def count(self) -> int:
        fits = self.per_page + self.orphans
        head = list(self.object_list[: fits + 1])
        if len(head) <= fits:
            self._first = head
            return len(head)
        self._first = head[: self.per_page]
        return super().count

    def page(self, number):
        number = self.validate_number(number)
        if number == 1 and self._first is not None:
            return self._get_page(self._first, number, self)
        return super().page(number)
