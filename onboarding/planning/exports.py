"""A plan version as an xlsx workbook: the schedule, the quarters, what cannot be done, and the inputs."""

from django.utils.translation import gettext as _

from tenants.spreadsheet import Sheet, xlsx_bytes

from .models import PlanVersion
from .quarters import Quarter
from .reasons import render


def plan_xlsx(plan: PlanVersion) -> bytes:
    """The workbook's bytes. Every figure is a number cell, so it can be summed and filtered; every text
    (a kommun's system and product names among them) a text cell, never a formula (tenants.spreadsheet)."""
    sheets = []
    items = plan.items.select_related("kommun").order_by("position")
    yes_no = {True: _("Ja"), False: _("Nej"), None: ""}
    sheets.append(
        Sheet(
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
                    render(i.reason),
                    i.decommission_date,
                    yes_no[i.deadline_met],
                ]
                for i in items
            ),
        )
    )
    summary = plan.summary
    sheets.append(
        Sheet(
            _("Kvartal"),
            [_("Kvartal"), _("Kapacitet"), _("Planerad insats")],
            [[q.label, summary["capacity"][n], summary["load"][n]] for n, q in enumerate(plan.quarters)],
        )
    )
    misses = [
        [_("Avvecklingsdatum"), m["kommun"], m["system"], m["date"], render(m["why"])]
        for m in summary["deadline_misses"]
    ]
    misses += [[_("Rättviseregeln"), m["kommun"], "", "", render(m["why"])] for m in summary["fairness_misses"]]
    sheets.append(Sheet(_("Kan inte hållas"), [_("Regel"), _("Kommun"), _("System"), _("Datum"), _("Varför")], misses))
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
    sheets.append(Sheet(_("Indata"), [_("Uppgift"), _("Värde")], rows))
    return xlsx_bytes(sheets)
