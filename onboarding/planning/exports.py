"""A plan version as an xlsx workbook: the schedule, the quarters, what cannot be done, and the inputs."""

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from .models import PlanVersion
from .quarters import Quarter


def _sheet(wb, title, header, rows, first=False):
    ws = wb.active if first else wb.create_sheet()
    ws.title = title
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    ws.freeze_panes = "A2"
    return ws


def plan_xlsx(plan: PlanVersion) -> bytes:
    """The workbook's bytes. Every figure is a number cell, so it can be summed and filtered."""
    wb = Workbook()
    items = plan.items.select_related("kommun").order_by("position")
    yes_no = {True: _("Ja"), False: _("Nej"), None: ""}
    _sheet(
        wb,
        _("Plan"),
        [
            _("Ordning"),
            _("Kvartal"),
            _("Kommun"),
            _("System"),
            _("Produkt"),
            _("Poäng"),
            _("Insats (persondagar)"),
            _("Skäl"),
            _("Avvecklingsdatum"),
            _("Före avveckling"),
        ],
        (
            [
                i.position,
                i.quarter_label or _("Ej planerad"),
                i.kommun.name,
                i.system_name,
                i.product_name,
                float(i.score),
                float(i.effort),
                i.reason,
                i.decommission_date,
                yes_no[i.deadline_met],
            ]
            for i in items
        ),
        first=True,
    )
    summary = plan.summary
    _sheet(
        wb,
        _("Kvartal"),
        [_("Kvartal"), _("Kapacitet"), _("Planerad insats")],
        ([q.label, summary["capacity"][n], summary["load"][n]] for n, q in enumerate(plan.quarters)),
    )
    misses = [
        [_("Avvecklingsdatum"), m["kommun"], m["system"], m["date"], m["why"]] for m in summary["deadline_misses"]
    ]
    misses += [[_("Rättviseregeln"), m["kommun"], "", "", m["why"]] for m in summary["fairness_misses"]]
    _sheet(wb, _("Kan inte hållas"), [_("Regel"), _("Kommun"), _("System"), _("Datum"), _("Varför")], misses)
    params = plan.inputs["params"]
    rows = [
        [_("Version"), plan.number],
        [_("Status"), plan.get_state_display()],
        [_("Beslutad"), plan.decided_on.isoformat() if plan.decided_on else ""],
        [_("Protokoll"), plan.minutes_reference],
        [_("Första kvartal"), Quarter.parse(params["start"]).label],
        [_("Rättviseregeln (kvartal)"), params["fairness_quarters"]],
        [_("Insats, första anslutningen"), params["effort_first"]],
        [_("Insats, ytterligare kommun"), params["effort_additional"]],
        [_("Poängmodell"), plan.inputs["scoring_model"]],
    ]
    rows += [[_("Vikt: %(c)s") % {"c": key}, weight] for key, weight in plan.inputs["weights"].items()]
    _sheet(wb, _("Indata"), [_("Uppgift"), _("Värde")], rows)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
