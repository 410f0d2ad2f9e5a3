"""Messages about the accepted-formats policy a user may see. Tests import these constants."""

from django.utils.translation import gettext_lazy as _

MSG_PUID_FORMAT = _("Ange ett PRONOM-id (PUID), till exempel fmt/354 eller x-fmt/111.")
MSG_RULE_SAVED = _("Regeln för %(puid)s är sparad.")
MSG_RULE_REMOVED = _("Regeln för %(puid)s är borttagen; standardlistan gäller.")
