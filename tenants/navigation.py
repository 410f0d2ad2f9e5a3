"""The main menu: each app registers its pages here (in AppConfig.ready), the base layout shows them.

An entry names a URL, the kind of site it belongs to and, optionally, which roles see it.
Entries whose URL does not exist on the current site are left out, so an app can register
a page for one kind of site only.
"""

from dataclasses import dataclass
from functools import cache

from django.urls import NoReverseMatch, reverse
from django.utils import translation

from . import access
from .swedish import sort_key

KOMMUN, CONSORTIUM = "kommun", "consortium"


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    site: str  # KOMMUN or CONSORTIUM
    order: int = 100
    roles: frozenset[str] | None = None  # None: everyone who may open the site


_registry: list[NavItem] = []


def register(*items: NavItem) -> None:
    for item in items:
        if item not in _registry:
            _registry.append(item)
    _in_order.cache_clear()


def _place(item: NavItem) -> tuple[int, str]:
    """Entries with the same order number by their Swedish label, so the menu has one order in every language."""
    with translation.override("sv"):
        return item.order, sort_key(str(item.label))


@cache
def _in_order() -> list[NavItem]:
    """The registry in the menu's order, sorted once (every page shows it; register() starts again)."""
    return sorted(_registry, key=_place)


def menu(request) -> list[dict]:
    """The entries for this request: label, href and whether it is the current page."""
    tenant, user = request.tenant, request.user
    site = CONSORTIUM if tenant.is_consortium else KOMMUN
    roles = {access.consortium_role(user), None if tenant.is_consortium else access.kommun_role(user, tenant)}
    entries = []
    for item in _in_order():
        if item.site != site or (item.roles is not None and not (item.roles & roles)):
            continue
        try:
            href = reverse(item.url_name, urlconf=getattr(request, "urlconf", None))
        except NoReverseMatch:
            continue
        entries.append({"label": item.label, "href": href, "current": False})
    # The current page is the entry with the longest link that the path starts with
    # (/planering/portfolj/ is the portfolio, not the plan at /planering/).
    matching = [
        e for e in entries if request.path == e["href"] or (e["href"] != "/" and request.path.startswith(e["href"]))
    ]
    if matching:
        max(matching, key=lambda e: len(e["href"]))["current"] = True
    return entries
