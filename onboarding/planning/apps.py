"""Prioritisation and the connection plan across all kommuner (public schema, owned by the förvaltning)."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _setup_plan_inputs(sender, using, **kwargs) -> None:
    """After migrate (and after a test's flush): the draft inputs exist, so reading them never writes."""
    # Imported here: an AppConfig module is imported before the models are ready.
    from django_tenants.utils import get_public_schema_name, schema_context

    from .services import plan_inputs_setup

    with schema_context(get_public_schema_name()):
        plan_inputs_setup()


class PlanningConfig(AppConfig):
    """A SHARED app: django-tenants matches this name against SHARED_APPS."""

    name = "onboarding.planning"
    label = "planning"
    verbose_name = "Prioritering och anslutningsplan"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported here: tenants' models are ready only now.
        from tenants.models import Role
        from tenants.navigation import CONSORTIUM, KOMMUN, NavItem, register

        readers = frozenset({Role.FORVALTNING, Role.LEDNING})
        register(
            # The one portfolio of every kommun's systems (onboarding.portfolio; the old /portfolj/ redirects there).
            NavItem(_("Portfölj"), "portfolio:list", CONSORTIUM, order=20, roles=readers),
            NavItem(
                _("Anslutningsplan"),
                "planning:home",
                CONSORTIUM,
                order=30,
                roles=readers,
            ),
            NavItem(_("Anslutningsplan"), "planning_kommun:plan", KOMMUN, order=40),
        )
        post_migrate.connect(_setup_plan_inputs, sender=self, dispatch_uid="planning.plan_inputs_setup")
