"""{% load system_rows %}{% system_rows systems %}: the rows of the kommun's system list, drawn in one pass.

The list shows up to fifty systems with nine cells each; as template variables, filters, a {% url %} and two
{% translate %} a row, those rows were about half of the page's time. Here each row is one f-string with every
value escaped, the system's address built once for the page, the choices' labels looked up in their tables for
the active language (tenants.choice_labels, as get_FOO_display reads them) and the two words translated once:
the same markup.
"""

from html import escape

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from onboarding.inventory.choices import YesNoUnknown
from onboarding.models import System
from tenants.choice_labels import choice_labels

register = template.Library()
_PK = 2_147_483_647  # stands for a system's id in the address reversed once for the page


def _label(labels: dict, value) -> str:
    return escape(str(labels.get(value, value)))


@register.simple_tag
def system_rows(systems) -> str:
    """<tr> of each system (with `progress` set by the view): name linked to its page, product, status badge,
    facts filled in, K/R/T, personal data, decommission date, export capability and the kommun's rank."""
    before, after = reverse("onboarding:system_detail", args=[_PK]).split(str(_PK))
    status, personal, export = (choice_labels(System._meta.get_field(name))
                                for name in ("status", "personal_data", "export_capability"))  # fmt: skip
    sensitive = f", {escape(gettext('känsliga'))}"
    first_choice = f' <span class="badge">{escape(gettext("förstahandsval"))}</span>'
    rows = []
    for system in systems:
        date = system.decommission_date
        rows.append(
            "\n      <tr>\n"
            f'        <th scope="row"><a href="{before}{system.pk}{after}">{escape(system.name)}</a></th>\n'
            f"        <td>{escape(str(system.product)) if system.product else '–'}</td>\n"
            f'        <td><span class="badge status-{escape(system.status)}">'
            f"{_label(status, system.status)}</span></td>\n"
            f"        <td>{escape(system.progress)}</td>\n"
            f"        <td>{escape(system.classification_display)}</td>\n"
            f"        <td>{_label(personal, system.personal_data)}"
            f"{sensitive if system.sensitive_personal_data == YesNoUnknown.YES else ''}</td>\n"
            f"        <td>{date.isoformat() if date else '–'}</td>\n"
            f"        <td>{_label(export, system.export_capability)}</td>\n"
            f"        <td>{system.proposal_rank or '–'}{first_choice if system.first_choice else ''}</td>\n"
            "      </tr>"
        )
    return mark_safe("".join(rows) + "\n    ")  # noqa: S308 - every part escaped
