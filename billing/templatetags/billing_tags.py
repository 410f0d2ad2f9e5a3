"""Money and shares as Swedish finance people read them: 1 234 567,89 kr and 12,3456 % (tenants/formatting.py)."""

from django import template

from tenants import formatting

register = template.Library()


@register.filter
def kr(value) -> str:
    return formatting.kr(value)


@register.filter
def percent(value) -> str:
    """A share (fraction) with four decimals, as the statements show it."""
    return formatting.percent(value, 4)


@register.filter
def base(value) -> str:
    """A base without trailing zeros (population 124 935, GB 12,5)."""
    return formatting.number(value)
