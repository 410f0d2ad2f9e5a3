from django.apps import AppConfig


class DeliveriesConfig(AppConfig):
    """A TENANT app: connections, submission agreements and deliveries live in each kommun's schema."""

    name = "onboarding.deliveries"
    label = "deliveries"
    verbose_name = "Anslutningar och leveranser"
    default_auto_field = "django.db.models.BigAutoField"
