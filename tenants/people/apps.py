from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    """A SHARED app (public schema): people management, the MFA gate, session limits and sign-in audit."""

    name = "tenants.people"
    label = "people"
    verbose_name = "Personer och inloggning"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from tenants.models import Role
        from tenants.navigation import CONSORTIUM, KOMMUN, NavItem, register

        from . import signals  # noqa: F401  (connects the audit receivers)

        managers = frozenset({Role.ARKIVARIE, Role.FORVALTNING})
        register(
            NavItem(_("Personer"), "people:list", KOMMUN, order=80, roles=managers),
            NavItem(_("Personer"), "people:list", CONSORTIUM, order=80, roles=frozenset({Role.FORVALTNING})),
            NavItem(_("Händelselogg"), "people:audit", KOMMUN, order=85, roles=managers),
            NavItem(_("Händelselogg"), "people:audit", CONSORTIUM, order=85, roles=frozenset({Role.FORVALTNING})),
        )
