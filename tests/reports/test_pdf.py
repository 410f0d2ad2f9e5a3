"""The PDFs are real: their text shows what the database holds, their pages are drawn, and a kommun's
report holds nothing of another kommun."""

import re

from django.core import mail

from billing.models import Statement
from onboarding.portfolio.models import PortfolioEntry
from reports import services
from reports.models import IssuedReport, ReportKind, ReportStatus

from .conftest import non_white_share_per_page, pdf_pages, pdf_text


def _issue(kind, actor, capture, kommun=None, parameters=None) -> IssuedReport:
    with capture(execute=True):
        report = services.report_request(kind=kind, kommun=kommun, parameters=parameters, actor=actor)
    return IssuedReport.objects.get(pk=report.pk)


def test_consortium_report_shows_the_figures_of_the_database(
    report_world, forvaltare, lund, bjuv, django_capture_on_commit_callbacks
):
    report = _issue(ReportKind.CONSORTIUM, forvaltare, django_capture_on_commit_callbacks)

    assert report.status == ReportStatus.DONE
    path = services.report_path(report)
    pdf = path.read_bytes()
    text = pdf_text(pdf)
    systems = PortfolioEntry.objects.count()
    assert "Lägesrapport för samverkan" in text
    assert "Innehåll" in text and f"Sida 1 av {report.page_count}" in text
    assert f"Registrerade system\n{systems}" in text or f"{systems}\nRegistrerade system" in text
    assert "Lunds ärendesystem" in text  # decommissioned within 12 months: a risk
    assert "Lund" in text and "Bjuv" in text
    budget = sum(r.amount for r in report_world["model"].allocation_rows.all())
    assert f"{int(budget):,}".replace(",", " ") in text
    invoiced = Statement.objects.get(pk=report_world["statement"].pk).net
    assert f"{int(invoiced):,}".replace(",", " ") in text
    # Sources without data yet say so, plainly.
    assert "Inga uppgifter ännu" in text
    assert report.page_count == pdf_pages(pdf) >= 4
    assert all(share > 0.002 for share in non_white_share_per_page(path)), "a blank page"
    # Stored with its checksum; the person who asked is told.
    import hashlib

    assert report.sha256 == hashlib.sha256(pdf).hexdigest() and report.size == len(pdf)
    assert report.figures["systems"] == systems
    assert [m.to for m in mail.outbox] == [[forvaltare.email]]
    assert f"/rapporter/{report.pk}/" in mail.outbox[0].body


def test_kommun_report_holds_nothing_of_another_kommun(
    report_world, arkivarie_lund, lund, django_capture_on_commit_callbacks
):
    report = _issue(ReportKind.KOMMUN, arkivarie_lund, django_capture_on_commit_callbacks, kommun=lund)

    text = pdf_text(services.report_path(report).read_bytes())
    assert "Kommunrapport – Lund" in text
    assert "Lunds ärendesystem" in text and "Lunds bygglov" in text
    assert "Bjuv" not in text
    assert report_world["statement"].number not in text
    assert "1260" not in text  # Bjuv's kommunkod
    assert report.kommun == lund and report.requested_by == arkivarie_lund
    # the year's budget in whole kronor with a space between thousands, as every amount in the report
    budget = sum(r.amount for r in report_world["model"].allocation_rows.filter(kommun=lund))
    assert re.search(rf"{int(budget):,}\s+Budget i år \(kr\)".replace(",", r"\s"), text), text


def test_statement_pdf_is_the_issued_statement(report_world, kontakt_bjuv, bjuv, django_capture_on_commit_callbacks):
    statement = report_world["statement"]
    report = _issue(
        ReportKind.STATEMENT,
        kontakt_bjuv,
        django_capture_on_commit_callbacks,
        parameters={"statement_id": statement.pk},
    )

    text = pdf_text(services.report_path(report).read_bytes())
    assert report.kommun == bjuv
    assert f"Fakturaunderlag {statement.number}" in text
    assert f"{statement.gross:,.0f}".replace(",", " ") in text or f"{int(statement.gross):,}".replace(",", " ") in text
    assert "KS-4711" in text  # the buyer's reference as issued
