from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SsoConfig(AppConfig):
    """A SHARED app (public schema): each site's identity provider (OIDC or SAML 2.0), used through allauth."""

    name = "tenants.sso"
    label = "sso"
    verbose_name = "Inloggning via identitetsleverantör"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Role lives in the models, the navigation reads access: importable only once the registry is ready.
        from tenants.models import Role
        from tenants.navigation import CONSORTIUM, NavItem, register

        register(NavItem(_("Inloggning"), "sso:sites", CONSORTIUM, order=80, roles=frozenset({Role.FORVALTNING})))
