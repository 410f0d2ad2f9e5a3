"""Which rows and files are a kommun's: every table of its schema, and the public rows that name it.

Found from the model registry, not from a list, so a table added later is exported and backed up too:
- the kommun's schema: every model of TENANT_APPS;
- public: rows with a foreign key to the kommun (statements, audit trail, memberships, the portfolio
  index...) and rows with a foreign key to those (a statement's lines).
"""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django_tenants.utils import tenant_context

from tenants.models import Kommun

# Our own bookkeeping is not the kommun's data (an export listing the export being written).
OWN_APP = "kommun_data"
# Delivered packages: listed with their sums, included only when asked (they are large, and in the archive).
PACKAGE_MODEL = "deliveries.delivery"


@dataclass(frozen=True)
class Table:
    """One table's rows of the kommun: `in_schema` tables are read inside the kommun's tenant_context."""

    model: type[models.Model]
    in_schema: bool
    condition: Q | None = None

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    def queryset(self) -> models.QuerySet:
        qs = self.model._base_manager.all()
        if self.condition is not None:
            qs = qs.filter(self.condition)
        return qs.order_by("pk")


def _tenant_app_labels() -> set[str]:
    shared = set(settings.SHARED_APPS)
    return {apps.get_app_config(name.rsplit(".", 1)[-1]).label for name in settings.TENANT_APPS if name not in shared}


def _fks(model: type[models.Model]) -> list[models.ForeignKey]:
    return [f for f in model._meta.concrete_fields if f.many_to_one or f.one_to_one]


def schema_tables() -> list[Table]:
    labels = _tenant_app_labels()
    return [Table(m, True) for m in apps.get_models() if m._meta.app_label in labels and not m._meta.proxy]


def public_tables(kommun: Kommun, *, include_own: bool = False) -> list[Table]:
    """The public tables with the kommun's rows, with the condition that selects them."""
    tenant_labels = _tenant_app_labels()
    public = [
        m
        for m in apps.get_models()
        if m._meta.app_label not in tenant_labels and not m._meta.proxy and m is not Kommun
        and (include_own or m._meta.app_label != OWN_APP)
    ]  # fmt: skip
    tables = [Table(Kommun, False, Q(pk=kommun.pk))]
    direct = {}
    for model in public:
        to_kommun = [f for f in _fks(model) if f.related_model is Kommun]
        if to_kommun:
            direct[model] = _any(Q(**{f.name: kommun}) for f in to_kommun)
            tables.append(Table(model, False, direct[model]))
    for model in public:
        if model in direct:
            continue
        parents = [f for f in _fks(model) if f.related_model in direct]
        if parents:
            condition = _any(Q(**{f"{f.name}__in": f.related_model._base_manager.filter(direct[f.related_model])})
                             for f in parents)  # fmt: skip
            tables.append(Table(model, False, condition))
    return tables


def _any(conditions) -> Q:
    result = Q(pk__in=[])
    for condition in conditions:
        result |= condition
    return result


def schema_storage_root(kommun: Kommun) -> Path:
    """The folder of the kommun's uploaded files (TenantFileSystemStorage: MEDIA_ROOT/<schema>)."""
    with tenant_context(kommun):
        return Path(storages["default"].path(""))


@dataclass(frozen=True)
class StoredFile:
    label: str  # the table it belongs to
    pk: object
    name: str  # the storage name (relative to the kommun's storage)
    path: Path
    is_package: bool


def schema_files(kommun: Kommun) -> Iterator[StoredFile]:
    """Every file a row of the kommun's schema points to (attachments, imports, delivered packages)."""
    with tenant_context(kommun):
        root = Path(storages["default"].path(""))
        for table in schema_tables():
            fields = [f for f in table.model._meta.concrete_fields if isinstance(f, models.FileField)]
            for field in fields:
                rows = table.queryset().exclude(**{field.attname: ""}).values_list("pk", field.attname)
                for pk, name in rows.iterator(chunk_size=2000):
                    yield StoredFile(table.label, pk, name, root / name, table.label == PACKAGE_MODEL)


def issued_report_files(kommun: Kommun) -> Iterator[tuple[str, Path]]:
    """The kommun's issued reports (public rows; the files under REPORTS_ROOT)."""
    model = apps.get_model("reports", "IssuedReport")
    rows = model.objects.filter(kommun=kommun).exclude(file_path="").order_by("pk").values_list("file_path", flat=True)
    for rel in rows:
        yield rel, Path(settings.REPORTS_ROOT) / rel
