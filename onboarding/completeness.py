"""How complete a system's record is ("7 av 10 uppgifter") and what is missing before it can be submitted."""

from dataclasses import dataclass

from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _

from onboarding.inventory.choices import ExportCapability, YesNoUnknown
from onboarding.models import InformationType
from tenants.sql import exists_sql, flag

# (key, label, wizard step where it is filled in)
FACTS = [
    ("product", _("Produkt"), "grund"),
    ("records_creator", _("Arkivbildare"), "grund"),
    ("purpose", _("Syfte"), "grund"),
    ("owner", _("Systemägare med e-post"), "kontakter"),
    ("manager", _("Systemförvaltare med e-post"), "kontakter"),
    ("information_types", _("Minst en informationstyp med bevarande, period och volym"), "information"),
    ("personal_data", _("Personuppgifter (ja eller nej)"), "klassning"),
    ("classification", _("Informationsklassning K, R och T"), "klassning"),
    ("export_capability", _("Exportmöjlighet"), "avveckling"),
    ("vendor_asked", _("Leverantören tillfrågad om export"), "avveckling"),
]


@dataclass(frozen=True)
class Completeness:
    done: int
    total: int
    missing: list  # [(key, label, step)]

    @property
    def is_complete(self) -> bool:
        return self.done == self.total

    @property
    def missing_labels(self) -> list[str]:
        return [str(label) for _key, label, _step in self.missing]


def _information_ok(info_types) -> bool:
    return bool(info_types) and all(it.retention and it.period_from and it.volume_gb is not None for it in info_types)


# An information type that is not enough: _information_ok's test, on the table's columns.
_LACKING = "retention = '' OR period_from IS NULL OR period_from = 0 OR volume_gb IS NULL"


def information_ok_expression() -> RawSQL:
    """_information_ok in SQL, for a System queryset's annotate(): at least one information type, and none
    without retention, period (from) or volume. The system list reads it so instead of every information type
    (tenants.sql: the ORM's Exists(...) & ~Exists(...) cost ~0.8 ms to compile on every request)."""
    return flag(f"({exists_sql(InformationType, 'system')} AND NOT {exists_sql(InformationType, 'system', _LACKING)})")


def completeness(system, info_types=None, *, information_ok: bool | None = None) -> Completeness:
    """Pass `info_types` when already loaded, or `information_ok` (information_ok_expression's answer), to avoid a
    query per system."""
    if information_ok is None:
        if info_types is None:
            info_types = list(system.information_types.all())
        information_ok = _information_ok(info_types)
    checks = {
        "product": system.product_id is not None,
        "records_creator": bool(system.records_creator.strip()),
        "purpose": bool(system.purpose.strip()),
        "owner": bool(system.owner_name.strip() and system.owner_email),
        "manager": bool(system.manager_name.strip() and system.manager_email),
        "information_types": information_ok,
        "personal_data": system.personal_data != YesNoUnknown.UNKNOWN
        and (system.personal_data == YesNoUnknown.NO or system.sensitive_personal_data != YesNoUnknown.UNKNOWN),
        "classification": None not in (system.confidentiality, system.integrity, system.availability),
        "export_capability": system.export_capability != ExportCapability.UNKNOWN,
        "vendor_asked": system.vendor_asked or system.export_capability == ExportCapability.EARK,
    }
    missing = [fact for fact in FACTS if not checks[fact[0]]]
    return Completeness(done=len(FACTS) - len(missing), total=len(FACTS), missing=missing)
