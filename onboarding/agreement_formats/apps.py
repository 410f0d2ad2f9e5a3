from django.apps import AppConfig


class AgreementFormatsConfig(AppConfig):
    """A TENANT app (each kommun's schema): how a submission agreement narrows or widens the accepted formats."""

    name = "onboarding.agreement_formats"
    label = "agreement_formats"
    verbose_name = "Leveransöverenskommelsens filformat"
    default_auto_field = "django.db.models.BigAutoField"
