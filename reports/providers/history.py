"""What has happened over time: the key figures of earlier issued reports, and those of today (one query)."""

from django.utils import timezone

from ..charts import Chart, Series
from ..content import ProviderResult, Section
from ..models import IssuedReport, ReportStatus
from . import Scope

HISTORY_POINTS = 12
# (figure key, series label, unit group): systems and kommuner share an axis; GB has its own.
COUNT_SERIES = [
    ("systems", "Registrerade system"),
    ("kommuner_with_systems", "Kommuner med system"),
    ("delivered_systems", "Levererade system"),
]
GB_SERIES = [("gb", "Registrerad volym (GB)"), ("delivered_gb", "Levererad volym (GB)")]


def provide(scope: Scope, kind: str, figures_now: dict) -> ProviderResult:
    section = Section(
        key="over-tid",
        title="Utveckling över tid",
        intro="Nyckeltal från tidigare utfärdade rapporter och från i dag.",
    )
    earlier = list(
        IssuedReport.objects.filter(kind=kind, kommun=scope.kommun, status=ReportStatus.DONE)
        .order_by("-finished_at")
        .values_list("finished_at", "figures")[: HISTORY_POINTS - 1]
    )[::-1]
    points = [(finished.astimezone(timezone.get_current_timezone()).date(), figures) for finished, figures in earlier]
    points.append((scope.today, figures_now))
    # One point a day (the latest): several reports on one day would only repeat themselves.
    by_day = dict(points)
    days = sorted(by_day)
    if len(days) < 2:
        section.empty = "Historik visas när det finns fler utfärdade rapporter (en punkt per rapport)."
        return ProviderResult(section=section)
    categories = [d.isoformat() for d in days]
    for chart_id, series_spec, unit in (
        ("chart-history-count", COUNT_SERIES, "antal"),
        ("chart-history-gb", GB_SERIES, "GB"),
    ):
        series = [
            Series(label, [by_day[d].get(key) for d in days])
            for key, label in series_spec
            if any(by_day[d].get(key) is not None for d in days)
        ]
        if scope.kommun is not None:
            series = [s for s in series if s.name != "Kommuner med system"]
        if series:
            section.charts.append(
                Chart(
                    kind="line",
                    id=chart_id,
                    title=f"{', '.join(s.name for s in series)} över tid",
                    categories=categories,
                    series=series,
                    unit=unit,
                    category_label="Datum",
                )
            )
    return ProviderResult(section=section)
