from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnboardingConfig(AppConfig):
    """The kommun's system registry (tenant schema)."""

    name = "onboarding"
    verbose_name = "Anslutning av system"

    def ready(self) -> None:
        # tenants.navigation reads tenants.models: importable only once the app registry is ready.
        from tenants.navigation import KOMMUN, NavItem, register

        register(NavItem(_("System"), "onboarding:system_list", KOMMUN, order=10))
