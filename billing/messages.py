"""What the billing pages tell a person after an action (Swedish; tests import these, never the text)."""

from django.utils.translation import gettext_lazy as _

MSG_DRAFT_CREATED = _("Utkastet är skapat.")
MSG_MODEL_FIXED = _("Modellen är fastställd. Den kan inte längre ändras.")
MSG_CORRECTION_CREATED = _("En rättelse är skapad som utkast.")
MSG_DRAFT_DELETED = _("Utkastet är borttaget.")
MSG_POPULATIONS_REFRESHED = _("Folkmängden är uppdaterad.")
MSG_LINE_SAVED = _("Budgetraden är sparad.")
MSG_LINE_DELETED = _("Budgetraden är borttagen.")
MSG_BASES_SAVED = _("Underlaget är sparat.")
MSG_BASES_FROM_PLATFORM = _("Underlaget är hämtat från plattformen (%(n)s kommuner ändrade).")
MSG_STATEMENTS_ISSUED = _("%(n)s fakturaunderlag är utfärdade.")
MSG_STATEMENTS_PREPARED = _("%(n)s utkast till fakturaunderlag är skapade.")
MSG_STATEMENT_ISSUED = _("Fakturaunderlaget är utfärdat med nummer %(n)s.")
MSG_CREDIT_NOTE_ISSUED = _("Kreditnota %(n)s är utfärdad.")
MSG_STATUS_CHANGED = _("Statusen är ändrad.")
