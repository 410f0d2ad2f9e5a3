"""What the report pages tell a person (Swedish; tests import these, never the text)."""

from django.utils.translation import gettext_lazy as _

MSG_REPORT_ORDERED = _("Rapporten är beställd. Du får ett e-postmeddelande när den är klar.")
