"""Template filters for tenants/formatting.py: {% load numbers %} ... {{ value|number }}, {{ amount|kr }},
{{ share|percent }} (a fraction: 0.0222 -> 2,22 %), {{ code|quarter }} ('2027-Q1' -> 2027 K1)."""

from django import template

from tenants import formatting

register = template.Library()

register.filter("number", formatting.number)
register.filter("kr", formatting.kr)
register.filter("percent", formatting.percent)
register.filter("quarter", formatting.quarter_code)
