"""Demo plan: "Anslutningsplan 2027–2028", version 1, decided by samverkansrådet, over the demo systems that are
klar för prioritering, with a few pilots. Idempotent: when the plan exists, nothing is made again.

Deterministic: the pilots and the judged benefit are chosen by the systems' names, not at random.
"""

from datetime import date

from django.db import connection, transaction

from onboarding.portfolio.models import PortfolioEntry
from tenants.models import Role

from . import inputs, services
from .models import PlanConstraint, PlanVersion

TITLE = "Anslutningsplan 2027–2028"
DECIDED_ON = date(2026, 9, 15)
MINUTES = "SR 2026-09-15 §7"
START = "2027-Q1"
PILOT_KOMMUNER = ("lund", "bjuv", "ystad")  # one pilot system each
# Kommuner whose other ready systems the förvaltning pins to the first quarter (they follow their pilot).
PIN_KOMMUNER = ("lund", "bjuv")
PIN_REASON = "Följer pilotsystemet: samma arkivarie och leverantör, samma kvartal."


def demo_plan() -> PlanVersion | None:
    return PlanVersion.objects.filter(title=TITLE).order_by("number").first()


def seed_demo(result: dict) -> None:
    """Decide the demo plan and start its first quarter. The quarter's items (in plan order) are left in
    `result["first_quarter_items"]` for the deliveries demo, which walks their connections."""
    actor = next((u for u in result["users"] if u.memberships.filter(role=Role.FORVALTNING).exists()), None)
    _decide_demo_plan(result, actor)
    plan = demo_plan()
    if plan is None or plan.starts.filter(quarter=START).exists():
        return
    services.plan_start_quarter(plan=plan, quarter=START, actor=actor)
    result["first_quarter_items"] = list(plan.items.filter(quarter=START).select_related("kommun").order_by("position"))


@transaction.atomic
def _decide_demo_plan(result: dict, actor) -> None:
    """Assess, pilot, build, propose and decide the demo plan (after the onboarding demo made the systems)."""
    connection.set_schema_to_public()
    if demo_plan() is not None:
        return
    row = inputs.current_settings()
    row.start_quarter, row.horizon = START, 8
    row.save(update_fields=["start_quarter", "horizon", "updated_at"])
    ready = list(
        PortfolioEntry.objects.filter(status="klar", kommun__in=result["kommuner"])
        .select_related("kommun")
        .order_by("kommun__name", "name")
    )
    pilots_left = set(PILOT_KOMMUNER)
    for index, entry in enumerate(ready):
        pilot = entry.kommun.subdomain in pilots_left
        pilots_left.discard(entry.kommun.subdomain)
        services.assessment_set(
            kommun=entry.kommun,
            system_id=entry.system_id,
            benefit=5 if pilot else 2 + index % 4,
            pilot=pilot,
            comment="Pilot: visar vägen för fler kommuner med samma produkt." if pilot else "",
            actor=actor,
        )
        if not pilot and entry.kommun.subdomain in PIN_KOMMUNER:
            services.constraint_set(
                kommun=entry.kommun,
                system_id=entry.system_id,
                kind=PlanConstraint.Kind.PIN,
                quarter=START,
                reason=PIN_REASON,
                actor=actor,
            )
    plan = services.plan_build(title=TITLE, actor=actor, today=date(2026, 9, 1))
    services.plan_propose(plan=plan, actor=actor)
    services.plan_decide(plan=plan, decided_on=DECIDED_ON, minutes_reference=MINUTES, actor=actor)
