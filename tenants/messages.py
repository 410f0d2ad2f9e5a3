"""Everything the pages and services about kommuner, people and invitations tell a person, in Swedish
(gettext). Tests import these constants, never the text."""

from django.utils.translation import gettext_lazy as _

# After an action on a page
MSG_INVITATION_SENT = _("Inbjudan har skickats till %(email)s.")
MSG_INVITATION_REVOKED = _("Inbjudan till %(email)s har återkallats.")
MSG_WELCOME = _("Välkommen! Du har nu rollen %(role)s.")
MSG_PASSWORDS_DIFFER = _("Lösenorden är inte lika.")

# Invariants of the models
MSG_KOMMUNKOD_FORMAT = _("Kommunkoden ska vara fyra siffror, till exempel 1281.")
MSG_KOMMUNKOD_COUNTY = _("Kommunkoden ska börja med ett länsnummer mellan 01 och 25.")
MSG_KOMMUNKOD_UNKNOWN = _("Kommunkoden %(code)s finns inte bland Sveriges kommuner (SCB).")
MSG_SUBDOMAIN_FORMAT = _(
    "Underdomänen får bara innehålla små bokstäver a–z, siffror och bindestreck och måste börja med en bokstav."
)
MSG_SUBDOMAIN_RESERVED = _("Underdomänen %(subdomain)s är reserverad.")
MSG_ROLE_NOT_FOR_KOMMUN = _("Rollen %(role)s kan bara ges i en kommun.")
MSG_ROLE_NOT_FOR_CONSORTIUM = _("Rollen %(role)s kan bara ges i samverkan (förvaltning eller ledning).")

# Refusals of the services
MSG_KOMMUNKOD_TAKEN = _("Det finns redan en kommun med kommunkod %(code)s.")
MSG_SUBDOMAIN_TAKEN = _("Underdomänen %(subdomain)s används redan.")
MSG_POPULATION_INVALID = _("Folkmängden ska anges som år:antal, till exempel 2019:124935.")
MSG_INVITATION_INVALID = _("Inbjudan finns inte, har redan använts, har återkallats eller har gått ut.")
MSG_INVITATION_OTHER_EMAIL = _("Inbjudan gäller en annan e-postadress än den du är inloggad med.")
MSG_INVITATION_EXISTING_ACCOUNT = _("Det finns redan ett konto för %(email)s. Logga in först och öppna länken igen.")
MSG_NOT_ALLOWED_TO_INVITE = _("Du får inte bjuda in till den här rollen här.")
MSG_ALREADY_MEMBER = _("%(email)s har redan en roll här.")

# Stored files
MSG_FILE_NOT_STORED = _("Filen kunde inte sparas. Försök igen om en stund; kvarstår felet, kontakta förvaltningen.")
