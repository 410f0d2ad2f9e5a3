"""Planning fixtures: portfolio index rows written straight into the public index (as the kommun's
system services would), and the current draft inputs starting at a fixed quarter."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from onboarding.planning import inputs, services
from onboarding.portfolio.models import PortfolioEntry, Product


@pytest.fixture
def entry(db):
    """entry(kommun, system_id, name, product="Procapita", **facts) -> PortfolioEntry."""

    def make(kommun, system_id, name, product="", **facts):
        product_row = Product.objects.get_or_create(name=product, vendor="")[0] if product else None
        values = dict(
            status="klar",
            personal_data="ja",
            sensitive_personal_data="nej",
            export_capability="okand",
            total_mb=10_000,
            updated_at=timezone.now(),
        )
        values.update(facts)
        return PortfolioEntry.objects.create(
            kommun=kommun, system_id=system_id, name=name, product=product_row, **values
        )

    return make


@pytest.fixture
def plan_inputs(db):
    """Draft inputs from Q1 2027: four quarters of 60 person-days, fairness within 2 quarters."""
    row = inputs.current_settings()
    row.start_quarter, row.horizon, row.fairness_quarters = "2027-Q1", 4, 2
    row.default_capacity, row.effort_first, row.effort_additional = Decimal(60), Decimal(30), Decimal(8)
    row.save()
    return row


@pytest.fixture
def portfolio(lund, bjuv, entry, plan_inputs):
    """Lund and Bjuv both run Procapita; Lund has a system to decommission in 2027-06; Bjuv's ranked one."""
    return {
        "lund_procapita": entry(lund, 1, "Procapita VoO", "Procapita", confidentiality=3, preserved_mb=7_500),
        "lund_ecos": entry(lund, 2, "Ecos miljö", "Ecos", decommission_date=date(2027, 6, 30)),
        "lund_diarium": entry(lund, 3, "Diariet", "W3D3", export_capability="fgs"),
        "bjuv_procapita": entry(bjuv, 1, "Procapita Bjuv", "Procapita", confidentiality=4, first_choice=True),
        "bjuv_hemligt": entry(bjuv, 2, "Bjuvs hemliga register", "Lokalt system", status="utkast"),
    }


def plan_without_room_early(actor):
    """A draft built with no capacity in its first two quarters (2027 K1–K2): Lund's Ecos miljö, decommissioned
    2027-06-30, misses its date."""
    row = inputs.current_settings()
    data = {
        "start_quarter": row.start_quarter,
        "horizon": 4,
        "fairness_quarters": 2,
        "default_capacity": Decimal(60),
        "effort_first": Decimal(30),
        "effort_additional": Decimal(8),
    }
    services.settings_update(data=data, capacity={"Q1 2027": Decimal(0), "Q2 2027": Decimal(0)}, actor=actor)
    return services.plan_build(actor=actor)
