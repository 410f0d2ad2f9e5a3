"""What the planning app registers when Django starts (imported by PlanningConfig.ready): its menu entries,
and the draft inputs made after every migrate, so that reading them never writes."""

from django.utils.translation import gettext_lazy as _
from django_tenants.utils import get_public_schema_name, schema_context

from tenants.models import Role
from tenants.navigation import CONSORTIUM, KOMMUN, NavItem, register

from .services import plan_inputs_setup

READERS = frozenset({Role.FORVALTNING, Role.LEDNING})


def register_navigation() -> None:
    register(
        # The one portfolio of every kommun's systems (onboarding.portfolio; the old /portfolj/ redirects there).
        NavItem(_("Portfölj"), "portfolio:list", CONSORTIUM, order=20, roles=READERS),
        NavItem(_("Anslutningsplan"), "planning:home", CONSORTIUM, order=30, roles=READERS),
        NavItem(_("Anslutningsplan"), "planning_kommun:plan", KOMMUN, order=40),
    )


def setup_plan_inputs(sender, **kwargs) -> None:
    """post_migrate (also after a test's flush): the draft inputs and the first scoring model exist."""
    with schema_context(get_public_schema_name()):
        plan_inputs_setup()
