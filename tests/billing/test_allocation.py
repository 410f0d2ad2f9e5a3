"""The allocation: exact to the öre, never negative, proportional, reproducible; a worked example by hand."""

import csv
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from billing.allocation import AllocationError, Key, Line, Participant, allocate, compare, split_ore, split_period

from .conftest import SKANEARKIV_CSV

amounts = st.decimals(min_value=0, max_value=Decimal("99999999.99"), places=2)
participants_st = st.lists(
    st.builds(
        Participant,
        id=st.uuids(),
        name=st.just("k"),
        population=st.integers(min_value=1, max_value=1_000_000),
        systems=st.integers(min_value=0, max_value=40),
        gb=st.decimals(min_value=0, max_value=Decimal("100000"), places=3),
        deliveries=st.integers(min_value=0, max_value=200),
        joining=st.booleans(),
    ),
    min_size=1,
    max_size=40,
    unique_by=lambda p: p.id,
)
lines_st = st.lists(
    st.builds(
        Line, id=st.uuids(), label=st.just("rad"), key=st.sampled_from([Key.POPULATION, Key.EQUAL]), amount=amounts
    ),
    min_size=1,
    max_size=8,
    unique_by=lambda line: line.id,
)


@settings(max_examples=150, deadline=None)
@given(lines=lines_st, participants=participants_st)
def test_shares_add_up_exactly_are_never_negative_and_proportional(lines, participants):
    result = allocate(lines, participants)
    total_population = sum(p.population for p in participants)
    for line in lines:
        shares = [result.share(line.id, p.id) for p in participants]
        assert sum(s.amount for s in shares) == line.amount
        assert all(s.amount >= 0 for s in shares)
        if line.key == Key.POPULATION:
            for participant, share in zip(participants, shares, strict=True):
                exact = Fraction(line.amount) * Fraction(participant.population, total_population)
                assert abs(Fraction(share.amount) - exact) < Fraction(1, 100)  # within one öre
    # The same input always gives the same amounts.
    assert allocate(lines, participants).shares == result.shares


@settings(max_examples=100, deadline=None)
@given(
    total=st.integers(min_value=0, max_value=10**12),
    weights=st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=50).filter(any),
)
def test_largest_remainder_split_is_exact_and_within_one_ore(total, weights):
    parts = split_ore(total, weights)
    assert sum(parts) == total and min(parts) >= 0
    for part, weight in zip(parts, weights, strict=True):
        assert abs(part - Fraction(total * weight, sum(weights))) < 1


@settings(max_examples=100, deadline=None)
@given(annual=amounts)
def test_four_quarters_add_up_to_the_year(annual):
    quarters = split_period(annual, 4)
    assert sum(quarters) == annual and max(quarters) - min(quarters) <= Decimal("0.01")


def test_count_keys_share_by_the_kommuners_bases():
    a = Participant("a", "A", population=10, systems=3, gb=Decimal("1.5"), deliveries=0)
    b = Participant("b", "B", population=30, systems=1, gb=Decimal("0.5"), deliveries=2)
    lines = [
        Line("s", "System", Key.SYSTEMS, Decimal("400.00")),
        Line("g", "Lagring", Key.GB, Decimal("100.00")),
        Line("d", "Leveranser", Key.DELIVERIES, Decimal("50.00")),
    ]
    result = allocate(lines, [a, b])
    assert [result.share("s", "a").amount, result.share("s", "b").amount] == [Decimal("300.00"), Decimal("100.00")]
    assert [result.share("g", "a").amount, result.share("g", "b").amount] == [Decimal("75.00"), Decimal("25.00")]
    assert [result.share("d", "a").amount, result.share("d", "b").amount] == [Decimal("0.00"), Decimal("50.00")]


def test_joining_fee_is_charged_per_inhabitant_to_joiners_only():
    joiner = Participant("j", "Ny", population=12345, joining=True)
    old = Participant("o", "Gammal", population=50000)
    result = allocate([Line("fee", "Anslutningsavgift", Key.JOINING_FEE, Decimal("1.50"))], [joiner, old])
    assert result.share("fee", "j").amount == Decimal("18517.50")
    assert result.share("fee", "o").amount == Decimal("0.00")


def test_a_line_nobody_has_a_base_for_is_refused():
    with pytest.raises(AllocationError):
        allocate([Line("g", "Lagring", Key.GB, Decimal("10.00"))], [Participant("a", "A", population=1)])


def test_what_if_compares_per_kommun():
    a, b = Participant("a", "A", population=1), Participant("b", "B", population=1)
    c = Participant("c", "C", population=2)
    line = [Line("x", "Personal", Key.POPULATION, Decimal("100.00"))]
    diff = {d.participant_id: d for d in compare(allocate(line, [a, b]), allocate(line, [a, b, c]))}
    assert diff["a"].before == Decimal("50.00") and diff["a"].after == Decimal("25.00")
    assert diff["c"].before is None and diff["c"].change == Decimal("50.00")


def test_worked_example_skanearkiv_16_kommuner_checked_by_hand():
    """1 000 000,00 kr by population 2019 (462 431 inhabitants) and 1 000,01 kr equally.

    By hand: Lund 124 935 / 462 431 × 100 000 000 öre = 27 017 003,618 öre. The floors add up to
    99 999 991 öre; the 9 öre left go to the 9 largest remainders: Klippan (,978), Hörby (,962),
    Trelleborg (,847), Bjuv (,834), Ystad (,771), Åstorp (,742), Lund (,618), Perstorp (,598),
    Tomelilla (,527); Svedala (,421) and the rest keep their floor.
    Equal: 100 001 öre / 16 = 6 250,06 öre: everyone 62,50 kr, and the 1 öre left goes to the
    first in kommunkod order (all remainders and weights equal): Örkelljunga (1257).
    """
    with open(SKANEARKIV_CSV, encoding="utf-8") as handle:
        rows = sorted(csv.DictReader(handle), key=lambda r: r["kommunkod"])
    participants = [Participant(r["namn"], r["namn"], population=int(r["folkmangd_2019"])) for r in rows]
    lines = [
        Line("pers", "Personal", Key.POPULATION, Decimal("1000000.00")),
        Line("lika", "Grundavgift", Key.EQUAL, Decimal("1000.01")),
    ]
    result = allocate(lines, participants)
    expected = {
        "Örkelljunga": "22230.34",
        "Bjuv": "33983.45",
        "Svedala": "48069.87",
        "Skurup": "34359.72",
        "Sjöbo": "41575.93",
        "Hörby": "33801.80",
        "Tomelilla": "29446.56",
        "Perstorp": "16201.34",
        "Klippan": "38397.08",
        "Åstorp": "34470.01",
        "Lund": "270170.04",
        "Landskrona": "99668.92",
        "Ystad": "66044.45",
        "Trelleborg": "98263.31",
        "Simrishamn": "41463.48",
        "Ängelholm": "91853.70",
    }
    assert {p.name: str(result.share("pers", p.id).amount) for p in participants} == expected
    assert sum(Decimal(v) for v in expected.values()) == Decimal("1000000.00")
    equal = {p.name: result.share("lika", p.id).amount for p in participants}
    assert equal["Örkelljunga"] == Decimal("62.51")
    assert all(v == Decimal("62.50") for name, v in equal.items() if name != "Örkelljunga")
    assert result.share("pers", "Lund").share == Fraction(124935, 462431)
