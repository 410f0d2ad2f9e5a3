"""Prioritisation and the connection plan across all kommuner (public schema, owned by the förvaltning)."""

from django.apps import AppConfig


class PlanningConfig(AppConfig):
    """A SHARED app: django-tenants matches this name against SHARED_APPS."""

    name = "onboarding.planning"
    label = "planning"
    verbose_name = "Prioritering och anslutningsplan"
    default_auto_field = "django.db.models.BigAutoField"
