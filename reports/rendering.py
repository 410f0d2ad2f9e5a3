"""From gathered report data to PDF bytes: the report's HTML, laid out by tenants.pdf (WeasyPrint, no network,
no files but static ones)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from tenants.pdf import Rendered, pdf_from_html

from .content import ReportData

__all__ = ["Rendered", "pdf_from_html", "render_html", "render_pdf"]


def render_html(data: ReportData) -> str:
    template = {
        "statement": "reports/pdf/statement.html",
        "newsletter": "reports/pdf/newsletter.html",
    }.get(data.document_type, "reports/pdf/report.html")
    with translation.override("sv"):
        return render_to_string(template, {"report": data, "static_prefix": settings.STATIC_URL})


def render_pdf(data: ReportData, *, html: str | None = None) -> Rendered:
    """Lay out and write the report's PDF (no network, no files but static ones)."""
    return pdf_from_html(html if html is not None else render_html(data))
