"""Documents made from one decided object: the statement PDF (billing), the plan report (planning) and a
newsletter issue (news)."""

from decimal import Decimal

from django.utils import timezone

from billing.models import Statement
from onboarding.news.markdown import render_markdown
from onboarding.news.selectors import issue_with_items
from onboarding.planning.models import DECIDED_STATES, PlanVersion
from onboarding.planning.reasons import render as reason_text
from tenants import formatting

from .charts import Chart, Series
from .content import Kpi, ReportData, Section, Table


def issued_statement(statement_id):
    """An issued statement (or credit note) by id, else None."""
    if not str(statement_id or "").isdigit():
        return None
    return (
        Statement.objects.select_related("kommun", "credits").filter(pk=int(statement_id), number__isnull=False).first()
    )


def gather_statement(*, statement_id: int) -> ReportData:
    """The statement as issued: parties as copied at issue, every line with its explanation (two queries)."""
    statement = issued_statement(statement_id)
    if statement is None:
        raise LookupError(f"no issued statement {statement_id}")
    lines = list(statement.lines.order_by("position"))
    seller, buyer = statement.parties.get("seller", {}), statement.parties.get("buyer", {})
    rows = [
        [line.label, line.get_key_display(), line.explanation, f"{line.vat_rate:.0f}\u00a0%", line.net_amount]
        for line in lines
    ]
    table = Table(
        f"Rader i {statement.get_kind_display().lower()} {statement.number}",
        ["Benämning", "Fördelningsnyckel", "Förklaring", "Moms", "Belopp (kr)"],
        rows,
        numeric={4},
        footer=["Summa exkl. moms", "", "", "", statement.net],
    )
    totals = Table(
        "Att betala",
        ["", "Belopp (kr)"],
        [["Belopp exkl. moms", statement.net], ["Moms", statement.vat], ["Att betala", statement.gross]],
        numeric={1},
    )
    head = Section(key="underlag", title=f"{statement.get_kind_display()} {statement.number}")
    head.kpis = [
        Kpi("Fakturadatum", statement.issue_date),
        Kpi("Period", f"{statement.year} {statement.get_period_display()}"),
    ]
    if not statement.is_credit_note:
        head.kpis.append(Kpi("Förfallodag", statement.due_date, f"{statement.payment_terms_days} dagar netto"))
    else:
        head.notes.append(f"Krediterar {statement.credits.number}. Skäl: {statement.reason}")
    head.tables = [table, totals]
    return ReportData(
        kind="statement",
        title=f"{statement.get_kind_display()} {statement.number}",
        subtitle=f"{buyer.get('name') or statement.kommun.name} – {statement.year} {statement.get_period_display()}",
        generated_at=timezone.now(),
        data_as_of=statement.issued_at,
        sections=[head],
        figures={"net": float(statement.net), "vat": float(statement.vat), "gross": float(statement.gross)},
        subject_kommun_id=statement.kommun_id,
        document_type="statement",
        extra={"parties": [("Säljare", seller), ("Köpare", buyer)], "statement": statement},
    )


def decided_plan(plan_id):
    """A decided plan version (beslutad, or ersatt since) by id, else None."""
    if not str(plan_id or "").isdigit():
        return None
    plan = PlanVersion.objects.filter(pk=int(plan_id)).first()
    return plan if plan is not None and plan.is_decided else None


def gather_plan(*, plan_id: int) -> ReportData:
    """The plan report: a decided plan version with its decision reference, its order and quarters (2 queries)."""
    plan = decided_plan(plan_id)
    if plan is None:
        raise LookupError(f"no decided plan {plan_id}")
    items = list(plan.items.select_related("kommun").order_by("position"))
    rows = [
        [
            i.position,
            i.system_name,
            i.kommun.name,
            i.product_name,
            formatting.quarter_code(i.quarter),
            i.score,
            reason_text(i.reason),
        ]
        for i in items
    ]
    quarters: dict[str, int] = {}
    for item in items:
        if item.quarter:
            quarters[item.quarter] = quarters.get(item.quarter, 0) + 1
    decision = Section(key="beslut", title="Beslut")
    decision.kpis = [
        Kpi("Beslutande organ", plan.decided_by_body or "–"),
        Kpi("Beslutsdatum", plan.decided_on),
        Kpi("Protokoll (referens)", plan.minutes_reference or "–"),
        Kpi("System i planen", len(items), f"{sum(quarters.values())} med planerat kvartal"),
    ]
    if plan.state != "beslutad":
        decision.notes.append("Den här versionen har senare ersatts av en nyare beslutad plan.")
    order = Section(key="ordning", title="Planens ordning")
    if quarters:
        keys = sorted(quarters)
        order.charts.append(
            Chart(
                kind="bar",
                id="chart-plan",
                title="Planerade anslutningar per kvartal",
                categories=[formatting.quarter_code(k) for k in keys],
                category_label="Kvartal",
                series=[Series("Anslutningar", [quarters[k] for k in keys])],
                unit="antal system",
            )
        )
    order.tables.append(
        Table(
            "Planens ordning, med skälet till varje plats",
            ["Plats", "System", "Kommun", "Produkt", "Kvartal", "Poäng", "Skäl"],
            rows,
            numeric={0, 5},
        )
    )
    return ReportData(
        kind="plan",
        title=str(plan),
        subtitle=plan.title,
        generated_at=timezone.now(),
        data_as_of=plan.decided_at,
        sections=[decision, order],
        figures={"items": len(items)},
        extra={"plan": plan, "zero": Decimal(0)},
    )


def decided_plans() -> list:
    """Decided plan versions, newest first."""
    return list(PlanVersion.objects.filter(state__in=DECIDED_STATES).order_by("-number")[:50])


def newsletter_issue(issue_id):
    """A newsletter issue with its items in order, else None."""
    return issue_with_items(issue_id)


def gather_newsletter(*, issue_id: int) -> ReportData:
    """A numbered newsletter issue: its introduction and every item's text (sanitised HTML), in order."""
    issue = newsletter_issue(issue_id)
    if issue is None:
        raise LookupError(f"no newsletter issue {issue_id}")
    items = [entry.item for entry in issue.entries.all()]
    newest = max((item.publish_at for item in items), default=issue.created_at)
    return ReportData(
        kind="newsletter",
        title=f"Nyhetsbrev nr {issue.number}: {issue.title}",
        subtitle="SkånEarkiv – nyheter från förvaltningen till kommunerna",
        generated_at=timezone.now(),
        data_as_of=newest,
        sections=[Section(key=f"nyhet-{item.pk}", title=item.title) for item in items],
        figures={"items": len(items)},
        document_type="newsletter",
        # Items are h2 in the issue: their own headings start at h3.
        extra={"issue": issue, "items": [(item, render_markdown(item.body, top=3)) for item in items]},
    )
