from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """A SHARED app (public schema): issued reports of every kommun live in one table."""

    name = "reports"
    verbose_name = "Rapporter"
