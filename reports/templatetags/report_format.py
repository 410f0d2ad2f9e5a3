"""Numbers and dates as Swedish readers expect them in a report: 12 345, 1 234,5, 2026-03-31."""

from datetime import date, datetime
from decimal import Decimal

from django import template
from django.utils import timezone

from ..charts import fmt

register = template.Library()


@register.filter
def cell(value) -> str:
    """A table cell: numbers grouped by thousands, dates ISO, nothing as a dash."""
    if value is None or value == "":
        return "–" if value is None else ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float | Decimal):
        return fmt(value)
    return str(value)


@register.filter
def when(value) -> str:
    if value is None:
        return "–"
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


@register.filter
def gb(value) -> str:
    """A volume in bytes as GB (10^9 bytes) with one decimal, the Swedish way: "1 234,5 GB"."""
    number = float(value or 0) / 10**9
    return f"{number:,.1f}".replace(",", "\u00a0").replace(".", ",") + "\u00a0GB"
