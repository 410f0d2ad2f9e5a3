"""Numbers as people here read them, in one place: 1 234 567,89 kr, 2,22 %, 10 280, 2027 K1.

Everything shown in the UI, the PDFs and the texts services write (a statement's explanation, a plan's reasons)
goes through these functions or their template filters (tenants/templatetags/numbers.py). They follow the active
language (Swedish by default: space between thousands, decimal comma); sizes are in tenants/sizes.py.
"""

import re
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

NBSP = "\u00a0"
# A stored quarter code: the plan's "2027-Q1", a connection's "2027Q1", a report key "2027 Q1".
_QUARTER_CODE = re.compile(r"^\s*(\d{4})\s*[-\s]?[QK]([1-4])\s*$", re.IGNORECASE)


def number(value, decimals: int | None = None) -> str:
    """'10 280', '12,5', or with `decimals` fixed places ('6 400 000,00'); '–' for nothing."""
    if value is None or value == "":
        return "–"
    if decimals is None and isinstance(value, Decimal | float):
        value = Decimal(str(value)).normalize()
        decimals = max(0, -value.as_tuple().exponent)
    return number_format(value, decimals, force_grouping=True)


def kr(value) -> str:
    """An amount in kronor with öre: '6 400 000,00 kr'."""
    if value is None or value == "":
        return "–"
    return f"{number(Decimal(value), 2)}{NBSP}kr"


def percent(fraction, decimals: int = 2) -> str:
    """A share given as a fraction (0.022230) shown as a percentage: '2,22 %'."""
    if fraction is None or fraction == "":
        return "–"
    return f"{number(Decimal(str(fraction)) * 100, decimals)}{NBSP}%"


def quarter(year: int, q: int) -> str:
    """A quarter as the platform writes it everywhere: '2027 K1'."""
    return _("%(year)s K%(q)s") % {"year": year, "q": q}


def quarter_code(code) -> str:
    """A stored quarter code ('2027-Q1', '2027Q1') as people read it ('2027 K1'); '–' for none, other text as is."""
    if code is None or code == "":
        return "–"
    match = _QUARTER_CODE.match(str(code))
    return quarter(int(match.group(1)), int(match.group(2))) if match else str(code)
