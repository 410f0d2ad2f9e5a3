"""What the pages about kommuner, people and invitations tell a person (Swedish; tests import these)."""

from django.utils.translation import gettext_lazy as _

MSG_INVITATION_SENT = _("Inbjudan har skickats till %(email)s.")
MSG_INVITATION_REVOKED = _("Inbjudan till %(email)s har återkallats.")
MSG_WELCOME = _("Välkommen! Du har nu rollen %(role)s.")
MSG_PASSWORDS_DIFFER = _("Lösenorden är inte lika.")
