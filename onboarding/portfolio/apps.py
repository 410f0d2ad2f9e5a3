from django.apps import AppConfig


class PortfolioConfig(AppConfig):
    """A SHARED app (public schema): django-tenants matches this name against SHARED_APPS."""

    name = "onboarding.portfolio"
    label = "portfolio"
    verbose_name = "Produktkatalog och portfölj"
