"""The start pages' figures: is information reaching the archive? Read from the cross-kommun index tables
in public (portfolio entries, connection entries, hand-overs), so the consortium's page costs the same
few queries at 16 kommuner as at 290 (see ../shared/ARCHITECTURE.md, cross-kommun reads). A kommun's own
to-do list reads its own schema: one query of four small parts, each limited."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import connection
from django.db.models import Count, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from onboarding.deliveries import rules as deliveries_rules
from onboarding.deliveries.models import Connection, Delivery, SubmissionAgreement
from onboarding.deliveries_index.models import ConnectionEntry, HandOver
from onboarding.deliveries_index.phases import BOARD_ORDER, Phase
from onboarding.inventory.choices import SystemStatus
from onboarding.models import CompletionRequest, System
from onboarding.portfolio.models import PortfolioEntry
from tenants import access
from tenants.models import Kommun
from tenants.swedish import ordered

from .charts import Chart, Series

GB = 10**9
MONTHS = 12
RECENT_MAX = 8
TODO_MAX = 10
RISK_DAYS = 365


@dataclass
class Dashboard:
    """The figures of the consortium (kommun_id None) or of one kommun."""

    systems: int
    at_risk: int
    systems_archived: int
    bytes_year: int
    files_year: int
    bytes_all: int
    files_all: int
    year: int
    pipeline: list[tuple[str, int]]
    months: list[tuple[str, float, int]]
    recent: list[HandOver]
    charts: list[Chart] = field(default_factory=list)
    split_name: str = ""  # the kommun the charts show beside all kommuner (the consortium's start page)
    per_kommun: list["KommunVolume"] = field(default_factory=list)

    @property
    def gb_year(self) -> float:
        return self.bytes_year / GB

    @property
    def gb_all(self) -> float:
        return self.bytes_all / GB

    @property
    def connections(self) -> int:
        return sum(n for _, n in self.pipeline)


def _month_starts(today: date) -> list[date]:
    first = today.replace(day=1)
    starts = []
    for _month in range(MONTHS):
        starts.append(first)
        first = (first - timedelta(days=1)).replace(day=1)
    return starts[::-1]


@dataclass
class KommunVolume:
    """One kommun's row of the consortium's table: delivered and archived in the chart's twelve months."""

    kommun_id: int
    name: str
    bytes: int
    connections: int

    @property
    def gb(self) -> float:
        return self.bytes / GB


def member_names() -> list[tuple[int, str]]:
    """(id, name) of every member kommun in Swedish alphabetical order, for the chart's kommun choice (one query)."""
    return list(Kommun.objects.members().order_by(ordered("name")).values_list("id", "name"))


# The start pages' figures of the index tables in one statement, totalled in PostgreSQL: the kommun start page
# reads them on every request, and composing four annotated querysets cost more Python than their SQL. {scope}
# limits every table to one kommun (or to none); months are the local time zone's, as TruncMonth gives them.
_FIGURES = """
WITH archived AS (
    SELECT kommun_id, system_id, connection_id, bytes, files, confirmed_at,
           (confirmed_at AT TIME ZONE %(tz)s) AS local_time
    FROM {handover} WHERE state = %(archived)s AND {scope}
)
SELECT pf.n, pf.at_risk, ph.phases, ph.counts,
       t.systems, t.bytes_all, t.files_all, t.bytes_year, t.files_year,
       m.months, m.volumes, m.connections, m.own_volumes, m.own_connections
FROM (
    SELECT COUNT(*) AS n,
           COUNT(*) FILTER (WHERE p.decommission_date BETWEEN %(today)s AND %(risk_end)s AND NOT EXISTS (
               SELECT 1 FROM archived a WHERE a.kommun_id = p.kommun_id AND a.system_id = p.system_id
           )) AS at_risk
    FROM {portfolio} p WHERE {scope}
) pf, (
    SELECT array_agg(phase) AS phases, array_agg(n) AS counts
    FROM (SELECT phase, COUNT(*) AS n FROM {connections} WHERE {scope} GROUP BY phase) x
) ph, (
    SELECT COUNT(DISTINCT system_id) AS systems,
           COALESCE(SUM(bytes), 0)::bigint AS bytes_all,
           COALESCE(SUM(files), 0)::bigint AS files_all,
           COALESCE(SUM(bytes) FILTER (WHERE confirmed_at >= %(year_start)s AND confirmed_at < %(year_end)s), 0)::bigint
               AS bytes_year,
           COALESCE(SUM(files) FILTER (WHERE confirmed_at >= %(year_start)s AND confirmed_at < %(year_end)s), 0)::bigint
               AS files_year
    FROM archived
) t, (
    SELECT array_agg(month) AS months, array_agg(volume) AS volumes, array_agg(connections) AS connections,
           array_agg(own_volume) AS own_volumes, array_agg(own_connections) AS own_connections
    FROM (
        SELECT date_trunc('month', local_time)::date AS month,
               SUM(bytes)::bigint AS volume,
               COUNT(DISTINCT connection_id) AS connections,
               COALESCE(SUM(bytes) FILTER (WHERE kommun_id = %(split)s), 0)::bigint AS own_volume,
               COUNT(DISTINCT connection_id) FILTER (WHERE kommun_id = %(split)s) AS own_connections
        FROM archived WHERE local_time::date >= %(first_month)s GROUP BY 1
    ) x
) m
"""


# A kommun's latest hand-overs, as the consortium's are ordered (a raw query: composing the queryset cost several
# times the query on the kommun start page).
_RECENT = (
    f"SELECT * FROM {HandOver._meta.db_table} WHERE kommun_id = %s ORDER BY confirmed_at DESC, created_at DESC LIMIT %s"
)


def _figures(*, kommun_id: int | None, today: date, first_month: date, split_kommun_id: int | None) -> dict:
    """Portfolio, pipeline, archived totals and the twelve months (by their first day): one query."""
    year_start = timezone.make_aware(datetime(today.year, 1, 1))
    params = {
        "kommun": kommun_id,
        "tz": timezone.get_current_timezone_name(),
        "archived": HandOver.State.ARCHIVED,
        "today": today,
        "risk_end": today + timedelta(days=RISK_DAYS),
        "year_start": year_start,
        "year_end": timezone.make_aware(datetime(today.year + 1, 1, 1)),
        "split": split_kommun_id,
        "first_month": first_month,
    }
    sql = _FIGURES.format(
        scope="TRUE" if kommun_id is None else "kommun_id = %(kommun)s",
        handover=HandOver._meta.db_table,
        portfolio=PortfolioEntry._meta.db_table,
        connections=ConnectionEntry._meta.db_table,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column.name for column in cursor.description]
        row = dict(zip(names, cursor.fetchone(), strict=True))
    keys = ("volume", "connections", "own_volume", "own_connections")
    columns = [row["volumes"], row["connections"], row["own_volumes"], row["own_connections"]]
    row["per_month"] = {
        month: dict(zip(keys, values, strict=True))
        for month, *values in zip(row["months"] or [], *(c or [] for c in columns), strict=True)
    }
    row["phases"] = dict(zip(row["phases"] or [], row["counts"] or [], strict=True))
    return row


def dashboard(
    *,
    kommun_id: int | None = None,
    today: date | None = None,
    kommuner: list[tuple[int, str]] | None = None,
    split_kommun_id: int | None = None,
) -> Dashboard:
    """The start page's figures in two queries, whatever the number of kommuner. With `kommuner` (the
    consortium's page, member_names()) one more gives the twelve months per kommun; `split_kommun_id`, one of
    them, is shown in the charts beside all kommuner, read by the months' own query."""
    today = today or timezone.localdate()
    starts = _month_starts(today)
    figures = _figures(kommun_id=kommun_id, today=today, first_month=starts[0], split_kommun_id=split_kommun_id)
    empty = {"volume": 0, "connections": 0, "own_volume": 0, "own_connections": 0}
    months = [(m.strftime("%Y-%m"), figures["per_month"].get(m, empty)) for m in starts]
    names = dict(kommuner or [])
    split_name = names.get(split_kommun_id, "")
    if kommun_id is None:  # the consortium's figures name the kommun of each hand-over
        recent = list(HandOver.objects.select_related("kommun").order_by("-confirmed_at", "-created_at")[:RECENT_MAX])
    else:
        recent = list(HandOver.objects.raw(_RECENT, [kommun_id, RECENT_MAX]))
    phases = figures["phases"]
    return Dashboard(
        systems=figures["n"],
        at_risk=figures["at_risk"],
        systems_archived=figures["systems"],
        bytes_year=figures["bytes_year"],
        files_year=figures["files_year"],
        bytes_all=figures["bytes_all"],
        files_all=figures["files_all"],
        year=today.year,
        pipeline=[(str(Phase(p).label), phases.get(p, 0)) for p in BOARD_ORDER],
        months=[(m, row["volume"] / GB, row["connections"]) for m, row in months],
        recent=recent,
        charts=dashboard_charts(months, split_name=split_name),
        split_name=split_name,
        per_kommun=_per_kommun(starts[0], kommuner) if kommuner is not None else [],
    )


def _per_kommun(first_month: date, kommuner: list[tuple[int, str]]) -> list[KommunVolume]:
    """Every member kommun (in the order given: Swedish) with what it delivered in the twelve months (one query)."""
    in_months = HandOver.objects.filter(state=HandOver.State.ARCHIVED, confirmed_at__date__gte=first_month)
    rows = {
        row["kommun_id"]: row
        for row in in_months.values("kommun_id")
        .annotate(volume=Sum("bytes"), connections=Count("connection_id", distinct=True))
        .order_by()
    }
    return [
        KommunVolume(pk, name, rows[pk]["volume"] if pk in rows else 0, rows[pk]["connections"] if pk in rows else 0)
        for pk, name in kommuner
    ]


def dashboard_charts(months: list[tuple[str, dict]], *, split_name: str = "") -> list[Chart]:
    """Delivered volume and archived connections per month: two charts (their units differ), each with
    its numbers in the table beside it; all kommuner, and beside them (another pattern) one kommun if chosen."""
    categories = [m for m, _row in months]

    def series(label: str, key: str, scale=None) -> list[Series]:
        def values(k):
            return [round(row[k] / scale, 1) if scale else row[k] for _m, row in months]

        if not split_name:
            return [Series(label, values(key))]
        return [Series(_("Alla kommuner"), values(key)), Series(split_name, values("own_" + key))]

    return [
        Chart(
            kind="bar",
            id="chart-volume",
            title=str(_("Levererad volym per månad")),
            categories=categories,
            category_label=str(_("Månad")),
            series=series(str(_("Levererat (GB)")), "volume", GB),
            unit="GB",
        ),
        Chart(
            kind="bar",
            id="chart-connections",
            title=str(_("Anslutningar med arkiverad leverans per månad")),
            categories=categories,
            category_label=str(_("Månad")),
            series=series(str(_("Anslutningar")), "connections"),
            unit=str(_("antal")),
        ),
    ]


@dataclass
class TodoEntry:
    """One line of the to-do list: the thing to do (a completion request, a draft system, an agreement or a
    delivery, by `pk`) and the system it is about."""

    pk: int
    system_id: int
    system_name: str
    connection_id: int | None = None
    text: str = ""  # the completion request's comment, the delivery's file name
    at: datetime | None = None  # when the completion was requested
    number: int = 0  # the agreement's version, the delivery's errors


@dataclass
class Todo:
    """What the person on a kommun's site has to do: each list is at most TODO_MAX long."""

    completion_requests: list[TodoEntry]
    drafts: list[TodoEntry]
    agreements: list[TodoEntry]
    failed_deliveries: list[TodoEntry]

    @property
    def empty(self) -> bool:
        return not (self.completion_requests or self.drafts or self.agreements or self.failed_deliveries)


# The to-do list's four lists, each ordered and limited in its own part, read in one statement from the schema that
# is current (the kommun's own tables); a row is (list, TodoEntry's fields, its position in the list).
_TODO_PARTS = {
    "completion_requests": f"""
        SELECT 'completion_requests', r.id, r.system_id, s.name, NULL::bigint, r.comment, r.requested_at, 0,
               row_number() OVER (ORDER BY r.requested_at DESC)
        FROM {CompletionRequest._meta.db_table} r JOIN {System._meta.db_table} s ON s.id = r.system_id
        WHERE r.resolved_at IS NULL ORDER BY r.requested_at DESC LIMIT %(max)s""",
    "drafts": f"""
        SELECT 'drafts', s.id, s.id, s.name, NULL::bigint, '', NULL::timestamptz, 0, row_number() OVER (ORDER BY s.name)
        FROM {System._meta.db_table} s WHERE s.status = %(draft)s ORDER BY s.name LIMIT %(max)s""",
    "agreements": f"""
        SELECT 'agreements', a.id, c.system_id, s.name, a.connection_id, '', NULL::timestamptz, a.version,
               row_number() OVER (ORDER BY a.created_at DESC)
        FROM {SubmissionAgreement._meta.db_table} a
        JOIN {Connection._meta.db_table} c ON c.id = a.connection_id
        JOIN {System._meta.db_table} s ON s.id = c.system_id
        WHERE a.kommun_approved_on IS NULL AND c.phase = %(agreement)s ORDER BY a.created_at DESC LIMIT %(max)s""",
    "failed_deliveries": f"""
        SELECT 'failed_deliveries', d.id, c.system_id, s.name, d.connection_id, d.original_name, NULL::timestamptz,
               d.errors, row_number() OVER (ORDER BY d.id DESC)
        FROM {Delivery._meta.db_table} d
        JOIN {Connection._meta.db_table} c ON c.id = d.connection_id
        JOIN {System._meta.db_table} s ON s.id = c.system_id
        WHERE d.state = %(invalid)s ORDER BY d.id DESC LIMIT %(max)s""",
}


def kommun_todo(*, user, kommun: Kommun) -> Todo:
    """The to-do list of the kommun whose schema is current: open completion requests, drafts, agreements
    the kommun has not approved (the arkivarie approves them) and deliveries that failed validation (one query)."""
    kinds = [kind for kind in _TODO_PARTS if kind != "agreements"]
    if deliveries_rules.can_approve_agreement(user, kommun, "kommun"):
        kinds.append("agreements")
    sql = " UNION ALL ".join(f"({_TODO_PARTS[kind]})" for kind in kinds)
    params = {
        "max": TODO_MAX,
        "draft": SystemStatus.DRAFT,
        "agreement": Phase.AGREEMENT,
        "invalid": Delivery.State.INVALID,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    lists: dict[str, list[TodoEntry]] = {kind: [] for kind in _TODO_PARTS}
    for kind, *fields, _position in sorted(rows, key=lambda row: (row[0], row[-1])):
        lists[kind].append(TodoEntry(*fields))
    return Todo(**lists)


def kommun_for_overview(*, user, kommun_id: int) -> Kommun:
    """A kommun of the consortium, for the förvaltning's and ledning's page about it; 404 for everyone else."""
    access.require_consortium_reader(user)
    kommun = Kommun.objects.active().filter(pk=kommun_id).first()
    if kommun is None:
        raise Http404
    return kommun
