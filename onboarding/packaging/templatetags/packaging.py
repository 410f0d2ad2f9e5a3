"""{% package_link connection agreement %}: the "Skapa paket" link on a connection's page, for who may use it."""

from django import template

from onboarding.deliveries import rules

register = template.Library()


@register.inclusion_tag("packaging/partials/package_link.html", takes_context=True)
def package_link(context, connection, agreement):
    request = context["request"]
    shown = bool(agreement and agreement.is_approved and rules.can_deliver(request.user, request.tenant))
    return {"connection": connection, "shown": shown}
