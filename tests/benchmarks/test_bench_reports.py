"""Benchmarks of reports (make bench), after seed_scale's 290 kommuner x 50 systems.

Figures: report_consortium_s (gather + render), report_consortium_pages, report_data_share (the share
of the time spent gathering data, goal <= 0.2), report_consortium_queries, and
report_worker_rss_growth_mb (a worker's memory growth over 50 kommun reports in a row, goal <= 50).
"""

import gc
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports import rendering, selectors, services
from reports.models import IssuedReport, ReportKind

pytestmark = [pytest.mark.bench, pytest.mark.django_db(transaction=False)]

SCALE_KOMMUNER = 290
SCALE_SYSTEMS = 50
KOMMUN_REPORTS = 50


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def test_consortium_report_at_scale(scale_world, bench_record):
    selectors.gather(kind=ReportKind.CONSORTIUM)  # warm up (imports, templates, fonts)
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        data = selectors.gather(kind=ReportKind.CONSORTIUM)
        gathered = time.perf_counter()
    rendered = rendering.render_pdf(data)
    total = time.perf_counter() - start
    share = (gathered - start) / total
    bench_record("report_consortium_s", round(total, 2))
    bench_record("report_consortium_pages", rendered.pages)
    bench_record("report_data_share", round(share, 3))
    bench_record("report_consortium_queries", len(queries.captured_queries))
    print(f"report_data_share {share:.3f}: {'PASS' if share <= 0.2 else 'FAIL'} (goal <= 0.2)")
    assert rendered.pages > 5


def test_worker_memory_over_50_kommun_reports(scale_world, bench_record, settings, tmp_path):
    settings.REPORTS_ROOT = tmp_path / "reports"
    kommuner = scale_world[:KOMMUN_REPORTS]

    def one(kommun):
        # What the worker does: the row, gather, render, store (same service as the task).
        report = IssuedReport.objects.create(kind=ReportKind.KOMMUN, kommun=kommun, scheduled=True)
        services.report_render(report_id=report.pk)

    one(kommuner[0])  # warm up: the first report loads fonts, templates and WeasyPrint's caches
    gc.collect()
    before = _rss_mb()
    start = time.perf_counter()
    for kommun in kommuner[1:]:
        one(kommun)
    elapsed = time.perf_counter() - start
    gc.collect()
    growth = _rss_mb() - before
    bench_record("report_worker_rss_growth_mb", round(growth, 1))
    bench_record("report_kommun_s_mean", round(elapsed / (len(kommuner) - 1), 2))
    print(f"report_worker_rss_growth_mb {growth:.1f}: {'PASS' if growth <= 50 else 'FAIL'} (goal <= 50)")
