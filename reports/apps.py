from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """A SHARED app (public schema): issued reports of every kommun live in one table."""

    name = "reports"
    verbose_name = "Rapporter"

    def ready(self):
        # The navigation reads access, and access the models: importable only once the registry is ready.
        from tenants.navigation import CONSORTIUM, KOMMUN, NavItem, register

        register(
            NavItem(_("Rapporter"), "reports:list", CONSORTIUM, order=80),
            NavItem(_("Rapporter"), "reports:list", KOMMUN, order=80),
        )
