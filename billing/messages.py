"""Everything billing tells a person, in Swedish (gettext). Tests import these constants, never the text."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

# After an action on a page
MSG_DRAFT_CREATED = _("Utkastet är skapat.")
MSG_MODEL_FIXED = _("Modellen är fastställd. Den kan inte längre ändras.")
MSG_CORRECTION_CREATED = _("En rättelse är skapad som utkast.")
MSG_DRAFT_DELETED = _("Utkastet är borttaget.")
MSG_POPULATIONS_REFRESHED = _("Folkmängden är uppdaterad.")
MSG_LINE_SAVED = _("Budgetraden är sparad.")
MSG_LINE_DELETED = _("Budgetraden är borttagen.")
MSG_BASES_SAVED = _("Underlaget är sparat.")
MSG_BASES_FROM_PLATFORM = ngettext_lazy(
    "Underlaget är hämtat från plattformen (%(n)s kommun ändrad).",
    "Underlaget är hämtat från plattformen (%(n)s kommuner ändrade).",
    "n",
)
MSG_STATEMENTS_ISSUED = ngettext_lazy("%(n)s fakturaunderlag är utfärdat.", "%(n)s fakturaunderlag är utfärdade.", "n")
MSG_STATEMENTS_PREPARED = ngettext_lazy(
    "%(n)s utkast till fakturaunderlag är skapat.", "%(n)s utkast till fakturaunderlag är skapade.", "n"
)
MSG_STATEMENT_ISSUED = _("Fakturaunderlaget är utfärdat med nummer %(n)s.")
MSG_CREDIT_NOTE_ISSUED = _("Kreditnota %(n)s är utfärdad.")
MSG_STATUS_CHANGED = _("Statusen är ändrad.")

# Invariants of the models
MSG_LOCKED = _("Uppgiften är fastställd eller utfärdad och kan inte ändras. Gör en rättelse i stället.")
MSG_ORGNR_FORMAT = _("Organisationsnumret ska skrivas NNNNNN-NNNN, till exempel 212000-1124.")
MSG_ORGNR_CHECKSUM = _("Organisationsnumrets kontrollsiffra stämmer inte.")
MSG_EXEMPTION_REASON = _("Ange skälet till momsbefrielsen (det står på fakturan).")

# Refusals of the services
MSG_MODEL_NOT_DRAFT = _("Bara ett utkast kan ändras. Gör en rättelse av den fastställda modellen.")
MSG_NO_LINES = _("Modellen har inga budgetrader.")
MSG_NO_PARTICIPANTS = _("Ingen kommun deltar i modellen.")
MSG_ALREADY_FIXED = _("Det finns redan en fastställd kostnadsmodell för %(year)s. Gör en rättelse av den i stället.")
MSG_POPULATION_MISSING = _(
    "Folkmängd saknas för %(kommuner)s (för %(year)s eller tidigare år). Lägg in folkmängden först."
)
MSG_CANNOT_ALLOCATE = _("Raden ”%(line)s” kan inte fördelas: ingen kommun har något underlag för nyckeln %(key)s.")
MSG_ONLY_FIXED_CAN_BE_CORRECTED = _("Bara en fastställd modell kan rättas.")
MSG_CORRECTION_EXISTS = _("Det finns redan en rättelse av modellen.")
MSG_NO_FIXED_MODEL = _("Det finns ingen fastställd kostnadsmodell för %(year)s.")
MSG_STATEMENT_NOT_DRAFT = _("Fakturaunderlaget är redan utfärdat.")
MSG_PARTY_MISSING = _("Faktureringsuppgifter saknas för %(kommun)s.")
MSG_NO_HOST = _("Ingen värdkommun är angiven: den som fakturerar saknas.")
MSG_ONLY_ISSUED_INVOICE = _("Bara ett utfärdat fakturaunderlag som inte redan är krediterat kan krediteras.")
MSG_REASON_REQUIRED = _("Ange skälet till krediteringen.")
MSG_BAD_TRANSITION = _("Statusen kan inte ändras från %(from)s till %(to)s.")

# What-if (a preview: no key named, the line may be the one being changed)
MSG_WHAT_IF_CANNOT_ALLOCATE = _("Raden ”%(line)s” kan inte fördelas: ingen kommun har något underlag för nyckeln.")
