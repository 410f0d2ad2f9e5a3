"""Storing is crash-safe and final: a worker dying mid-render leaves no half-stored report and the task
is retried; an issued report never changes; data gathering has a bounded number of queries."""

from pathlib import Path

import pytest
from django.db import DatabaseError, transaction

from reports import rendering, selectors, services, tasks
from reports.models import ImmutableReportError, IssuedReport, ReportKind, ReportStatus
from tenants import pdf


def _files(root) -> list[Path]:
    return [p for p in Path(root).rglob("*") if p.is_file()] if Path(root).exists() else []


class WorkerDied(BaseException):
    """Stands for SIGKILL in the middle of rendering: not an Exception, nothing catches it."""


def test_a_worker_dying_while_rendering_leaves_no_half_stored_report(lund, reports_root, monkeypatch):
    report = IssuedReport.objects.create(kind=ReportKind.KOMMUN, kommun=lund)
    real_render = rendering.render_pdf

    def dies_after_layout(data, **kwargs):
        real_render(data, **kwargs)
        raise WorkerDied

    monkeypatch.setattr(rendering, "render_pdf", dies_after_layout)
    with pytest.raises(WorkerDied):
        services.report_render(report_id=report.pk)

    report.refresh_from_db()
    assert report.status == ReportStatus.RUNNING and not report.sha256 and not report.file_path
    assert _files(reports_root) == []


def test_a_failure_while_marking_done_removes_the_renamed_file(lund, reports_root, monkeypatch):
    report = IssuedReport.objects.create(kind=ReportKind.KOMMUN, kommun=lund)

    def audit_fails(**kwargs):
        raise DatabaseError("connection lost")

    monkeypatch.setattr(services, "audit_record", audit_fails)
    with pytest.raises(DatabaseError):
        services.report_render(report_id=report.pk)

    report.refresh_from_db()
    assert report.status != ReportStatus.DONE
    assert _files(reports_root) == []


def test_the_task_is_retried_and_the_retry_stores_the_report(lund, reports_root, monkeypatch):
    assert tasks.render_report_task.acks_late and tasks.render_report_task.reject_on_worker_lost
    assert tasks.render_report_task.max_retries >= 1
    report = IssuedReport.objects.create(kind=ReportKind.KOMMUN, kommun=lund)
    real_render, calls = rendering.render_pdf, []

    def fails_once(data, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OSError("worker lost its disk")
        return real_render(data, **kwargs)

    monkeypatch.setattr(rendering, "render_pdf", fails_once)
    monkeypatch.setattr(tasks.render_report_task, "retry", _eager_retry(tasks.render_report_task))
    tasks.render_report_task.apply(args=[report.pk])

    report.refresh_from_db()
    assert len(calls) == 2 and report.attempts == 2
    assert report.status == ReportStatus.DONE
    assert [p.name for p in _files(reports_root)] == [Path(report.file_path).name]


def test_after_the_last_retry_the_report_is_marked_failed(lund, monkeypatch):
    report = IssuedReport.objects.create(kind=ReportKind.KOMMUN, kommun=lund)
    monkeypatch.setattr(services, "report_render", lambda **kw: (_ for _ in ()).throw(OSError("disk full")))
    result = tasks.render_report_task.apply(args=[report.pk], retries=tasks.MAX_RETRIES)
    assert result.failed()
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED and "disk full" in report.error


def _eager_retry(task):
    """Celery's retry re-sends the message with a countdown; here the retry runs at once, in-process."""

    def retry(exc=None, countdown=None, **kwargs):
        request = task.request
        return task.apply(args=request.args, kwargs=request.kwargs, retries=request.retries + 1).get()

    return retry


def test_an_issued_report_cannot_be_changed_or_deleted(lund, django_capture_on_commit_callbacks):
    report = IssuedReport.objects.create(kind=ReportKind.KOMMUN, kommun=lund)
    services.report_render(report_id=report.pk)
    report = IssuedReport.objects.get(pk=report.pk)

    report.page_count = 1
    with pytest.raises(ImmutableReportError):
        report.save()
    with pytest.raises(ImmutableReportError):
        report.delete()
    # Even past the model: the database refuses.
    with pytest.raises(DatabaseError), transaction.atomic():
        IssuedReport.objects.filter(pk=report.pk).update(sha256="0" * 64)


def test_gathering_a_report_takes_a_bounded_number_of_queries(report_world, lund, django_assert_max_num_queries):
    # Each provider reads public tables with fixed queries: the count does not grow with the kommuner.
    # 20 for the reports' own sources, 9 for the readiness section (issue 19).
    with django_assert_max_num_queries(29):
        consortium = selectors.gather(kind=ReportKind.CONSORTIUM)
    with django_assert_max_num_queries(29):
        selectors.gather(kind=ReportKind.KOMMUN, kommun=lund)
    assert consortium.figures["systems"] == 3


def test_rendering_fetches_nothing_but_the_projects_static_files():
    ok, mime = pdf.static_file_for(pdf.BASE_URL + "static/reports/report.css")
    assert mime == "text/css" and b"@page" in ok
    for url in [
        "http://example.com/evil.css",
        "file:///etc/passwd",
        "data:text/css,body{}",
        pdf.BASE_URL + "static/../config/settings.py",
        pdf.BASE_URL + "static/%2e%2e/%2e%2e/etc/passwd",
        pdf.BASE_URL + "media/reports/1.pdf",
    ]:
        with pytest.raises(pdf.RefusedURL):
            pdf.static_file_for(url)

    from reports.content import ReportData

    html = (
        '<html lang="sv"><head><title>x</title><link rel="stylesheet" href="file:///etc/passwd"></head><body><p>Hej</p>'
        '<img src="http://127.0.0.1:9/tracker.png"><img src="/static/reports/../../../etc/hostname"></body></html>'
    )
    rendered = rendering.render_pdf(ReportData("x", "x", "", None, None, []), html=html)
    assert rendered.pdf.startswith(b"%PDF") and len(rendered.refused) == 3
