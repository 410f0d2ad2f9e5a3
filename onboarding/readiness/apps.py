from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReadinessConfig(AppConfig):
    """A SHARED app (public schema): the readiness checklist kept by the förvaltning, every kommun's marks, and
    the meetings (visits, workshops) with the actions that came out of them. In public because the consortium's
    start page reads every kommun's readiness in a fixed number of queries."""

    name = "onboarding.readiness"
    label = "readiness"
    verbose_name = "Beredskap inför anslutning"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Role lives in the models, the navigation reads access: importable only once the registry is ready.
        from tenants.models import Role
        from tenants.navigation import CONSORTIUM, KOMMUN, NavItem, register

        readers = frozenset({Role.FORVALTNING, Role.LEDNING})
        register(
            NavItem(_("Beredskap"), "readiness:overview", CONSORTIUM, order=35, roles=readers),
            NavItem(_("Möten"), "readiness:meetings", CONSORTIUM, order=36, roles=readers),
            NavItem(_("Beredskap"), "readiness:checklist", KOMMUN, order=35),
            NavItem(_("Möten"), "readiness:meetings", KOMMUN, order=36),
        )
