"""The förvaltning builds a draft of the connection plan in the browser, as a person does: sets the solver's
time limit, types a title, presses the button, watches the progress while a real Celery worker solves,
and lands on the draft with its line on optimality."""

import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from onboarding.planning import inputs, messages, selectors
from onboarding.planning.models import PlanBuild, PlanVersion
from onboarding.portfolio.models import PortfolioEntry, Product
from tenants.models import Kommun
from tests.celery_worker import worker_for
from tests.e2e.helpers import assert_accessible, committed_db, log_in, pass_mfa
from tests.e2e.test_usable_flows import type_into
from tests.planning.instances import realistic

pytestmark = [pytest.mark.e2e, pytest.mark.celery_worker, committed_db]

TIME_LIMIT = 8  # seconds, typed into the settings page: long enough to watch the solver work
OPTIMALITY = re.compile(
    "|".join(
        re.escape(str(m)).replace("%\\(n\\)s", r"\d+").replace("%\\(s\\)s", r"\d+")
        for m in (
            messages.MSG_OPTIMAL,
            messages.MSG_DATES_GAP,
            messages.MSG_KOMMUNER_GAP,
            messages.MSG_REST_UNPROVEN,
        )
    )
)


@pytest.fixture
def portfolio_30_kommuner(lund, bjuv):
    """30 kommuner x 20 systems in the portfolio index (the plan reads only the index), with shared products
    and decommission dates: enough for the solver to work a few seconds."""
    instance = realistic(30, 20, 150, seed=7)
    kommuner = [lund, bjuv] + Kommun.objects.bulk_create(
        [
            Kommun(name=f"Planeringskommun {i}", kommunkod=f"{9000 + i}", subdomain=f"plan{i}", schema_name=f"plan{i}")
            for i in range(3, 31)
        ]
    )
    products = {
        p: Product.objects.create(name=f"Produkt {p}", vendor="") for p in {f.product_id for f in instance.facts}
    }
    PortfolioEntry.objects.bulk_create(
        [
            PortfolioEntry(
                kommun=kommuner[f.kommun_id - 1],
                system_id=f.system_id,
                name=f.name,
                product=products[f.product_id],
                status="klar",
                personal_data="ja",
                sensitive_personal_data="nej",
                export_capability="okand",
                total_mb=1000,
                decommission_date=f.decommission_date,
                updated_at=timezone.now(),
            )
            for f in instance.facts
        ]
    )
    row = inputs.current_settings()
    row.start_quarter, row.horizon, row.fairness_quarters = "2026-Q2", 8, 4
    row.default_capacity, row.effort_first, row.effort_additional = Decimal(150), Decimal(40), Decimal(10)
    row.save()
    return instance


@pytest.fixture
def plan_worker(django_db_setup, tmp_path):
    """A real worker on its own queue; the live server's requests send the build task to it."""
    with worker_for(tmp_path, "onboarding.planning.tasks.plan_build_task") as worker:
        yield worker


def test_forvaltning_builds_a_plan_sees_the_progress_and_the_optimality_line(
    page, consortium, forvaltare, portfolio_30_kommuner, plan_worker
):
    log_in(page, consortium, forvaltare)
    pass_mfa(page, forvaltare)

    # The time limit is one of the plan's inputs.
    page.goto(consortium.url("/planering/indata/"))
    type_into(page, "#id_solver_time_limit", str(TIME_LIMIT))
    page.keyboard.press("Enter")
    expect(page.get_by_text("Planeringsindata är sparade.")).to_be_visible()

    page.goto(consortium.url("/planering/"))
    type_into(page, "#id_title", "Utkast inför samverkansrådet")
    page.keyboard.press("Enter")  # the build form's only field: Enter submits it

    # The build's page: queued, then the solver's stages, updated in place.
    page.wait_for_url(re.compile(r"/planering/bygg/\d+/$"))
    status = page.get_by_role("status")
    expect(status).to_contain_text(re.compile(r"I kö|Byggs|Steg \d+ av \d+"))
    assert_accessible(page, "the plan build page")
    expect(status).to_contain_text(re.compile(r"Steg \d+ av \d+"), timeout=60_000)
    plan_worker.check()

    # Then the draft itself, with the line on what the solver proved.
    page.wait_for_url(re.compile(r"/planering/plan/\d+/$"), timeout=120_000)
    expect(page.get_by_text("Utkast v1 är byggt.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Utkast inför samverkansrådet")
    line = page.locator("#optimality")
    expect(line).to_have_text(OPTIMALITY)
    build = PlanBuild.objects.get()
    plan = PlanVersion.objects.get()
    assert build.state == PlanBuild.State.DONE and build.plan_id == plan.pk and build.time_limit == TIME_LIMIT
    assert plan.summary["method"] == "losare" and plan.inputs["solver_time_limit"] == TIME_LIMIT
    assert line.inner_text() == selectors.plan_optimality(plan)
