from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliveriesConfig(AppConfig):
    """A TENANT app: connections, submission agreements and deliveries live in each kommun's schema."""

    name = "onboarding.deliveries"
    label = "deliveries"
    verbose_name = "Anslutningar och leveranser"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # tenants.navigation reads tenants.models: importable only once the app registry is ready.
        from tenants.navigation import CONSORTIUM, KOMMUN, NavItem, register

        register(
            NavItem(_("Anslutningar"), "deliveries:board", KOMMUN, order=30),
            NavItem(_("Anslutningar"), "deliveries_board:board", CONSORTIUM, order=30),
        )
