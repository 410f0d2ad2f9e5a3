"""{% load sites %}{% site_switcher %}: 'Byt plats' in the page header, the sites the person may go to.

The förvaltning and ledning may go to every kommun the consortium works for (290 at full scale), on every page
they open. Drawn here in one pass instead of a template loop over model instances: the person's own sites come
from their memberships, which every request reads anyway (tenants.access.memberships), and the other kommuner
of a consortium reader from one .values_list query. Nothing is kept between requests but the Swedish order of
a list of names (keyed by the names themselves), so a change of membership, a kommun joining, leaving or renamed
shows on the next page on every site, and a kommun member never sees a site that is not theirs.
"""

from functools import lru_cache

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from tenants import access
from tenants.models import Kommun, site_url
from tenants.swedish import sort_key

register = template.Library()
_CURRENT = ' aria-current="page"'


def site_rows(user) -> tuple[tuple[int, str, str, bool], ...]:
    """(pk, name, subdomain, is consortium) of every site `user` may use: the consortium first, then the kommuner in
    Swedish alphabetical order (as access.sites_for_user, without model instances)."""
    rows = {m.kommun_id: (m.kommun_id, m.kommun.name, m.kommun.subdomain, m.kommun.is_consortium)
            for m in access.memberships(user)}  # fmt: skip
    if access.consortium_role(user) is not None:
        for pk, name, subdomain in Kommun.objects.active().values_list("pk", "name", "subdomain"):
            rows.setdefault(pk, (pk, name, subdomain, False))
    return _in_order(tuple(rows.values()))


@lru_cache(maxsize=64)
def _in_order(rows: tuple) -> tuple:
    return tuple(sorted(rows, key=lambda row: (not row[3], sort_key(row[1]), row[0])))


@register.simple_tag(takes_context=True)
def site_switcher(context) -> str:
    """The switcher, when the person has more than one site or reads every kommun; else nothing.
    A <details> disclosure (a button for the keyboard and screen readers), the current site marked aria-current."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    rows = site_rows(user)
    if len(rows) <= 1 and access.consortium_role(user) is None:
        return ""
    current = getattr(context.get("current_site"), "pk", None)
    consortium_label = escape(_("Samverkan"))
    items = "".join(
        f'<li><a href="{escape(site_url(subdomain, is_consortium))}"{_CURRENT if pk == current else ""}>'
        f"{consortium_label if is_consortium else escape(name)}</a></li>"
        for pk, name, subdomain, is_consortium in rows
    )
    summary = escape(_("Byt plats"))
    return mark_safe(  # noqa: S308 - every part escaped
        f'<details class="site-switcher">\n  <summary>{summary}</summary>\n  <ul>{items}</ul>\n</details>'
    )
