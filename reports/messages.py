"""Everything the reports tell a person, in Swedish (gettext). Tests import these constants, never the text."""

from django.utils.translation import gettext_lazy as _

# After an action on a page
MSG_REPORT_ORDERED = _("Rapporten är beställd. Du får ett e-postmeddelande när den är klar.")

# Refusals of the services
MSG_NOT_ALLOWED = _("Du får inte beställa den här rapporten.")
MSG_KOMMUN_REQUIRED = _("Välj vilken kommun rapporten ska gälla.")
MSG_STATEMENT_UNKNOWN = _("Fakturaunderlaget finns inte eller är inte utfärdat.")
MSG_PLAN_UNKNOWN = _("Planversionen finns inte eller är inte beslutad.")
MSG_ISSUE_UNKNOWN = _("Nyhetsbrevet finns inte.")
MSG_NO_SUCH_KOMMUN = _("Det finns ingen sådan medlemskommun. Diagrammen visar alla kommuner.")
