from django.apps import AppConfig


class SsoConfig(AppConfig):
    """A SHARED app (public schema): each site's identity provider (OIDC or SAML 2.0), used through allauth."""

    name = "tenants.sso"
    label = "sso"
    verbose_name = "Inloggning via identitetsleverantör"
    default_auto_field = "django.db.models.BigAutoField"
