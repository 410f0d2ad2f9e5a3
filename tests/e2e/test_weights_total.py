"""The scoring model's weights show their running total and what each criterion can give at most, and both
follow what the förvaltning types (issue 12: the weights' running total)."""

import pytest
from playwright.sync_api import expect

from onboarding.planning import inputs
from tests.e2e.helpers import assert_accessible, committed_db, log_in
from tests.e2e.test_usable_flows import type_into

pytestmark = [pytest.mark.e2e, committed_db]


def test_the_weights_total_follows_what_is_typed(page, consortium, forvaltare):
    weights = inputs.current_settings().scoring_model.weights()
    total = sum(weights.values())
    log_in(page, consortium, forvaltare)
    page.goto(consortium.url("/planering/"))
    summary = page.locator("#weights-total")
    expect(summary.locator("[data-weights-sum]")).to_have_text(str(total))
    assert_accessible(page, "planning's start page with the weights' total")

    others = total - weights["verksamhetsnytta"]
    type_into(page, "#id_verksamhetsnytta", str(others))  # the benefit now weighs as much as all the others
    expect(summary.locator("[data-weights-sum]")).to_have_text(str(2 * others))
    expect(summary.locator('[data-weights-share="verksamhetsnytta"]')).to_have_text("50")
    expect(summary).to_contain_text("Verksamhetsnytta: 50")
