"""Tables of the plan page drawn in one pass: {% plan_item_rows block.items %}, the rows of a quarter's table, and
{% plan_fairness_rows s.fairness_misses %}, the kommuner without a delivery within the fairness window.

At 290 kommuner x 50 systems the template's loops cost ~80 µs a row over a page's 100 systems (seven variables,
a url tag and a reason each: 8 of the page's 26 ms of CPU) and 25,000 of the page's 137,000 Python calls over
234 kommuner without a delivery. Here each value goes through what the template engine does with it (localize,
then escape; a reason in the reader's language, escaped; a missing key as ""): the same HTML.
"""

from django import template
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from onboarding.planning.reasons import render

register = template.Library()


def _cell(value) -> str:
    return conditional_escape(localize(value))


@register.simple_tag
def plan_item_rows(items) -> str:
    rows = []
    for item in items:
        url = conditional_escape(reverse("planning:system", args=[item.kommun_id, item.system_id]))
        rows.append(
            f'\n        <tr><td class="num">{_cell(item.position)}</td><td>{_cell(item.kommun.name)}</td>'
            f'<th scope="row"><a href="{url}">{_cell(item.system_name)}</a></th>'
            f'<td>{_cell(item.product_name or "–")}</td><td class="num">{_cell(item.score)}</td>'
            f'<td class="num">{_cell(item.effort)}</td><td>{conditional_escape(render(item.reason))}</td></tr>\n      '
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value escaped


@register.simple_tag
def plan_fairness_rows(misses) -> str:
    """Most kommuner miss for the same reason (one reason for all 234 at 290 x 50): each is put in words once."""
    said: dict[str, str] = {}  # repr of a stored reason -> its words, escaped
    rows = []
    for m in misses or ():
        why = m.get("why")
        key = repr(why)
        if key not in said:
            said[key] = conditional_escape(render(why))
        rows.append(f'<tr><th scope="row">{_cell(m.get("kommun", ""))}</th><td>{said[key]}</td></tr>')
    return mark_safe("".join(rows))  # noqa: S308 - every value escaped
