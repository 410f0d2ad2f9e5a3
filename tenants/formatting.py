"""Numbers as people here read them, in one place: 1 234 567,89 kr, 2,22 %, 10 280, 2027 K1.

Everything shown in the UI, the PDFs and the texts services write (a statement's explanation, a plan's reasons)
goes through these functions or their template filters (tenants/templatetags/numbers.py). They follow the active
language (Swedish by default: space between thousands, decimal comma); sizes are in tenants/sizes.py.
"""

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

NBSP = "\u00a0"


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
