"""Everything the news pages tell a person, in Swedish (gettext). Tests import these constants, never the text."""

from django.utils.translation import gettext_lazy as _

# After an action on a page
MSG_ITEM_PUBLISHED = _("Nyheten är publicerad.")
MSG_ITEM_SCHEDULED = _("Nyheten publiceras %(when)s.")
MSG_ITEM_SAVED = _("Nyheten är sparad.")
MSG_PREFERENCE_SAVED = _("Ditt val för e-post om nyheter är sparat.")
MSG_FEED_RENEWED = _("Flödet har fått en ny adress. Den gamla fungerar inte längre.")
MSG_ISSUE_SAVED = _("Nyhetsbrevet är sparat.")

# Refusals of the services and forms
MSG_TITLE_REQUIRED = _("Skriv en rubrik.")
MSG_BODY_REQUIRED = _("Skriv nyhetens text.")
MSG_NO_KOMMUNER = _("Välj minst en kommun, eller skicka nyheten till alla kommuner.")
MSG_PUBLISH_AT_REQUIRED = _("Ange när nyheten ska publiceras.")
MSG_PUBLISH_AT_PAST = _("Tidpunkten har redan passerat. Välj ”Publicera nu” eller en senare tidpunkt.")
MSG_ALREADY_PUBLISHED = _("Nyheten är redan publicerad och kan inte längre ändras.")
MSG_ISSUE_NO_ITEMS = _("Välj minst en publicerad nyhet till nyhetsbrevet.")
MSG_ISSUE_ITEM_NOT_PUBLISHED = _("Nyhetsbrevet kan bara innehålla publicerade nyheter.")
MSG_ISSUE_ITEM_NOT_TO_ALL = _(
    "Ett nyhetsbrev går till alla kommuner: välj bara nyheter som är skickade till alla kommuner."
)
