"""Messages people see (Swedish via gettext); the tests import these rather than copy the text."""

from django.utils.translation import gettext_lazy as _

MSG_EXPORT_QUEUED = _("Exporten är beställd. Den skapas i bakgrunden; sidan visar hur långt den har kommit.")
MSG_EXPORT_RUNNING = _("En export av kommunens data pågår redan. Vänta tills den är klar.")
MSG_READ_ONLY = _("Kommunen har utträtt ur samverkan. Dess uppgifter kan läsas men inte ändras.")
MSG_ALREADY_LEFT = _("Kommunen har redan utträtt.")
MSG_DELETE_DATE_PAST = _("Raderingsdatumet kan inte ligga före i dag.")
MSG_REASON_REQUIRED = _("Skriv varför kommunens data ska raderas just då.")
MSG_DELETE_TOO_EARLY = _("Kommunens data kan raderas tidigast %(date)s.")
MSG_DELETE_NO_EXPORT = _("Kommunens data kan inte raderas förrän exporten vid utträdet är klar.")
MSG_DELETE_CONFIRM = _("Skriv kommunens underdomän (%(subdomain)s) för att bekräfta raderingen.")
MSG_ALREADY_DELETED = _("Kommunens data är redan raderad.")
MSG_LEFT = _("Utträdet är registrerat. Kommunens personer har inte längre tillgång, och exporten skapas nu.")
MSG_DELETE_DATE_SET = _("Raderingsdatumet är ändrat.")
MSG_DELETED = _("Kommunens schema och filer är raderade. Exporten och händelseloggen finns kvar.")
