from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    """A SHARED app (public schema): the förvaltning's news to the kommuner, people's e-mail choices and
    the numbered newsletter issues."""

    name = "onboarding.news"
    label = "news"
    verbose_name = "Nyheter"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from tenants.models import Role
        from tenants.navigation import CONSORTIUM, KOMMUN, NavItem, register

        register(
            NavItem(_("Nyheter"), "news:list", KOMMUN, order=70),
            NavItem(_("Nyheter"), "news:list", CONSORTIUM, order=70),
            NavItem(
                _("Nyhetsbrev"), "news_consortium:issues", CONSORTIUM, order=75, roles=frozenset({Role.FORVALTNING})
            ),
        )
