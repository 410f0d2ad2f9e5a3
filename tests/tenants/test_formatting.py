"""Numbers, amounts, shares and quarters the Swedish way, from one helper (issue 12, bug 8)."""

from decimal import Decimal

from django.utils import translation

from tenants import formatting as fmt

NB = "\u00a0"


def test_swedish_numbers_amounts_and_shares():
    with translation.override("sv"):
        assert fmt.number(10280) == f"10{NB}280"
        assert fmt.number(Decimal("462431")) == f"462{NB}431"
        assert fmt.number(Decimal("12.50")) == "12,5"
        assert fmt.number(Decimal("1E+4")) == f"10{NB}000"
        assert fmt.kr(Decimal("6400000")) == f"6{NB}400{NB}000,00{NB}kr"
        assert fmt.kr(Decimal("-142.5")) == f"-142,50{NB}kr"
        assert fmt.percent(Decimal("0.022230")) == f"2,22{NB}%"
        assert fmt.percent(Decimal("0.022230"), 4) == f"2,2230{NB}%"
        assert fmt.quarter(2027, 1) == "2027 K1"
        assert fmt.number(None) == fmt.kr(None) == fmt.percent(None) == "–"


def test_english_numbers_follow_the_language():
    with translation.override("en"):
        assert fmt.number(10280) == "10,280"
        assert fmt.kr(Decimal("6400000")) == f"6,400,000.00{NB}kr"


def test_stored_quarter_codes_read_as_one_form():
    with translation.override("sv"):
        assert fmt.quarter_code("2027-Q1") == fmt.quarter_code("2027Q1") == fmt.quarter_code("2027 Q1") == "2027 K1"
        assert fmt.quarter_code("") == "–" and fmt.quarter_code("något annat") == "något annat"
