from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenantsConfig(AppConfig):
    name = "tenants"
    verbose_name = "Kommuner och behörigheter"

    def ready(self):
        # The navigation reads access, and access the models: importable only once the registry is ready.
        from .navigation import CONSORTIUM, KOMMUN, NavItem, register

        register(
            NavItem(_("Start"), "start", KOMMUN, order=0),
            NavItem(_("Start"), "start", CONSORTIUM, order=0),
        )
