from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KommunDataConfig(AppConfig):
    """A SHARED app (public schema): a kommun's data out (export, backup) and back (restore), and leaving."""

    name = "onboarding.kommun_data"
    label = "kommun_data"
    verbose_name = "Kommunens data"

    def ready(self) -> None:
        from tenants.models import Role
        from tenants.navigation import CONSORTIUM, KOMMUN, NavItem, register

        register(
            NavItem(_("Exportera data"), "kommun_data:exports", KOMMUN, order=90,
                    roles=frozenset({Role.ARKIVARIE, Role.FORVALTNING})),
            NavItem(_("Utträden"), "kommun_data:departures", CONSORTIUM, order=95, roles=frozenset({Role.FORVALTNING})),
        )  # fmt: skip
