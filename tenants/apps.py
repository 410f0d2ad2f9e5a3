from django.apps import AppConfig


class TenantsConfig(AppConfig):
    name = "tenants"
    verbose_name = "Kommuner och behörigheter"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from .navigation import CONSORTIUM, KOMMUN, NavItem, register

        register(
            NavItem(_("Start"), "start", KOMMUN, order=0),
            NavItem(_("Start"), "start", CONSORTIUM, order=0),
        )
