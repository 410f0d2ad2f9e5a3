"""The messages people see (the tests import these constants rather than copying the text)."""

from django.utils.translation import gettext_lazy as _

MSG_MARKED_DONE = _("Åtgärden är markerad som klar.")
MSG_REOPENED = _("Åtgärden är öppnad igen.")
MSG_ALREADY_DONE = _("Åtgärden är redan markerad som klar.")
MSG_NOT_DONE = _("Åtgärden är inte markerad som klar, så den kan inte öppnas igen.")
MSG_PLATFORM_TICKS = _("Den här åtgärden bockas av plattformen när det stämmer: %(check)s.")
MSG_REASON_REQUIRED = _("Skriv varför åtgärden öppnas igen.")
MSG_DRAFT_EXISTS = _("Det finns redan ett utkast till nästa version.")
MSG_DRAFT_CREATED = _("Ett utkast till version %(number)s är skapat.")
MSG_NOT_A_DRAFT = _("Bara ett utkast kan ändras; publicerade versioner står kvar som de är.")
MSG_DRAFT_EMPTY = _("Utkastet har inga åtgärder. Lägg till minst en innan du publicerar.")
MSG_PUBLISHED = _("Version %(number)s är publicerad och gäller nu för alla kommuner.")
MSG_ITEM_SAVED = _("Åtgärden ”%(title)s” är sparad i utkastet.")
MSG_ITEM_REMOVED = _("Åtgärden ”%(title)s” är borttagen ur utkastet.")
MSG_KEY_TAKEN = _("Det finns redan en åtgärd med den nyckeln i utkastet.")
MSG_PLAN_SAVED = _("Planerad första anslutning för %(kommun)s är sparad.")
MSG_MEETING_SAVED = _("Mötet är sparat.")
MSG_ACTION_ADDED = _("Åtgärden är tillagd.")
MSG_ACTION_KOMMUN_NOT_IN_MEETING = _("Välj en kommun som deltog i mötet, eller alla kommuner.")
MSG_NO_KOMMUNER = _("Välj minst en kommun som deltog.")
MSG_TITLE_REQUIRED = _("Skriv vad som ska göras.")
