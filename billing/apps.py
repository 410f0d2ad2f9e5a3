from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BillingConfig(AppConfig):
    """Cost model, allocation between kommuner, statements and Peppol invoices (public schema)."""

    name = "billing"
    verbose_name = "Kostnader och fakturering"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Role lives in the models, the navigation reads access: importable only once the registry is ready.
        from tenants.models import Role
        from tenants.navigation import CONSORTIUM, KOMMUN, NavItem, register

        readers = frozenset({Role.FORVALTNING, Role.LEDNING})
        register(
            NavItem(_("Kostnader"), "billing:model_list", CONSORTIUM, order=60, roles=readers),
            NavItem(
                _("Fakturaunderlag"),
                "billing:statement_list",
                CONSORTIUM,
                order=61,
                roles=frozenset({Role.FORVALTNING}),
            ),
            NavItem(_("Fakturaunderlag"), "billing:statement_list", KOMMUN, order=60),
        )
