"""The registry's vocabulary: the choices of a system's record, shared by the models, the inventory spreadsheet
and the portfolio index in public (one vocabulary, two schemas). The bottom layer: it imports only Django."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SystemStatus(models.TextChoices):
    DRAFT = "utkast", _("Utkast")
    SUBMITTED = "inskickad", _("Inskickad")
    COMPLETION_REQUESTED = "komplettering", _("Komplettering begärd")
    READY = "klar", _("Klar för prioritering")


class YesNoUnknown(models.TextChoices):
    YES = "ja", _("Ja")
    NO = "nej", _("Nej")
    UNKNOWN = "okant", _("Okänt")


class ExportCapability(models.TextChoices):
    NONE = "ingen", _("Ingen")
    UNKNOWN = "okand", _("Okänd")
    CSV = "csv", _("CSV")
    XML = "xml", _("XML")
    DUMP = "databasdump", _("Databasdump")
    VENDOR = "leverantorsexport", _("Leverantörens export")
    EARK = "fgs", _("FGS/E-ARK-paket")


class Retention(models.TextChoices):
    PRESERVE = "bevaras", _("Bevaras")
    DISPOSE = "gallras", _("Gallras")


# Klassa's scale for K, R and T.
CLASSIFICATION_LEVELS = [(level, str(level)) for level in range(5)]
# What each level means, as the wizard offers them ("2 – Betydande"); the stored value stays the digit.
CLASSIFICATION_MEANINGS = [
    (0, _("0 – Ingen skada")),
    (1, _("1 – Begränsad")),
    (2, _("2 – Betydande")),
    (3, _("3 – Allvarlig")),
    (4, _("4 – Mycket allvarlig")),
]
