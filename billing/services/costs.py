"""Writes on cost models: create, lines, bases, fix (the allocation is stored), correct."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from onboarding.deliveries_index.models import ConnectionEntry, HandOver
from onboarding.deliveries_index.phases import Phase
from tenants.audit import audit_record
from tenants.models import Kommun, User

from ..allocation import AllocationError, allocate
from ..inputs import allocation_inputs, population_for
from ..messages import (
    MSG_ALREADY_FIXED,
    MSG_CANNOT_ALLOCATE,
    MSG_CORRECTION_EXISTS,
    MSG_NO_LINES,
    MSG_NO_PARTICIPANTS,
    MSG_ONLY_FIXED_CAN_BE_CORRECTED,
    MSG_POPULATION_MISSING,
)
from ..models import AllocationRow, CostBase, CostLine, CostModel, KeyChoice, LockedError
from .rows import copy_rows


def _require_draft(model: CostModel) -> None:
    if not model.is_draft or model.was_locked():
        raise LockedError()


def _lock_draft(model_id: int) -> CostModel:
    """The model's row, locked until the transaction ends, and still a draft (LockedError otherwise).

    cost_model_fix takes the same lock: an edit of the model's lines or bases waits for a fix under way,
    and is then refused, so no line can change between the fix reading it and the fix committing.
    """
    model = CostModel.objects.select_for_update().get(pk=model_id)
    _require_draft(model)
    return model


def _fill_populations(model: CostModel, bases: list[CostBase]) -> None:
    found = population_for([b.kommun_id for b in bases], model.year)
    for base in bases:
        base.population, base.population_year = found.get(base.kommun_id, (0, None))


@transaction.atomic
def cost_model_create(*, year: int, name: str, actor: User | None, copy_from: CostModel | None = None) -> CostModel:
    """A new draft for a year, with a base row for every active member kommun (population filled in)."""
    model = CostModel(year=year, name=name.strip(), created_by=actor)
    model.full_clean()
    model.save()
    kommuner = list(Kommun.objects.active().order_by("kommunkod"))
    bases = [CostBase(model=model, kommun=k, joining=bool(k.joined_on and k.joined_on.year == year)) for k in kommuner]
    _fill_populations(model, bases)
    CostBase.objects.bulk_create(bases)
    if copy_from is not None:
        copy_rows(copy_from.lines.all(), model=model)
    audit_record(actor=actor, action="billing.costmodel.create", obj=model, details={"year": year})
    return model


@transaction.atomic
def cost_model_refresh_populations(*, model: CostModel, actor: User | None) -> CostModel:
    """Copy the populations again (after new population figures were recorded). Draft only."""
    model = CostModel.objects.select_for_update().get(pk=model.pk)
    _require_draft(model)
    bases = list(model.bases.all())
    _fill_populations(model, bases)
    CostBase.objects.bulk_update(bases, ["population", "population_year"])
    audit_record(actor=actor, action="billing.costmodel.refresh_populations", obj=model)
    return model


LINE_FIELDS = ("category", "label", "key", "amount", "vat_category", "vat_rate", "exemption_reason")


@transaction.atomic
def cost_line_create(*, model: CostModel, actor: User | None, **fields) -> CostLine:
    """Add a budget line to a draft model."""
    model = _lock_draft(model.pk)
    position = (model.lines.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    line = CostLine(model=model, position=position, **{k: fields[k] for k in LINE_FIELDS if k in fields})
    line.full_clean()
    line.save()
    audit_record(actor=actor, action="billing.costline.create", obj=line, details=_line_details(line))
    return line


@transaction.atomic
def cost_line_update(*, line: CostLine, actor: User | None, **fields) -> CostLine:
    """Change a budget line of a draft model."""
    line.model = _lock_draft(line.model_id)
    changed = [k for k in LINE_FIELDS if k in fields and getattr(line, k) != fields[k]]
    for key in changed:
        setattr(line, key, fields[key])
    line.full_clean()
    if changed:
        line.save(update_fields=sorted({*changed, "vat_rate"}))
        audit_record(actor=actor, action="billing.costline.update", obj=line, details=_line_details(line))
    return line


@transaction.atomic
def cost_line_delete(*, line: CostLine, actor: User | None) -> None:
    """Remove a budget line of a draft model."""
    line.model = _lock_draft(line.model_id)
    audit_record(actor=actor, action="billing.costline.delete", obj=line, details=_line_details(line))
    line.delete()


def _line_details(line: CostLine) -> dict:
    return {
        "label": line.label,
        "key": line.key,
        "amount": str(line.amount),
        "vat": f"{line.vat_category} {line.vat_rate}",
    }


BASE_FIELDS = ("systems", "gb", "deliveries", "joining")


@transaction.atomic
def cost_bases_update(*, model: CostModel, rows: dict[int, dict], actor: User | None) -> list[CostBase]:
    """Set the counts (systems, GB, deliveries, joining) of the kommuner; `participates=False` removes one."""
    model = _lock_draft(model.pk)
    bases = {b.pk: b for b in model.bases.select_related("kommun")}
    changed, removed = [], []
    for pk, values in rows.items():
        base = bases.get(pk)
        if base is None:
            continue
        if values.get("participates") is False:
            removed.append(base)
            continue
        fields = [k for k in BASE_FIELDS if k in values and getattr(base, k) != values[k]]
        for key in fields:
            setattr(base, key, values[key])
        if fields:
            # Field validation only: uniqueness cannot change here, and checking it costs a query per row.
            base.full_clean(validate_unique=False, validate_constraints=False)
            changed.append(base)
    if changed:
        CostBase.objects.bulk_update(changed, list(BASE_FIELDS))
    for base in removed:
        base.delete()
    audit_record(
        actor=actor,
        action="billing.costbase.update",
        obj=model,
        details={"changed": [b.kommun.name for b in changed], "removed": [b.kommun.name for b in removed]},
    )
    return changed


@transaction.atomic
def cost_bases_refresh_from_platform(*, model: CostModel, actor: User | None) -> list[CostBase]:
    """Fill a draft's counts from what the platform knows, instead of typing them in.

    systems: the kommun's connections that are arkiverad (connected to the e-archive);
    gb and deliveries: production deliveries the archive confirmed during the model's year.
    Two aggregate queries on public tables and one bulk update, whatever the number of kommuner.
    A fixed model is never changed (LockedError).
    """
    model = _lock_draft(model.pk)
    bases = list(model.bases.select_related("kommun"))
    kommun_ids = [b.kommun_id for b in bases]
    connected = dict(
        ConnectionEntry.objects.filter(kommun_id__in=kommun_ids, phase=Phase.ARCHIVED)
        .values("kommun_id")
        .annotate(n=Count("system_id", distinct=True))
        .values_list("kommun_id", "n")
    )
    delivered = {
        row["kommun_id"]: row
        for row in HandOver.objects.filter(
            kommun_id__in=kommun_ids, state=HandOver.State.ARCHIVED, confirmed_at__year=model.year
        )
        .values("kommun_id")
        .annotate(nbytes=Sum("bytes"), n=Count("id"))
    }
    changed = []
    for base in bases:
        row = delivered.get(base.kommun_id, {})
        values = {
            "systems": connected.get(base.kommun_id, 0),
            # Decimal GB (10^9 bytes), as the invoice shows it; three decimals as the field stores.
            "gb": (Decimal(row.get("nbytes") or 0) / Decimal(10**9)).quantize(Decimal("0.001")),
            "deliveries": row.get("n", 0),
        }
        if any(getattr(base, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(base, key, value)
            base.full_clean(validate_unique=False, validate_constraints=False)
            changed.append(base)
    if changed:
        CostBase.objects.bulk_update(changed, ["systems", "gb", "deliveries"])
    audit_record(
        actor=actor,
        action="billing.costbase.refresh_from_platform",
        obj=model,
        details={
            "changed": [b.kommun.name for b in changed],
            "counts": {b.kommun.name: [b.systems, str(b.gb), b.deliveries] for b in bases},
        },
    )
    return changed


@transaction.atomic
def cost_base_add(*, model: CostModel, kommun: Kommun, actor: User | None) -> CostBase:
    """Let a kommun take part in a draft model (e.g. one that joins during the year)."""
    model = _lock_draft(model.pk)
    base, _created = CostBase.objects.get_or_create(
        model=model, kommun=kommun, defaults={"joining": bool(kommun.joined_on and kommun.joined_on.year == model.year)}
    )
    _fill_populations(model, [base])
    base.save(update_fields=["population", "population_year"])
    audit_record(actor=actor, action="billing.costbase.add", obj=model, kommun=kommun)
    return base


@transaction.atomic
def cost_model_fix(*, model: CostModel, actor: User | None) -> CostModel:
    """Fix (fastställ) a draft: the allocation is computed and stored, and nothing can change afterwards.

    A correction replaces the model it corrects, which becomes 'ersatt' in the same transaction.
    """
    model = CostModel.objects.select_for_update().get(pk=model.pk)
    _require_draft(model)
    other = CostModel.objects.filter(year=model.year, state=CostModel.State.FIXED).exclude(pk=model.pk)
    if model.replaces_id:
        other = other.exclude(pk=model.replaces_id)
    if other.exists():
        raise ValidationError(MSG_ALREADY_FIXED, params={"year": model.year})
    lines, participants, bases = allocation_inputs(model)
    if not lines:
        raise ValidationError(MSG_NO_LINES)
    if not participants:
        raise ValidationError(MSG_NO_PARTICIPANTS)
    missing = [b.kommun.name for b in bases if b.population_year is None]
    if missing:
        raise ValidationError(MSG_POPULATION_MISSING, params={"kommuner": ", ".join(missing), "year": model.year})
    try:
        result = allocate(lines, participants)
    except AllocationError as exc:
        line = next(x for x in lines if x.id == exc.line_id)
        raise ValidationError(
            MSG_CANNOT_ALLOCATE, params={"line": line.label, "key": KeyChoice(line.key).label}
        ) from exc
    totals = {
        line.id: sum((s.base for (lid, _p), s in result.shares.items() if lid == line.id), Decimal(0)) for line in lines
    }
    AllocationRow.objects.bulk_create(
        AllocationRow(
            model=model,
            line_id=s.line_id,
            kommun_id=s.participant_id,
            key=s.key,
            base=s.base,
            base_total=totals[s.line_id],
            share=Decimal(s.share.numerator) / Decimal(s.share.denominator),
            amount=s.amount,
        )
        for s in result.shares.values()
    )
    if model.replaces_id:
        replaced = CostModel.objects.select_for_update().get(pk=model.replaces_id)
        replaced.state = CostModel.State.REPLACED
        replaced.save(update_fields=["state"])
        audit_record(actor=actor, action="billing.costmodel.replace", obj=replaced, details={"by": model.pk})
    model.state = CostModel.State.FIXED
    model.fixed_at = timezone.now()
    model.fixed_by = actor
    model.save(update_fields=["state", "fixed_at", "fixed_by"])
    audit_record(
        actor=actor,
        action="billing.costmodel.fix",
        obj=model,
        details={"total": str(result.total()), "lines": len(lines), "kommuner": len(participants)},
    )
    return model


@transaction.atomic
def cost_model_correct(*, model: CostModel, actor: User | None) -> CostModel:
    """Start a correction of a fixed model: a draft copy (lines and bases) that replaces it when fixed."""
    if model.state != CostModel.State.FIXED:
        raise ValidationError(MSG_ONLY_FIXED_CAN_BE_CORRECTED)
    if CostModel.objects.filter(replaces=model).exists():
        raise ValidationError(MSG_CORRECTION_EXISTS)
    draft = CostModel(year=model.year, name=f"{model.name} (rättelse)"[:120], replaces=model, created_by=actor)
    draft.full_clean()
    draft.save()
    copy_rows(model.lines.all(), model=draft)
    copy_rows(model.bases.all(), model=draft)
    audit_record(actor=actor, action="billing.costmodel.correct", obj=draft, details={"replaces": model.pk})
    return draft


@transaction.atomic
def cost_model_delete(*, model: CostModel, actor: User | None) -> None:
    """Throw away a draft."""
    model = _lock_draft(model.pk)
    audit_record(actor=actor, action="billing.costmodel.delete", obj=model, details={"year": model.year})
    model.bases.all().delete()
    model.lines.all().delete()
    model.delete()
