"""The plan page's quarter rows and fairness rows drawn in one pass (plan_rows): the HTML of the template loops they
replace, in Swedish and English, with what must be escaped, an empty product and a reason in parts."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.utils import translation

from onboarding.planning.models import PlanItem
from onboarding.planning.templatetags.plan_rows import plan_fairness_rows, plan_item_rows
from tenants.models import Kommun

LOOP = Template(
    "{% load plan_reasons %}{% for item in items %}\n"
    '        <tr><td class="num">{{ item.position }}</td><td>{{ item.kommun.name }}</td><th scope="row">'
    "<a href=\"{% url 'planning:system' item.kommun_id item.system_id %}\">{{ item.system_name }}</a></th>"
    '<td>{{ item.product_name|default:"–" }}</td><td class="num">{{ item.score }}</td>'
    '<td class="num">{{ item.effort }}</td><td>{{ item.reason|reason_text }}</td></tr>\n'
    "      {% endfor %}"
)


PINNED = [{"code": "pinned", "params": {"q": "2027 K1", "r": "Beslut <3> & mer"}}]


def _items() -> list[PlanItem]:
    kommun = Kommun(pk=12, name="Å & <Ö>", schema_name="x")
    return [
        PlanItem(position=1234, kommun=kommun, system_id=7, system_name='Ärende "R&D" <b>', product_name="",
                 score=Decimal("1234.50"), effort=Decimal("30.0"), reason=PINNED),
        PlanItem(position=2, kommun=kommun, system_id=8, system_name="Diariet", product_name="W3D3 & co",
                 score=Decimal("7.25"), effort=Decimal("8.0"), reason="Text från förr <i>"),
        PlanItem(position=3, kommun=kommun, system_id=9, system_name="Tom", product_name="Procapita",
                 score=Decimal("0.00"), effort=Decimal("0.5"), reason=[]),
    ]  # fmt: skip


@pytest.mark.parametrize("language", ["sv", "en"])
@override_settings(ROOT_URLCONF="config.urls_public")
def test_the_rows_are_the_html_of_the_template_loop(language):
    items = _items()
    with translation.override(language):
        assert plan_item_rows(items) == LOOP.render(Context({"items": items}))


FAIRNESS_LOOP = Template(
    "{% load plan_reasons %}"
    '{% for m in misses %}<tr><th scope="row">{{ m.kommun }}</th><td>{{ m.why|reason_text }}</td></tr>{% endfor %}'
)
WHY = [{"code": "kommun_not_found", "params": {"m": "?", "n": 4}}]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_fairness_rows_are_the_html_of_the_template_loop(language):
    misses = [
        {"kommun_id": 1, "kommun": "Å & <Ö>", "why": WHY},
        {"kommun_id": 2, "kommun": "Bjuv", "why": WHY},  # the same reason: put in words once, shown twice
        {"kommun_id": 3, "kommun": "Lund", "why": "Text från förr <i>"},
        {"kommun_id": 4, "why": PINNED},  # no name
        {"kommun_id": 5, "kommun": "Ystad"},  # no reason
    ]
    with translation.override(language):
        rows = plan_fairness_rows(misses)
        assert rows == FAIRNESS_LOOP.render(Context({"misses": misses}))
    assert rows.count("<tr>") == 5 and "&lt;Ö&gt;" in rows
    assert plan_fairness_rows([]) == ""
