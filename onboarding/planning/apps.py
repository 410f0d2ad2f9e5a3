"""Prioritisation and the connection plan across all kommuner (public schema, owned by the förvaltning)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    """A SHARED app: django-tenants matches this name against SHARED_APPS."""

    name = "onboarding.planning"
    label = "planning"
    verbose_name = "Prioritering och anslutningsplan"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
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
