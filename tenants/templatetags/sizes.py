"""{% load sizes %}: {{ bytes|size }} in decimal units (1 GB = 10^9 bytes), see tenants/sizes.py."""

from django import template

from tenants.sizes import size_text

register = template.Library()


@register.filter
def size(count) -> str:
    return size_text(count)
