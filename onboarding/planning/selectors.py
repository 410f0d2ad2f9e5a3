"""Reads that carry rules: a system's explained score, plan versions, comparisons, the published plan.

Cross-kommun reads go to public tables only (the portfolio index, the plan): their query count does not
grow with the number of kommuner. The consortium's pages are read by the förvaltning and ledning (404
for everyone else, tenants.access); a kommun reads the decided plan of its own systems.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.contrib.postgres.aggregates import ArrayAgg
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, Q
from django.http import Http404

from onboarding.deliveries_index.models import ConnectionEntry
from onboarding.deliveries_index.phases import Phase
from onboarding.portfolio.models import PortfolioEntry
from onboarding.portfolio.selectors import portfolio_entry_get
from tenants import access
from tenants.models import Kommun, User

from . import inputs
from .messages import (
    MSG_DATES_GAP,
    MSG_DATES_UNPROVEN,
    MSG_GREEDY_NO_SOLUTION,
    MSG_GREEDY_NOT_INSTALLED,
    MSG_KOMMUNER_GAP,
    MSG_OPTIMAL,
    MSG_REST_UNPROVEN,
    MSG_WALL_CLOCK,
)
from .models import (
    ConnectionStart,
    PlanBuild,
    PlanCapacity,
    PlanConstraint,
    PlanItem,
    PlanVersion,
    SystemAssessment,
)
from .plan_types import METHOD_GREEDY, METHOD_SOLVER
from .quarters import Quarter
from .scoring import Score, ScoringContext, score_system


@dataclass
class SystemDetail:
    entry: PortfolioEntry
    score: Score
    assessment: SystemAssessment | None
    constraint: PlanConstraint | None
    planned: list[PlanItem]


def system_detail(*, user: User, kommun_id: int, system_id: int) -> SystemDetail:
    """One system of the portfolio with its explained score under the current scoring model."""
    entry = portfolio_entry_get(user=user, kommun_id=kommun_id, system_id=system_id)
    current = inputs.load()
    by_key = {f.key: f for f in current.facts}
    ctx = ScoringContext.build(current.facts, current.today)
    score = score_system(by_key[(kommun_id, system_id)], current.weights, ctx)
    planned = list(
        PlanItem.objects.filter(kommun_id=kommun_id, system_id=system_id)
        .select_related("plan")
        .order_by("-plan__number")[:5]
    )
    return SystemDetail(
        entry,
        score,
        SystemAssessment.objects.filter(kommun_id=kommun_id, system_id=system_id).first(),
        PlanConstraint.objects.filter(kommun_id=kommun_id, system_id=system_id).first(),
        planned,
    )


def plan_list(*, user: User) -> list[PlanVersion]:
    access.require_consortium_reader(user)
    return list(PlanVersion.objects.select_related("scoring_model", "decided_by").order_by("-number"))


def plan_get(*, user: User, pk: int, with_summary: bool = True) -> PlanVersion:
    """A version of the plan; without its summary (read when first used) for its page, which reads the
    summary's parts it shows by plan_summary."""
    access.require_consortium_reader(user)
    plans = PlanVersion.objects.select_related("scoring_model")
    plan = (plans if with_summary else plans.defer("summary")).filter(pk=pk).first()
    if plan is None:
        raise Http404
    return plan


def plan_started_quarters(plan: PlanVersion) -> set[str]:
    """The quarters of the plan whose connections have begun."""
    return set(plan.starts.values_list("quarter", flat=True))


def plan_capacity() -> dict[str, object]:
    """The quarters whose capacity differs from the default: quarter code -> person-days."""
    return dict(PlanCapacity.objects.values_list("quarter", "person_days"))


def plan_build_get(*, user: User, pk: int) -> PlanBuild:
    """A draft being built: seen by those who see the plans (the förvaltning and ledning), 404 for others."""
    access.require_consortium_reader(user)
    build = PlanBuild.objects.filter(pk=pk).first()
    if build is None:
        raise Http404
    return build


def plan_optimality(plan: PlanVersion, summary: dict | None = None) -> str:
    """One line for the plan page: proven optimal, or how far from the solver's bound it may be (`summary`:
    plan_summary's figures, else the plan's own summary)."""
    summary = (plan.summary if summary is None else summary) or {}
    solver = summary.get("solver") or {}
    limit = solver.get("time_limit") or (plan.inputs or {}).get("solver_time_limit", "")
    limit = f"{limit:g}" if isinstance(limit, float | int) else limit
    method = summary.get("method")
    if method == METHOD_GREEDY:
        if solver.get("fallback") == "not_installed":
            return str(MSG_GREEDY_NOT_INSTALLED)
        if solver.get("fallback") == "no_solution":
            return MSG_GREEDY_NO_SOLUTION % {"s": limit}
        return ""
    if method != METHOD_SOLVER:
        return ""  # built before the solver
    stages = {s["name"]: s for s in solver.get("stages", [])}
    dates, kommuner = stages.get("avvecklingsdatum"), stages.get("kommuner")
    if solver.get("optimal"):
        line = str(MSG_OPTIMAL)
    elif dates and not dates["optimal"]:
        if dates["bound"] is None:
            line = MSG_DATES_UNPROVEN % {"s": limit}
        else:
            line = MSG_DATES_GAP % {"n": max(dates["bound"] - dates["value"], 0), "s": limit}
    elif kommuner and not kommuner["optimal"] and kommuner["bound"] is not None:
        line = MSG_KOMMUNER_GAP % {"n": max(kommuner["bound"] - kommuner["value"], 0)}
    else:
        line = MSG_REST_UNPROVEN % {"s": limit}
    if solver.get("deterministic") is False:
        line += " " + str(MSG_WALL_CLOCK)
    return line


# The plan page shows this many planned systems a page (quarter by quarter); the xlsx holds them all.
PLAN_PAGE_SIZE = 100
# Systems the plan leaves out, shown on the page (the first by position); the xlsx holds them all.
UNPLANNED_SHOWN = 200
# A folded list of the plan page (the dates it misses, the systems it leaves out) up to this long is in the page;
# a longer one is read when it is opened (HTMX; without JavaScript a link shows the page with it).
LIST_IN_PAGE_UP_TO = 50
# The dates the plan cannot meet, shown on the page (the first of its list); the xlsx holds them all.
MISSES_SHOWN = 200


@dataclass
class PlanSummary:
    """What the plan page shows of a version's summary."""

    figures: dict  # the summary without its list of missed dates
    misses_count: int
    misses: list[dict]  # the first MISSES_SHOWN missed dates, when they are in the page; else []
    misses_in_page: bool  # asked for, or few enough to be in the page folded (else read when opened)


def plan_summary(plan: PlanVersion, *, with_misses: bool = False) -> PlanSummary:
    """The plan's summary for its page, one query. Its list of the dates it cannot meet can be long (3,600
    entries, 1 MB of JSON, at 290 kommuner x 50 systems), and the page shows its length and, only when the list
    is asked for or short, its first MISSES_SHOWN: PostgreSQL cuts it, and the rest is never sent or decoded.

    The summary is stored compressed (TOAST) and PostgreSQL decompresses it for every expression that reads it:
    the inner query reads it twice (the figures, the list) and the outer one uses the list it took, where
    reading it in each of four expressions cost 4.6 ms of the server's CPU a request, now 2.6 (290 x 50)."""
    sql = (
        "SELECT figures, jsonb_array_length(misses),"
        " CASE WHEN %s OR jsonb_array_length(misses) <= %s THEN jsonb_path_query_array(misses, %s)"
        " ELSE '[]'::jsonb END"
        " FROM (SELECT summary - 'deadline_misses' AS figures,"
        " coalesce(summary->'deadline_misses', '[]'::jsonb) AS misses"
        f" FROM {PlanVersion._meta.db_table} WHERE id = %s OFFSET 0) AS plan"  # OFFSET 0: each read once
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [with_misses, LIST_IN_PAGE_UP_TO, f"$[0 to {MISSES_SHOWN - 1}]", plan.pk])
        row = cursor.fetchone()
    if row is None:
        raise PlanVersion.DoesNotExist
    figures, count, shown = (_json(row[0]), row[1], _json(row[2]))
    return PlanSummary(figures or {}, count, shown, with_misses or count <= LIST_IN_PAGE_UP_TO)


def _json(value):
    """A jsonb value as the cursor gives it: Django leaves its decoding to the field (a str), psycopg2 alone
    decodes it."""
    return json.loads(value) if isinstance(value, str) else value


@dataclass
class QuarterSummary:
    """One quarter of the plan for the page's overview: its load and capacity, how many systems, where they begin."""

    quarter: Quarter
    capacity: float
    load: float
    count: int
    first_page: int | None  # the page where its systems begin; None when it has none


@dataclass
class QuarterBlock:
    quarter: Quarter
    capacity: float
    load: float
    count: int  # systems of the quarter in the whole plan
    items: list[PlanItem]  # those on this page


@dataclass
class PlanPage:
    quarters: list[QuarterSummary]
    blocks: list[QuarterBlock]  # the quarters that have systems on this page
    page: Page
    unplanned: list[PlanItem]  # the first UNPLANNED_SHOWN, when they are in the page
    unplanned_count: int
    unplanned_in_page: bool  # asked for, or few enough to be in the page folded (else read when opened)


def plan_page(*, plan: PlanVersion, page_number, with_unplanned: bool = False, summary: dict | None = None) -> PlanPage:
    """The plan's page `page_number` (a wrong number gives the nearest page): the overview of every quarter, this
    page's planned systems by quarter, and how many systems it leaves out, with the first of them when asked or
    when they are few. At most three queries, whatever the plan's size.

    One pass over the plan's rows (a plan of 290 x 50 has 14,500, wide with their score's parts) counts every
    quarter's systems and those it leaves out (quarter ""), and gives each quarter's planned rows' ids in their
    order: the page is a slice of those ids, and its rows are read by primary key. Reading the rows a second time
    for the page (ORDER BY quarter, position LIMIT 100 over every row of the plan) cost as much as the counting."""
    rows = (
        plan.items.order_by()
        .values("quarter")
        .annotate(n=Count("id"), ids=ArrayAgg("id", order_by=("position", "id"), filter=~Q(quarter="")))
        .values_list("quarter", "n", "ids")
    )
    counts, ids_of = {}, {}
    for quarter, n, ids in rows:
        counts[quarter], ids_of[quarter] = n, ids or []
    unplanned_count = counts.pop("", 0)
    ids_of.pop("", None)
    summary = plan.summary if summary is None else summary  # plan_summary's figures, else the plan's own
    quarters, before = [], 0
    for i, q in enumerate(plan.quarters):
        count = counts.get(q.code, 0)
        first = before // PLAN_PAGE_SIZE + 1 if count else None
        quarters.append(QuarterSummary(q, summary["capacity"][i], summary["load"][i], count, first))
        before += count
    # Planned systems quarter by quarter (quarter codes sort as text, as ORDER BY quarter did), each in its order.
    planned_ids = [pk for code in sorted(ids_of) for pk in ids_of[code]]
    page = Paginator(planned_ids, PLAN_PAGE_SIZE).get_page(page_number)
    # score_parts (JSON, the score's explanation) is shown on the system's page, not here.
    wanted = list(page.object_list)  # ids of this plan's rows: read by primary key alone
    by_pk = PlanItem.objects.select_related("kommun").defer("score_parts").in_bulk(wanted) if wanted else {}
    page.object_list = [by_pk[pk] for pk in wanted]
    by_quarter: dict[str, list[PlanItem]] = {}
    for item in page:
        by_quarter.setdefault(item.quarter, []).append(item)
    blocks = [QuarterBlock(s.quarter, s.capacity, s.load, s.count, by_quarter[s.quarter.code])
              for s in quarters if s.quarter.code in by_quarter]  # fmt: skip
    left_out = plan.items.filter(quarter="").select_related("kommun").defer("score_parts").order_by("position")
    in_page = with_unplanned or unplanned_count <= LIST_IN_PAGE_UP_TO
    shown = list(left_out[:UNPLANNED_SHOWN]) if in_page and unplanned_count else []
    return PlanPage(quarters, blocks, page, shown, unplanned_count, in_page)


def plan_others(*, user: User, plan: PlanVersion) -> list[PlanVersion]:
    """The other versions to compare with: number and status only (their inputs and summaries are not read)."""
    access.require_consortium_reader(user)
    return list(PlanVersion.objects.exclude(pk=plan.pk).only("pk", "number", "state").order_by("-number"))


@dataclass
class Move:
    kommun_name: str
    system_name: str
    product_name: str
    before: str
    after: str
    delta: int | None  # quarters later (+) or earlier (−); None when it entered or left the plan
    score_before: float | None
    score_after: float | None
    reason: list  # the parts of b's reason (onboarding.planning.reasons): shown with the reason_text filter


def plan_compare(*, user: User, a: PlanVersion, b: PlanVersion) -> list[Move]:
    """What moved from version a to b, by how many quarters, and why (b's reason). Two queries."""
    access.require_consortium_reader(user)
    fields = ("kommun_id", "kommun__name", "system_id", "system_name", "product_name", "quarter", "score", "reason")
    old = {(r[0], r[2]): r for r in a.items.values_list(*fields)}
    new = {(r[0], r[2]): r for r in b.items.values_list(*fields)}
    moves = []
    for key in sorted(old.keys() | new.keys(), key=lambda k: ((new.get(k) or old.get(k))[1], k)):
        before, after = old.get(key), new.get(key)
        q_before, q_after = (before[5] if before else ""), (after[5] if after else "")
        if q_before == q_after:
            continue
        delta = Quarter.parse(q_after).index_from(Quarter.parse(q_before)) if q_before and q_after else None
        row = after or before
        moves.append(
            Move(
                row[1],
                row[3],
                row[4],
                Quarter.parse(q_before).label if q_before else "",
                Quarter.parse(q_after).label if q_after else "",
                delta,
                float(before[6]) if before else None,
                float(after[6]) if after else None,
                after[7] if after else [],
            )
        )
    moves.sort(key=lambda m: (m.delta is not None, -(abs(m.delta) if m.delta else 0), m.kommun_name, m.system_name))
    return moves


def decided_plan() -> PlanVersion | None:
    return PlanVersion.objects.filter(state=PlanVersion.State.DECIDED).first()


@dataclass
class PublishedPlan:
    plan: PlanVersion
    own: list[PlanItem]
    timeline: list[dict]  # per product: its quarters and how many kommuner in each
    quarters: list[Quarter]


def kommun_published_plan(*, user: User, kommun: Kommun) -> PublishedPlan | None:
    """The decided plan as a kommun sees it: its own systems, and the timeline by product.

    Nothing of another kommun is shown but product names and counts: no system names, contacts,
    notes or classification details.
    """
    access.require_read_kommun(user, kommun)
    plan = decided_plan()
    if plan is None:
        return None
    own = list(plan.items.filter(kommun_id=kommun.pk).order_by("position"))
    started = dict(ConnectionStart.objects.filter(kommun_id=kommun.pk).values_list("system_id", "started_at"))
    # Where each started connection is now (its newest connection if a system has had more than one).
    connections = {
        entry.system_id: entry
        for entry in ConnectionEntry.objects.filter(kommun_id=kommun.pk).order_by("connection_id")
    }
    for item in own:
        item.started_at = started.get(item.system_id)
        item.connection = connections.get(item.system_id)
    rows = (
        plan.items.exclude(quarter="")
        .exclude(product_name="")
        .values("product_name", "quarter")
        .annotate(kommuner=Count("kommun_id", distinct=True))
        .order_by("product_name", "quarter")
    )
    quarters = plan.quarters
    timeline: dict[str, dict] = {}
    for row in rows:
        entry = timeline.setdefault(row["product_name"], {"product": row["product_name"], "cells": {}, "total": 0})
        entry["cells"][row["quarter"]] = row["kommuner"]
        entry["total"] += row["kommuner"]
    lines = []
    for entry in sorted(timeline.values(), key=lambda e: (min(e["cells"]), e["product"])):
        entry["row"] = [entry["cells"].get(q.code, 0) for q in quarters]
        lines.append(entry)
    return PublishedPlan(plan, own, lines, quarters)


def system_plan_status(*, kommun: Kommun, system_id: int) -> dict | None:
    """For the kommun's system page: the decided plan's quarter for the system, whether it has started,
    and its connection (phase, late or not) from the public connection index. Four queries at most.

    None when there is neither a decided plan nor a connection.
    """
    plan = decided_plan()
    connection = (
        ConnectionEntry.objects.filter(kommun_id=kommun.pk, system_id=system_id)
        .exclude(phase=Phase.CANCELLED)
        .order_by("-connection_id")
        .first()
    )
    if plan is None and connection is None:
        return None
    item = plan.items.filter(kommun_id=kommun.pk, system_id=system_id).first() if plan else None
    start = ConnectionStart.objects.filter(kommun_id=kommun.pk, system_id=system_id).first() if plan else None
    return {
        "plan": plan,
        "quarter": item.quarter_label if item else "",
        "started_at": start.started_at if start else None,
        "connection": connection,
    }
