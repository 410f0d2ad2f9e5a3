"""Every message about systems that a user may see. Tests import these constants instead of copying text."""

from django.utils.translation import gettext_lazy as _

# The product catalogue's messages belong to the catalogue; the wizard shows them too.
from onboarding.portfolio.messages import MSG_PRODUCT_REQUIRED, MSG_PRODUCT_SIMILAR  # noqa: F401

MSG_REQUIRED = _("Fyll i det här fältet.")
MSG_RETENTION_YEARS_MISSING = _("Ange efter hur många år informationen gallras.")
MSG_RETENTION_YEARS_FOR_BEVARAS = _("Information som bevaras har ingen gallringsfrist. Töm fältet eller välj gallras.")
MSG_PERIOD_ORDER = _("Till-året kan inte vara före från-året.")
MSG_SYSTEM_EXISTS = _("Det finns redan ett system med det namnet och den produkten i kommunen.")
MSG_NOT_COMPLETE = _("Systemet kan inte skickas in förrän alla uppgifter är ifyllda. Saknas: %(missing)s.")
MSG_WRONG_STATUS = _("Det går inte när systemet har status %(status)s.")
MSG_NOT_ALLOWED = _("Din roll får inte göra det här.")
MSG_SYSTEM_HAS_CONNECTION = _(
    "Systemet kan inte tas bort eftersom det har en anslutning till e-arkivet. "
    "Kontakta förvaltningen om anslutningen ska avbrytas."
)
MSG_COMMENT_REQUIRED = _("Skriv vad kommunen behöver komplettera.")
MSG_FIRST_CHOICE_REQUIRED = _("Markera minst ett system som förstahandsval.")
MSG_RANK_DUPLICATE = _("Rangordningen %(rank)s är använd för fler än ett system.")
MSG_RANK_SYSTEM_UNKNOWN = _("Ett av systemen i förslaget finns inte längre.")
MSG_RANK_NOT_RANKABLE = _(
    "%(name)s kan inte få en plats: bara system som är klara för prioritering och vars anslutning inte har börjat "
    "rangordnas."
)
MSG_PROPOSAL_EMPTY = _("Ge minst ett system en plats i rangordningen.")
MSG_ATTACHMENT_TOO_BIG = _("Filen är för stor. Största tillåtna storlek är %(limit)s MB.")
MSG_ATTACHMENT_EMPTY = _("Filen är tom.")
MSG_ATTACHMENT_TYPE = _("Filtypen %(ext)s tas inte emot. Tillåtna: %(allowed)s.")
MSG_DRAFT_SAVED = _("Utkastet är sparat.")
MSG_SUBMITTED = _("Systemet är inskickat till förvaltningen.")
MSG_MARKED_READY = _("Systemet är markerat som klart för prioritering.")
MSG_COMPLETION_ASKED = _("Kommunen har ombetts komplettera uppgifterna.")
MSG_SYSTEM_DELETED = _("Systemet %(name)s är borttaget.")
MSG_ATTACHMENT_SAVED = _("Bilagan är sparad.")
MSG_IMPORT_STARTED = _("Importen har startat.")
MSG_RANK_NOT_INTEGER = _("Ange rangordningen som ett heltal, 1 är högst.")
MSG_PROPOSAL_SAVED = _("Kommunens förslag är sparat.")
MSG_PROPOSAL_MOVED = _("%(name)s har nu plats %(rank)s. Ordningen sparas när du väljer ”Spara förslaget”.")
