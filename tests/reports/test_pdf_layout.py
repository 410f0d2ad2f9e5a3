"""The consortium PDF's tables stay on the page: every word of every page, the per-kommun table's last
column (Budget, Fakturerat) included, lies inside the page's printable area (issue 12, bug 4)."""

import re
import shutil
import subprocess

from reports import services
from reports.models import IssuedReport, ReportKind
from tests.needs import need

MM = 72 / 25.4
# report.css: 18 mm left and right margins; half a millimetre of slack for glyph side bearings.
SIDE_MARGIN = 18 * MM - 0.5 * MM
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>')
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)


def words_per_page(pdf_path) -> list[tuple[float, list[tuple[float, float, str]]]]:
    """(page width, [(x min, x max, word)]) of every page, read by poppler from the real PDF."""
    if shutil.which("pdftotext") is None:
        need("poppler", "pdftotext is not installed", "apt-get install poppler-utils, or `make test` as root")
    html = subprocess.run(["pdftotext", "-bbox", str(pdf_path), "-"], check=True, capture_output=True, text=True)
    pages = []
    for width, _height, body in PAGE.findall(html.stdout):
        pages.append((float(width), [(float(a), float(b), w) for a, b, w in WORD.findall(body)]))
    return pages


def test_every_column_of_the_consortium_report_lies_inside_the_page(
    report_world, forvaltare, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_request(kind=ReportKind.CONSORTIUM, kommun=None, parameters=None, actor=forvaltare)
    path = services.report_path(IssuedReport.objects.get(pk=report.pk))

    pages = words_per_page(path)
    outside = [
        (number, word, round(x_min / MM), round(x_max / MM))
        for number, (width, words) in enumerate(pages, start=1)
        for x_min, x_max, word in words
        if x_min < SIDE_MARGIN or x_max > width - SIDE_MARGIN
    ]
    assert not outside, f"words outside the printable area (page, word, from mm, to mm): {outside[:10]}"
    # The per-kommun table is there with all of its columns, its last ones too.
    text = " ".join(w for _, words in pages for _, _, w in words)
    assert "En rad per kommun" in text
    assert "Fakturerat" in text and text.count("Budget") >= 2
