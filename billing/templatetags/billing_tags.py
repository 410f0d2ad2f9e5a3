"""Money and shares as Swedish finance people read them: 1 234 567,89 kr and 12,3456 %."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def kr(value) -> str:
    if value is None or value == "":
        return "–"
    text = f"{Decimal(value):,.2f}".replace(",", "\u00a0").replace(".", ",")
    return f"{text}\u00a0kr"


@register.filter
def percent(value) -> str:
    if value is None:
        return "–"
    return f"{Decimal(value) * 100:.4f}".replace(".", ",") + "\u00a0%"


@register.filter
def base(value) -> str:
    """A base without trailing zeros (population 124935, GB 12,5)."""
    if value is None:
        return "–"
    text = format(Decimal(value).normalize(), "f")
    whole, _sep, frac = text.partition(".")
    whole = f"{int(whole):,}".replace(",", "\u00a0")
    return f"{whole},{frac}" if frac else whole
