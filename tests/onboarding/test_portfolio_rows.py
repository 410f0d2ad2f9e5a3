"""The portfolio index's read path for every row (portfolio_rows) and its volumes in whole MB."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from onboarding.portfolio.models import PortfolioEntry, gb_from_mb, mb_from_gb, preserved_share
from onboarding.portfolio.selectors import PORTFOLIO_FACTS, portfolio_rows

pytestmark = pytest.mark.django_db


def _fill(kommun, count: int, start: int = 1) -> None:
    now = timezone.now()
    PortfolioEntry.objects.bulk_create(
        PortfolioEntry(
            kommun=kommun,
            system_id=start + i,
            name=f"System {start + i}",
            status="klar",
            personal_data="ja",
            sensitive_personal_data="nej",
            export_capability="fgs" if i % 3 == 0 else "csv",
            decommission_date=date(2027, 1 + i % 12, 1) if i % 4 == 0 else None,
            total_mb=i * 1000 + 10,
            preserved_mb=i * 500,
            confidentiality=i % 5,
            updated_at=now,
        )
        for i in range(count)
    )


def test_every_row_comes_back_in_one_logged_query(lund, bjuv):
    _fill(lund, 1007)
    _fill(bjuv, 5)
    expected = list(PortfolioEntry.objects.order_by().values_list(*PORTFOLIO_FACTS))
    with CaptureQueriesContext(connection) as queries:
        rows = portfolio_rows()
    assert len(queries.captured_queries) == 1
    assert "portfolio_portfolioentry" in queries.captured_queries[0]["sql"]
    assert sorted(rows) == sorted(expected)
    assert len(rows) == 1012


def test_columns_and_kommun_filter(lund, bjuv):
    _fill(lund, 3)
    _fill(bjuv, 2, start=100)
    rows = portfolio_rows(columns=("system_id", "total_mb"), kommun_ids=[bjuv.pk])
    assert sorted(rows) == [(100, 10), (101, 1010)]
    assert portfolio_rows(kommun_ids=[]) == []


def test_unknown_column_is_refused():
    with pytest.raises(ValueError, match="completeness"):
        portfolio_rows(columns=("system_id", "completeness"))


@pytest.mark.parametrize(
    ("gb", "mb"),
    [(Decimal("0"), 0), (Decimal("0.01"), 10), (Decimal("12.34"), 12340), (Decimal("999999.99"), 999999990)],
)
def test_gb_with_two_decimals_survive_the_round_trip_through_mb(gb, mb):
    assert mb_from_gb(gb) == mb
    assert gb_from_mb(mb) == gb


def test_preserved_share_from_the_volumes():
    assert preserved_share(40_000, 30_000) == Decimal("0.75")
    assert preserved_share(3_000, 1_000) == Decimal("0.3333")
    assert preserved_share(0, 0) is None
    assert mb_from_gb(None) == 0


def test_portfolio_reindex_rewrites_a_drifted_kommun_and_only_that_one(lund, bjuv, kontakt_lund):
    from django.core.management import CommandError, call_command
    from django_tenants.utils import tenant_context

    from onboarding import services
    from tests.onboarding.fixtures_onboarding import INFO_ROWS, complete_data

    with tenant_context(lund):
        system = services.system_create(data=complete_data(), actor=kontakt_lund)
        services.information_types_set(system=system, rows=INFO_ROWS, actor=kontakt_lund)
    _fill(bjuv, 2)
    # drift: a wrong volume, a row of a system that does not exist
    PortfolioEntry.objects.filter(kommun=lund, system_id=system.pk).update(preserved_mb=1, name="Fel")
    _fill(lund, 1, start=9999)

    with pytest.raises(CommandError, match="finns-inte"):
        call_command("portfolio_reindex", "lund", "finns-inte")
    assert PortfolioEntry.objects.get(kommun=lund, system_id=system.pk).name == "Fel"

    call_command("portfolio_reindex", "lund")
    rows = {e.system_id: e for e in PortfolioEntry.objects.filter(kommun=lund)}
    assert list(rows) == [system.pk]
    assert (rows[system.pk].name, rows[system.pk].total_mb, rows[system.pk].preserved_mb) == ("Diariet", 40_000, 30_000)
    assert PortfolioEntry.objects.filter(kommun=bjuv).count() == 2
