"""The import change-set: which systems in the parsed rows are new, changed or unchanged, and every problem by row
and column.

Reads only. The change-set is applied by onboarding.services.imports inside one transaction.
"""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from onboarding import rules
from onboarding.inventory.columns import COLUMNS, SYSTEM_KEYS, parse_row
from onboarding.inventory.reader import Problem, Sheet
from onboarding.models import System
from onboarding.portfolio.models import Product
from onboarding.portfolio.normalize import normalize_name, product_key
from onboarding.services.systems import INFO_FIELDS, _same

MSG_DUPLICATE_ROW = _("Dubblettrad: samma system och informationstyp som rad %(row)s.")
MSG_CONFLICT = _(
    "Skiljer sig från rad %(row)s för samma system (%(name)s). Ett system ska ha samma uppgifter på alla rader."
)
MSG_INFO_ADDED = _("Ny informationstyp %(name)s")
MSG_INFO_REMOVED = _("Informationstypen %(name)s tas bort")
MSG_LOCKED = _("Systemet har status %(status)s och kan inte ändras av din roll.")

HEADINGS = {c.key: c.heading for c in COLUMNS}
PREVIEW_CHANGES_MAX = 1000  # the preview's list of systems; the counts above it are always whole
SYSTEM_FIELDS = [k for k in SYSTEM_KEYS if k not in ("product_name", "vendor")]


@dataclass
class SystemChange:
    """One system in the file: its facts, its information types and what will happen to it."""

    first_row: int
    values: dict[str, Any]
    info_rows: list[dict[str, Any]] = field(default_factory=list)
    info_row_numbers: dict[str, int] = field(default_factory=dict)
    existing: System | None = None
    product: Product | None = None
    action: str = "new"  # new / update / unchanged
    changed: list[str] = field(default_factory=list)  # for an update: the columns (and information types) that change

    @property
    def has_product(self) -> bool:
        return bool(normalize_name(self.values["product_name"]))


@dataclass
class ChangeSet:
    systems: list[SystemChange] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rows: int = 0

    def summary(self) -> dict:
        count = {"new": 0, "update": 0, "unchanged": 0}
        for change in self.systems:
            count[change.action] += 1
        new_products = sorted(
            {p.values["product_name"] for p in self.systems if p.product is None and p.has_product}, key=str.casefold
        )
        return {
            "rows": self.rows,
            "systems": len(self.systems),
            "new": count["new"],
            "updated": count["update"],
            "unchanged": count["unchanged"],
            "new_products": new_products,
            # What the preview lists: each new or changed system, and for a change which columns change.
            "changes": [
                {"row": c.first_row, "name": c.values["name"], "action": c.action, "changed": c.changed}
                for c in self.systems
                if c.action != "unchanged"
            ][:PREVIEW_CHANGES_MAX],
        }


def system_data(change: SystemChange, product_id: int | None) -> dict[str, Any]:
    data = {key: change.values[key] for key in SYSTEM_FIELDS}
    data["product_id"] = product_id
    return data


def info_data(values: dict[str, Any]) -> dict[str, Any]:
    row = {"name": values["it_name"]}
    for key in INFO_FIELDS:
        row[key] = values.get(key)
    row["retention_decision"] = row["retention_decision"] or ""
    return row


def _differences(change: SystemChange) -> list[str]:
    """What the import changes in an existing system: column headings, and information types added, removed or
    changed ('Informationstyp Ärenden: Volym (GB)'). Empty: nothing changes."""
    system = change.existing
    data = system_data(change, system.product_id)
    changed = [
        HEADINGS[key] for key, value in data.items() if key in HEADINGS and not _same(getattr(system, key), value)
    ]
    existing = {it.name.casefold(): it for it in system.information_types.all()}
    wanted = {row["name"].casefold(): row for row in change.info_rows}
    for key, row in wanted.items():
        if key not in existing:
            changed.append(str(MSG_INFO_ADDED % {"name": row["name"]}))
            continue
        for f in INFO_FIELDS:
            if not _same(getattr(existing[key], f), "" if row[f] is None and f == "retention_decision" else row[f]):
                changed.append(f"{HEADINGS['it_name']} {row['name']}: {HEADINGS[f]}")
    changed += [str(MSG_INFO_REMOVED % {"name": it.name}) for key, it in existing.items() if key not in wanted]
    return changed


def build_changeset(sheet: Sheet, *, actor=None, kommun=None, progress=None) -> ChangeSet:
    """Check every row and compare with the kommun's systems. Run inside the kommun's schema."""
    changeset = ChangeSet(problems=list(sheet.problems), rows=len(sheet.rows))
    if any(p.row == 1 or p.row is None for p in sheet.problems):
        return changeset  # the columns are wrong: row-by-row messages would only repeat that
    products = {p.key: p for p in Product.objects.all()}
    by_name: dict[str, list[Product]] = {}
    for product in products.values():
        by_name.setdefault(normalize_name(product.name), []).append(product)
    existing = {(s.name.casefold(), s.product_id): s for s in System.objects.prefetch_related("information_types")}
    groups: dict[tuple, SystemChange] = {}
    for index, (number, cells) in enumerate(sheet.rows):
        if progress and index % 200 == 0:
            progress(index, len(sheet.rows))
        values, problems = parse_row(cells)
        for heading, message in problems:
            changeset.problems.append(Problem(number, heading, message))
        if problems:
            continue
        key = (values["name"].casefold(), product_key(values["product_name"], values["vendor"]))
        change = groups.get(key)
        if change is None:
            change = groups[key] = SystemChange(first_row=number, values=values)
            change.product = products.get(key[1])
            if change.product is None and not normalize_name(values["vendor"]):
                same = by_name.get(normalize_name(values["product_name"]), [])
                change.product = same[0] if len(same) == 1 else None
            changeset.systems.append(change)
        else:
            for field_key in SYSTEM_KEYS:
                if not _same(values[field_key], change.values[field_key]):
                    message = MSG_CONFLICT % {"row": change.first_row, "name": values["name"]}
                    changeset.problems.append(Problem(number, HEADINGS[field_key], str(message)))
                    break
        if values["it_name"]:
            it_key = values["it_name"].casefold()
            if it_key in change.info_row_numbers:
                message = MSG_DUPLICATE_ROW % {"row": change.info_row_numbers[it_key]}
                changeset.problems.append(Problem(number, HEADINGS["it_name"], str(message)))
                continue
            change.info_row_numbers[it_key] = number
            change.info_rows.append(info_data(values))
        elif number != change.first_row or "" in change.info_row_numbers:
            message = MSG_DUPLICATE_ROW % {"row": change.info_row_numbers.get("", change.first_row)}
            changeset.problems.append(Problem(number, HEADINGS["name"], str(message)))
        else:
            change.info_row_numbers[""] = number
    for change in changeset.systems:
        if change.product is not None or not change.has_product:
            product_id = change.product.pk if change.product else None
            change.existing = existing.get((change.values["name"].casefold(), product_id))
        change.changed = _differences(change) if change.existing is not None else []
        if change.existing is None:
            change.action = "new"
        elif change.changed:
            change.action = "update"
            if actor is not None and kommun is not None and not rules.can_edit(actor, kommun, change.existing):
                message = MSG_LOCKED % {"status": change.existing.get_status_display()}
                changeset.problems.append(Problem(change.first_row, HEADINGS["name"], str(message)))
        else:
            change.action = "unchanged"
    changeset.problems.sort(key=lambda p: p.row or 0)
    return changeset
