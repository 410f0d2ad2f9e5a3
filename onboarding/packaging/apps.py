from django.apps import AppConfig


class PackagingConfig(AppConfig):
    """A TENANT app: packages the platform builds for a kommun from its export live in the kommun's schema."""

    name = "onboarding.packaging"
    label = "packaging"
    verbose_name = "Paket byggda av plattformen"
    default_auto_field = "django.db.models.BigAutoField"
