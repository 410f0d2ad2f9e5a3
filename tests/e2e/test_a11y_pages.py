"""axe-core (WCAG 2.0/2.1 A and AA) on every main page of both sites, with the demo's data, as a person who may see it.

One browser session per site visits many pages: starting a context and logging in cost more than a page.
"""

import os
import re

import pytest
from django.db import connection
from django_tenants.utils import tenant_context
from playwright.sync_api import expect

from tests.e2e.helpers import BLOCKING_IMPACTS, axe_violations, committed_db, format_violations, log_in, pass_mfa
from tests.onboarding.fixtures_onboarding import make_system

pytestmark = [pytest.mark.e2e, committed_db]

DEMO_APPS = ("onboarding", "onboarding.planning", "onboarding.deliveries", "billing", "reports")


@pytest.fixture
def demo(settings, tmp_path, lund, bjuv, consortium, forvaltare, ledning, kontakt_lund, arkivarie_lund, arkivarie_bjuv):
    """The same demo as `manage.py seed_demo`, on the test world: systems, a decided plan, connections with
    validated deliveries, a fixed cost model with statements, and rendered reports."""
    from importlib import import_module

    settings.INGEST_DIR = tmp_path / "ingest"
    settings.ARCHIVE_INGEST_DIR = tmp_path / "archive"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REPORTS_ROOT = tmp_path / "reports"
    result = {
        "consortium": consortium,
        "kommuner": [lund, bjuv],
        "users": [forvaltare, ledning, kontakt_lund, arkivarie_lund, arkivarie_bjuv],
    }
    for name in DEMO_APPS:
        import_module(f"{name}.demo").seed_demo(result)
    connection.set_schema_to_public()
    return result


# axe only lists a reference to a missing id as "needs review"; a field whose help or error is not tied to
# it is silent for a screen reader, so those references count as violations here.
BROKEN_REFERENCES_JS = """() => [...document.querySelectorAll('[aria-describedby], [aria-labelledby]')].flatMap((el) =>
    ['aria-describedby', 'aria-labelledby'].flatMap((attr) => (el.getAttribute(attr) || '').split(/\\s+/)
        .filter((id) => id && !document.getElementById(id))
        .map((id) => `${el.tagName.toLowerCase()}#${el.id} ${attr}="${id}"`)))"""


def _blocking_on(page, site, pages: list[tuple[str, str]]) -> list[str]:
    """Open each page; return every page's blocking violations, so one run shows all there is to fix."""
    found = []
    for path, what in pages:
        url = site.url(path)
        response = page.goto(url)
        assert response is not None and response.status == 200, f"{what}: {url} answered {response and response.status}"
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        if os.environ.get("A11Y_SCREENSHOTS"):  # to look at the pages: /tmp/a11y-<page>.png
            page.screenshot(path=f"/tmp/a11y-{re.sub(r'[^a-z0-9]+', '-', what.lower()).strip('-')}.png", full_page=True)
        violations = axe_violations(page)
        blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
        if violations and not blocking:
            print(f"\naxe on {what} ({url}), not blocking:\n{format_violations(violations)}")
        if blocking:
            found.append(f"axe on {what} ({url}) found:\n{format_violations(blocking)}")
        broken = page.evaluate(BROKEN_REFERENCES_JS)
        if broken:
            found.append(f"{what} ({url}) refers to missing ids: {', '.join(broken)}")
    return found


def _kommun_pages(lund) -> list[tuple[str, str]]:
    from onboarding.deliveries.models import Connection, Delivery
    from reports.models import IssuedReport

    draft = make_system(lund, complete=True, name="Utkast för granskning")
    with tenant_context(lund):
        conn = Connection.objects.order_by("pk").first()
        delivery = Delivery.objects.exclude(report={}).order_by("pk").first()
    connection.set_schema_to_public()
    report = IssuedReport.objects.filter(kommun=lund).order_by("pk").first()
    return [
        ("/", "Lund's start page"),
        ("/system/", "the system list"),
        (f"/system/{draft.pk}/", "a system's page"),
        ("/system/nytt/", "the wizard's first step (new system)"),
        *[
            (f"/system/{draft.pk}/steg/{step}/", f"the wizard step {step}")
            for step in ("grund", "kontakter", "information", "klassning", "avveckling", "granska")
        ],
        ("/system/import/", "the import page"),
        ("/system/forslag/", "the proposal page"),
        ("/anslutningar/", "the kommun's connection board"),
        (f"/anslutningar/{conn.pk}/", "a connection's page"),
        (f"/leveranser/{delivery.pk}/", "a delivery with its validation report"),
        ("/rapporter/", "the kommun's reports"),
        (f"/rapporter/{report.pk}/", "a kommun report"),
        ("/anslutningsplan/", "the kommun's connection plan"),
    ]


def _consortium_pages(lund) -> list[tuple[str, str]]:
    from billing.models import CostModel, Statement
    from onboarding.planning.models import PlanVersion
    from onboarding.planning.services import plan_build
    from reports.models import IssuedReport

    plan = PlanVersion.objects.order_by("pk").first()
    draft = plan_build(title="Utkast till ny plan", actor=None)
    model = CostModel.objects.order_by("pk").first()
    statement = Statement.objects.order_by("pk").first()
    report = IssuedReport.objects.filter(kommun=None).order_by("pk").first()
    with tenant_context(lund):
        from onboarding.models import System

        system = System.objects.order_by("pk").first()
    connection.set_schema_to_public()
    return [
        ("/", "the consortium's start page"),
        ("/planering/portfolj/", "the portfolio"),
        ("/planering/portfolj/produkter/", "the portfolio by product"),
        (f"/planering/portfolj/{lund.pk}/{system.pk}/", "a system in the portfolio"),
        ("/planering/", "planning's start page with the scoring model"),
        ("/planering/indata/", "the plan inputs"),
        (f"/planering/plan/{plan.pk}/", "a plan version"),
        (f"/planering/plan/{draft.pk}/", "a draft plan version"),
        (f"/planering/plan/{draft.pk}/jamfor/?med={plan.pk}", "the plan comparison"),
        ("/anslutningar/", "the consortium's connection board"),
        ("/kostnader/", "the cost models"),
        (f"/kostnader/{model.pk}/", "a cost model"),
        (f"/kostnader/{model.pk}/underlag/", "a cost model's bases"),
        (f"/kostnader/{model.pk}/vad-om/", "the what-if page"),
        (f"/kostnader/{model.pk}/vad-om/?new_name=Svalöv&new_population=14000", "a what-if result"),
        ("/kostnader/summering/", "the totals"),
        ("/fakturaunderlag/", "every kommun's statements"),
        (f"/fakturaunderlag/{statement.pk}/", "a statement (consortium)"),
        ("/rapporter/", "the consortium's reports"),
        (f"/rapporter/{report.pk}/", "a consortium report"),
    ]


def test_every_main_page_passes_axe(page, demo, lund, bjuv, consortium, kontakt_lund, kontakt_bjuv, forvaltare):
    """Seeding the demo costs more than the pages, so one test walks both sites as three people."""
    from billing.models import Statement

    found = []
    log_in(page, lund, kontakt_lund)
    found += _blocking_on(page, lund, _kommun_pages(lund))

    # The demo bills the kommuner that are not hosts: Bjuv's kontakt reads Bjuv's statements.
    statement = Statement.objects.filter(kommun=bjuv).order_by("pk").first()
    page.context.clear_cookies()
    log_in(page, bjuv, kontakt_bjuv)
    found += _blocking_on(
        page,
        bjuv,
        [("/fakturaunderlag/", "the kommun's statements"), (f"/fakturaunderlag/{statement.pk}/", "a statement")],
    )

    page.context.clear_cookies()
    log_in(page, consortium, forvaltare)
    pass_mfa(page, forvaltare)
    found += _blocking_on(page, consortium, _consortium_pages(lund))
    assert not found, "\n\n".join(found)
