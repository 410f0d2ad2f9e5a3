"""Report fixtures: a world with systems in Lund and Bjuv, this year's fixed cost model and an issued
statement for Bjuv, all made through the apps' own services; PDFs stored in a temporary folder."""

import io
import shutil
import subprocess
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from pypdf import PdfReader

from billing.services import costs, statements
from tests.billing.fixtures_billing import make_parties
from tests.needs import need
from tests.onboarding.fixtures_onboarding import make_system


@pytest.fixture(autouse=True)
def reports_root(settings, tmp_path):
    settings.REPORTS_ROOT = tmp_path / "reports"
    return settings.REPORTS_ROOT


@pytest.fixture
def report_world(lund, bjuv, forvaltare):
    """Lund: two systems (one decommissioned within 12 months); Bjuv: one; a fixed model for this year
    over both, and Bjuv's first-quarter statement issued (Lund is the host and invoices itself nothing)."""
    today = timezone.localdate()
    make_system(lund, name="Lunds ärendesystem", decommission_date=today + timedelta(days=90))
    make_system(lund, name="Lunds bygglov")
    make_system(bjuv, name="Bjuvs skolsystem")
    make_parties(lund, bjuv)
    model = costs.cost_model_create(year=today.year, name=f"Budget {today.year}", actor=forvaltare)
    costs.cost_line_create(
        model=model,
        actor=forvaltare,
        category="staff",
        label="Personal",
        key="population",
        amount=Decimal("1000000.00"),
    )
    costs.cost_line_create(
        model=model, actor=forvaltare, category="licences", label="Licenser", key="equal", amount=Decimal("200000.00")
    )
    model = costs.cost_model_fix(model=model, actor=forvaltare)
    statements.statements_prepare(year=today.year, period="Q1", actor=forvaltare)
    issued = statements.statements_issue_all(year=today.year, period="Q1", actor=forvaltare)
    return {"model": model, "statement": issued[0], "today": today}


def pdf_text(pdf: bytes) -> str:
    """All text of the PDF, with the non-breaking spaces of number grouping made plain."""
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages).replace("\u00a0", " ")


def pdf_pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def non_white_share_per_page(pdf_path) -> list[float]:
    """pdftoppm renders each page (grey, low resolution); the share of pixels that are not white."""
    if shutil.which("pdftoppm") is None:
        need("poppler", "pdftoppm is not installed", "apt-get install poppler-utils, or `make test` as root")
    out = subprocess.run(["pdftoppm", "-r", "24", "-gray", str(pdf_path)], check=True, capture_output=True).stdout
    shares, pos = [], 0
    while pos < len(out):  # concatenated PGM (P5) images: header, then width*height bytes
        parts = out[pos : pos + 64].split(maxsplit=4)
        width, height = int(parts[1]), int(parts[2])
        header_len = len(b" ".join(parts[:4])) + 1
        pixels = out[pos + header_len : pos + header_len + width * height]
        shares.append(sum(1 for b in pixels if b < 200) / (width * height))
        pos += header_len + width * height
    return shares
