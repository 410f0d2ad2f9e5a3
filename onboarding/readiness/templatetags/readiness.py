"""The start pages' readiness blocks: one tag each, so the start pages need one line to show them."""

from django import template
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import selectors

register = template.Library()

COLUMNS = [
    ("kommun", _("Kommun")),
    ("klara", _("Klara")),
    ("sena", _("Sena")),
    ("anslutning", _("Första anslutning")),
    ("", _("Nästa åtgärd")),
    ("", _("Läge")),
]


@register.simple_tag
def overview_columns():
    return COLUMNS


@register.inclusion_tag("readiness/partials/start_kommun.html", takes_context=True)
def kommun_readiness(context):
    request = context["request"]
    readiness = selectors.checklist_for(user=request.user, kommun=request.tenant, today=timezone.localdate())
    return {"readiness": readiness, "request": request}


@register.inclusion_tag("readiness/partials/start_consortium.html", takes_context=True)
def consortium_readiness(context):
    request = context["request"]
    sort = request.GET.get("sortera", "kommun")
    rows = selectors.overview(user=request.user, today=timezone.localdate(), sort=sort)
    return {
        "rows": rows,
        "sort": sort if sort in selectors.SORTS else "kommun",
        "columns": COLUMNS,
        "sort_base": request.path,
        "behind": sum(row.behind for row in rows),
        "request": request,
    }
