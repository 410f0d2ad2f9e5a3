from django.apps import AppConfig


class DeliveriesIndexConfig(AppConfig):
    """A SHARED app (public schema): the connection index, hand-overs and archive backends."""

    name = "onboarding.deliveries_index"
    label = "deliveries_index"
    verbose_name = "Anslutningsindex och överlämningar"
    default_auto_field = "django.db.models.BigAutoField"
