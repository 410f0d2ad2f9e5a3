"""Demo data for reports: the consortium report and Lund's, and the newsletter issues' PDFs, so the list has
something to open. Idempotent."""

from django.db import connection

from onboarding.news.models import NewsletterIssue

from .models import IssuedReport, ReportKind
from .services import report_render


def seed_demo(result: dict) -> None:
    connection.set_schema_to_public()
    kommuner = {k.subdomain: k for k in result["kommuner"]}
    wanted = [(ReportKind.CONSORTIUM, None)]
    if "lund" in kommuner:
        wanted.append((ReportKind.KOMMUN, kommuner["lund"]))
    for kind, kommun in wanted:
        if IssuedReport.objects.filter(kind=kind, kommun=kommun, status="done").exists():
            continue
        # Rendered here rather than by a worker: the demo must be complete when seed_demo ends.
        report = IssuedReport.objects.create(kind=kind, kommun=kommun, scheduled=True)
        report_render(report_id=report.pk)
    for issue_id in NewsletterIssue.objects.values_list("pk", flat=True):
        issued = IssuedReport.objects.filter(kind=ReportKind.NEWSLETTER, parameters__issue_id=issue_id)
        if not issued.filter(status="done").exists():
            report = IssuedReport.objects.create(kind=ReportKind.NEWSLETTER, parameters={"issue_id": issue_id})
            report_render(report_id=report.pk)
