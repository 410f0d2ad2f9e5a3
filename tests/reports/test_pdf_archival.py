"""Every kind of PDF the platform issues is PDF/A-2a, read back with pikepdf: XMP pdfaid part 2 conformance A,
its title, /Lang sv, a structure tree with headings (and tables, lists, links where the document has them),
embedded fonts. Reports, statements and newsletter issues go through the report pipeline; the submission
agreement through its own page."""

import pytest
from django.core.management import CommandError, call_command
from django_tenants.utils import tenant_context

from onboarding.deliveries import services as deliveries
from onboarding.news import services as news
from onboarding.planning import services as planning
from reports import services
from reports.models import IssuedReport, ReportKind, ReportStatus
from tenants.pdf import NotArchivable, pdf_from_html
from tests.deliveries.conftest import AGREEMENT_DATA, new_connection
from tests.news.fixtures_news import make_item
from tests.pdfa import archival, assert_archivable

from .conftest import pdf_text


def _issued(kind, actor, capture, kommun=None, parameters=None) -> tuple[IssuedReport, bytes]:
    with capture(execute=True):
        report = services.report_request(kind=kind, kommun=kommun, parameters=parameters, actor=actor)
    report = IssuedReport.objects.get(pk=report.pk)
    assert report.status == ReportStatus.DONE, report.error
    return report, services.report_path(report).read_bytes()


def test_consortium_and_kommun_reports_are_pdfa_2a(
    report_world, forvaltare, arkivarie_lund, lund, django_capture_on_commit_callbacks
):
    _report, pdf = _issued(ReportKind.CONSORTIUM, forvaltare, django_capture_on_commit_callbacks)
    found = assert_archivable(pdf, title="Lägesrapport för samverkan", tags={"H1", "H2", "Table", "TH", "TD"})
    assert "Figure" in found.tags or "Table" in found.tags

    _report, pdf = _issued(ReportKind.KOMMUN, arkivarie_lund, django_capture_on_commit_callbacks, kommun=lund)
    assert_archivable(pdf, title="Kommunrapport – Lund", tags={"H1", "H2", "Table"})


def test_statement_is_pdfa_2a(report_world, forvaltare, django_capture_on_commit_callbacks):
    statement = report_world["statement"]
    _report, pdf = _issued(
        ReportKind.STATEMENT, forvaltare, django_capture_on_commit_callbacks, parameters={"statement_id": statement.pk}
    )
    assert_archivable(pdf, title=f"Fakturaunderlag {statement.number}", tags={"H1", "Table", "TH"})


def test_plan_report_is_pdfa_2a(report_world, forvaltare, django_capture_on_commit_callbacks):
    plan = planning.plan_build(actor=forvaltare)
    planning.plan_propose(plan=plan, actor=forvaltare)
    planning.plan_decide(plan=plan, decided_on=report_world["today"], minutes_reference="SR § 9", actor=forvaltare)
    _report, pdf = _issued(
        ReportKind.PLAN, forvaltare, django_capture_on_commit_callbacks, parameters={"plan_id": plan.pk}
    )
    assert_archivable(pdf, title=str(plan), tags={"H1", "Table"})


def test_newsletter_issue_is_pdfa_2a_with_its_items_headings_lists_and_links(
    forvaltare, lund, django_capture_on_commit_callbacks
):
    first = make_item(forvaltare, title="Höstens turné")
    second = make_item(forvaltare, title="Workshop med arkivarierna", body="Anmäl dig senast fredag.")
    issue = news.newsletter_issue_create(
        title="December", intro="Årets sista nummer.", item_ids=[first.pk, second.pk], actor=forvaltare
    )
    _report, pdf = _issued(
        ReportKind.NEWSLETTER, forvaltare, django_capture_on_commit_callbacks, parameters={"issue_id": issue.pk}
    )
    assert_archivable(pdf, title="Nyhetsbrev nr 1: December", tags={"H1", "H2", "H3", "L", "LI", "Link"})
    text = pdf_text(pdf)
    assert text.index("Höstens turné") < text.index("Workshop med arkivarierna")
    assert "Vad händer nu" in text and "Anslutningsplanen beslutas i december" in text and "Årets sista nummer" in text


def test_submission_agreement_pdf_is_pdfa_2a(lund, arkivarie_lund, client_for):
    conn = new_connection(lund)
    with tenant_context(lund):
        deliveries.agreement_create_version(connection=conn, data=AGREEMENT_DATA, actor=arkivarie_lund)
    response = client_for(arkivarie_lund, lund).get(f"/anslutningar/{conn.pk}/overenskommelse/1.pdf")
    assert response.status_code == 200
    found = assert_archivable(response.content, title=f"Leveransöverenskommelse – {conn.system.name}")
    assert "Table" in found.tags


def test_a_document_without_language_or_title_is_refused_not_written_unarchivable():
    with pytest.raises(NotArchivable):
        pdf_from_html("<html><head><title>Utan språk</title></head><body><p>Hej</p></body></html>")
    with pytest.raises(NotArchivable):
        pdf_from_html('<html lang="sv"><head></head><body><p>Hej</p></body></html>')
    rendered = pdf_from_html('<html lang="sv"><head><title>Med båda</title></head><body><h1>Hej</h1></body></html>')
    assert archival(rendered.pdf).conformance == "A"


def test_report_render_makes_a_newsletter_issue_from_the_command_line(forvaltare, tmp_path):
    item = make_item(forvaltare, title="Från kommandoraden")
    issue = news.newsletter_issue_create(title="Kommando", intro="", item_ids=[item.pk], actor=forvaltare)
    out = tmp_path / "nyhetsbrev.pdf"
    call_command("report_render", f"newsletter:{issue.pk}", out=str(out))
    assert_archivable(out.read_bytes(), title="Nyhetsbrev nr 1: Kommando", tags={"H1", "H2"})
    with pytest.raises(CommandError):
        call_command("report_render", "newsletter:999999", out=str(out))
