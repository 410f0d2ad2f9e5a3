"""Prioritisation and the connection plan across all kommuner (public schema, owned by the förvaltning)."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PlanningConfig(AppConfig):
    """A SHARED app: django-tenants matches this name against SHARED_APPS."""

    name = "onboarding.planning"
    label = "planning"
    verbose_name = "Prioritering och anslutningsplan"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported here: the startup module needs the models, which are ready only now.
        from . import startup

        startup.register_navigation()
        post_migrate.connect(startup.setup_plan_inputs, sender=self, dispatch_uid="planning.plan_inputs_setup")
