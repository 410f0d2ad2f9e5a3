from django.apps import AppConfig


class FormatPolicyConfig(AppConfig):
    """A SHARED app (public schema): the förvaltning's accepted-formats policy, laid over the project's default list."""

    name = "onboarding.formatpolicy"
    label = "formatpolicy"
    verbose_name = "Godtagna filformat"
    default_auto_field = "django.db.models.BigAutoField"
