"""Messages about an agreement's format rules a user may see. Tests import these constants."""

from django.utils.translation import gettext_lazy as _

MSG_AGREEMENT_APPROVED_FORMATS = _(
    "Versionen är redan godkänd och kan inte ändras. Skriv en ny version för att ändra filformaten."
)
MSG_AGREEMENT_RULE_SAVED = _("Överenskommelsens regel för %(puid)s är sparad.")
MSG_AGREEMENT_RULE_REMOVED = _("Överenskommelsens regel för %(puid)s är borttagen.")
