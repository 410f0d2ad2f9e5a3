"""What people are told about background work (Swedish msgids, English in the PO fragment)."""

from django.utils.translation import gettext_lazy as _

MSG_WORK_STARTS_SOON = _(
    "Det du gjorde är sparat. Arbetet i bakgrunden kunde inte starta just nu och startar inom kort av sig självt."
)
