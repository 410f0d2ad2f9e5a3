"""What people are told about background work (Swedish msgids, English in the PO fragment)."""

from django.utils.translation import gettext_lazy as _

MSG_JOB_KOMMUN_LEFT = _(
    "Arbetet gjordes inte: kommunen har utträtt ur samverkan och dess uppgifter kan inte längre ändras."
)
MSG_JOB_KOMMUN_DELETED = _("Arbetet gjordes inte: kommunens data är raderad.")
MSG_WORK_STARTS_SOON = _(
    "Det du gjorde är sparat. Arbetet i bakgrunden kunde inte starta just nu och startar inom kort av sig självt."
)
