"""What the prioritisation and connection plan pages tell people, in one place (tests import these)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

# Refusals of the services.
MSG_NOT_ALLOWED = _("Bara förvaltningen kan ändra prioriteringen och planen.")
MSG_WRONG_STATE = _("Planen har status %(state)s och kan inte %(what)s.")
MSG_REASON_REQUIRED = _("Ange ett skäl.")
MSG_QUARTER_REQUIRED = _("Ange kvartalet som systemet ska fästas till.")
MSG_MINUTES_REQUIRED = _("Ange en referens till samverkansrådets protokoll.")
MSG_QUARTER_NOT_IN_PLAN = _("Kvartalet %(q)s finns inte i planen.")
MSG_WEIGHTS_ZERO = _("Minst ett kriterium måste ha en vikt större än noll.")
MSG_QUARTER_FORMAT = _("Ange kvartalet som 2027 K1.")
MSG_PLAN_IMMUTABLE = _("En beslutad plan kan inte ändras.")
MSG_MODEL_LOCKED = _("Poängmodellen har använts i en beslutad plan och kan inte ändras.")
MSG_NO_SETTINGS = "The plan's draft inputs are missing: run `manage.py migrate` (it makes them)."

# What a page says after a write.
MSG_ASSESSMENT_SAVED = _("Bedömningen är sparad.")
MSG_CONSTRAINT_SAVED = _("Villkoret är sparat.")
MSG_WEIGHTS_SAVED = _("Vikterna är sparade.")
MSG_WEIGHTS_NEW_VERSION = _("Poängmodellen v%(old)s används i en beslutad plan; vikterna sparades som v%(new)s.")
MSG_SETTINGS_SAVED = _("Planeringsindata är sparade.")
MSG_DRAFT_BUILT = _("Utkast v%(n)s är byggt.")
MSG_PROPOSED = _("Planen är lagd som förslag till samverkansrådet.")
MSG_DECIDED = _("Planen är beslutad och publicerad för kommunerna.")
MSG_DRAFT_DELETED = _("Utkastet är borttaget.")
MSG_QUARTER_STARTED = ngettext_lazy("%(n)s anslutning är påbörjad.", "%(n)s anslutningar är påbörjade.", "n")

# The plan page's line on how good the plan is (selectors.plan_optimality).
MSG_OPTIMAL = _(
    "Planen är optimal: lösaren har bevisat att ingen plan håller fler avvecklingsdatum, ger fler kommuner "
    "en leverans i tid eller planerar mer poäng."
)
MSG_DATES_GAP = _("Högst %(n)s fler datum kan nås: lösaren hann inte bevisa mer inom %(s)s sekunder.")
MSG_DATES_UNPROVEN = _("Lösaren hann inte bevisa inom %(s)s sekunder hur många fler datum som kan nås.")
MSG_KOMMUNER_GAP = _(
    "Avvecklingsdatumen är optimala (bevisat); högst %(n)s fler kommuner kan få en leverans inom rättvisefönstret."
)
MSG_REST_UNPROVEN = _(
    "Avvecklingsdatumen och kommunerna är optimala (bevisat); poängen och ordningen är de bästa lösaren hann "
    "hitta inom %(s)s sekunder."
)
MSG_WALL_CLOCK = _("Lösaren stoppades av klockan i stället för sin tidsgräns: samma indata kan ge en annan plan.")
MSG_GREEDY_NOT_INSTALLED = _(
    "Planen är byggd av reservplaneraren (lösaren OR-Tools är inte installerad) och är inte bevisat optimal."
)
MSG_GREEDY_NO_SOLUTION = _(
    "Planen är byggd av reservplaneraren: lösaren hittade ingen plan inom %(s)s sekunder. Den är inte bevisat optimal."
)
