"""{{ item.reason|reason_text }}: a plan reason (its stored parts) in the reader's language."""

from django import template

from onboarding.planning.reasons import render

register = template.Library()


@register.filter
def reason_text(value) -> str:
    """A stored reason (parts, or a text kept from before codes) as words in the active language."""
    return render(value)
