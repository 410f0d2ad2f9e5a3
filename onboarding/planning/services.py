"""Every write of prioritisation and the connection plan. Each is audited; only the förvaltning writes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onboarding.deliveries import plan_sync
from tenants import access
from tenants.audit import audit_record
from tenants.models import Kommun, User

from . import inputs as plan_inputs
from .messages import (
    MSG_MINUTES_REQUIRED,
    MSG_NOT_ALLOWED,
    MSG_PLAN_IMMUTABLE,
    MSG_QUARTER_NOT_IN_PLAN,
    MSG_QUARTER_REQUIRED,
    MSG_REASON_REQUIRED,
    MSG_WEIGHTS_ZERO,
    MSG_WRONG_STATE,
)
from .models import (
    ConnectionStart,
    PlanCapacity,
    PlanConstraint,
    PlanItem,
    PlanSettings,
    PlanVersion,
    ScoringModel,
    ScoringWeight,
    SystemAssessment,
)
from .plan_types import PlanResult
from .quarters import Quarter
from .scoring import CRITERIA, DEFAULT_WEIGHTS

DEFAULT_BODY = "Samverkansrådet"


def require_forvaltning_actor(actor: User | None) -> None:
    """The one guard of every planning write: only the förvaltning (the pages answer 404 before this).

    actor=None is the command line (plan_build, seed): trusted like the förvaltning.
    """
    if actor is not None and not access.is_forvaltning(actor):
        raise PermissionDenied(MSG_NOT_ALLOWED)


# The draft inputs a new platform starts from (PlanSettings' fields besides the start quarter).
SETTINGS_DEFAULTS = {
    "horizon": 8,
    "fairness_quarters": 4,
    "default_capacity": Decimal("150"),
    "effort_first": Decimal("30"),
    "effort_additional": Decimal("8"),
}


@transaction.atomic
def plan_inputs_setup(*, today: date | None = None) -> PlanSettings:
    """Make the first scoring model and the one row of draft inputs, unless they exist. Idempotent.

    Run at setup (after every migrate, onboarding.planning.apps), so that the pages and selectors
    only read. The platform's defaults, not anyone's decision: no audit record.
    """
    row = PlanSettings.objects.select_related("scoring_model").order_by("pk").first()
    if row is not None:
        return row
    model = ScoringModel.objects.order_by("version").first()
    if model is None:
        model = ScoringModel.objects.create(version=1, note="Standard: SkånEarkivs kriterier")
        ScoringWeight.objects.bulk_create(
            [ScoringWeight(model=model, criterion=k, weight=w) for k, w in DEFAULT_WEIGHTS.items()]
        )
    start = Quarter.of(today or timezone.localdate()).add(1)
    return PlanSettings.objects.create(start_quarter=start.code, scoring_model=model, **SETTINGS_DEFAULTS)


@transaction.atomic
def scoring_model_set_weights(
    *, model: ScoringModel, weights: dict[str, int], actor: User | None, note: str = ""
) -> ScoringModel:
    """Change the weights. A model a decided plan used is never changed: a new version is made instead.

    Returns the model that now holds the weights; the draft inputs point to it.
    """
    require_forvaltning_actor(actor)
    weights = {key: int(weights.get(key, 0)) for key in CRITERIA}
    if not any(weights.values()):
        raise ValidationError(MSG_WEIGHTS_ZERO)
    if model.is_locked:
        next_version = (ScoringModel.objects.aggregate(m=Max("version"))["m"] or 0) + 1
        model = ScoringModel(version=next_version, note=note or model.note, created_by=actor)
        model.full_clean()
        model.save()
        ScoringWeight.objects.bulk_create(
            [ScoringWeight(model=model, criterion=k, weight=w) for k, w in weights.items()]
        )
    else:
        for row in ScoringWeight.objects.select_for_update().filter(model=model):
            if row.weight != weights[row.criterion]:
                row.weight = weights[row.criterion]
                row.full_clean()
                row.save(update_fields=["weight"])
        missing = set(weights) - set(model.weights())
        ScoringWeight.objects.bulk_create([ScoringWeight(model=model, criterion=k, weight=weights[k]) for k in missing])
    settings_row = plan_inputs.current_settings()
    if settings_row.scoring_model_id != model.pk:
        settings_row.scoring_model = model
        settings_row.save(update_fields=["scoring_model", "updated_at"])
    audit_record(actor=actor, action="planning.scoring_model.weights", obj=model, details={"weights": weights})
    return model


@transaction.atomic
def assessment_set(
    *, kommun: Kommun, system_id: int, benefit: int | None, pilot: bool, comment: str = "", actor: User | None
) -> SystemAssessment:
    """Record the förvaltning's judgement of a system's business benefit (verksamhetsnytta) and pilot status."""
    require_forvaltning_actor(actor)
    row = SystemAssessment.objects.filter(kommun=kommun, system_id=system_id).first() or SystemAssessment(
        kommun=kommun, system_id=system_id
    )
    before = {"benefit": row.benefit, "pilot": row.pilot}
    row.benefit, row.pilot, row.comment, row.updated_by = benefit, pilot, (comment or "").strip(), actor
    row.full_clean(validate_unique=False)
    row.save()
    audit_record(
        actor=actor,
        action="planning.assessment.set",
        obj=row,
        kommun=kommun,
        details={"system_id": system_id, "from": before, "to": {"benefit": benefit, "pilot": pilot}},
    )
    return row


@transaction.atomic
def constraint_set(
    *, kommun: Kommun, system_id: int, kind: str, quarter: str = "", reason: str, actor: User | None
) -> PlanConstraint:
    """Pin a system to a quarter, hold it (not before a quarter, or at all) or exclude it. A reason is required."""
    require_forvaltning_actor(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ValidationError(MSG_REASON_REQUIRED)})
    if kind == PlanConstraint.Kind.PIN and not quarter:
        raise ValidationError({"quarter": ValidationError(MSG_QUARTER_REQUIRED)})
    quarter = Quarter.parse(quarter).code if quarter and kind != PlanConstraint.Kind.EXCLUDE else ""
    row = PlanConstraint.objects.filter(kommun=kommun, system_id=system_id).first() or PlanConstraint(
        kommun=kommun, system_id=system_id, created_by=actor
    )
    row.kind, row.quarter, row.reason = kind, quarter, reason
    row.full_clean(validate_unique=False)
    row.save()
    audit_record(
        actor=actor,
        action="planning.constraint.set",
        obj=row,
        kommun=kommun,
        details={"system_id": system_id, "kind": kind, "quarter": quarter, "reason": reason},
    )
    return row


@transaction.atomic
def constraint_remove(*, kommun: Kommun, system_id: int, actor: User | None) -> None:
    require_forvaltning_actor(actor)
    row = PlanConstraint.objects.filter(kommun=kommun, system_id=system_id).first()
    if row is not None:
        audit_record(
            actor=actor,
            action="planning.constraint.remove",
            obj=row,
            kommun=kommun,
            details={"system_id": system_id, "kind": row.kind, "reason": row.reason},
        )
        row.delete()


@transaction.atomic
def settings_update(*, data: dict, capacity: dict[str, Decimal], actor: User | None) -> PlanSettings:
    """Change the draft inputs: horizon, fairness rule, effort, and the capacity of given quarters."""
    require_forvaltning_actor(actor)
    row = plan_inputs.current_settings()
    changed = [field for field, value in data.items() if getattr(row, field) != value]
    for field in changed:
        setattr(row, field, data[field])
    row.full_clean()
    row.save(update_fields=[*changed, "updated_at"])
    for code, days in capacity.items():
        code = Quarter.parse(code).code
        if days is None or Decimal(days) == row.default_capacity:
            PlanCapacity.objects.filter(quarter=code).delete()
        else:
            PlanCapacity.objects.update_or_create(quarter=code, defaults={"person_days": days})
    audit_record(
        actor=actor,
        action="planning.settings.update",
        obj=row,
        details={"changed": {f: str(data[f]) for f in changed}, "capacity": {k: str(v) for k, v in capacity.items()}},
    )
    return row


def _items_from(plan: PlanVersion, result: PlanResult) -> list[PlanItem]:
    return [
        PlanItem(
            plan=plan,
            position=i.position,
            kommun_id=i.facts.kommun_id,
            system_id=i.facts.system_id,
            system_name=i.facts.name[:200],
            product_id=i.facts.product_id,
            product_name=i.facts.product_name[:120],
            quarter=i.quarter.code if i.quarter else "",
            score=Decimal(str(i.score.total)),
            score_parts=i.score.as_dict()["parts"],
            effort=Decimal(str(i.effort)),
            kind=i.kind,
            reason=i.reason.as_json(),
            decommission_date=i.facts.decommission_date,
            deadline_met=i.deadline_met,
        )
        for i in result.items
    ]


# pg_advisory_xact_lock key of plan numbering (any constant bigint that no other lock of ours uses).
PLAN_NUMBER_LOCK = 7_301_001


def _next_plan_number() -> int:
    """The next plan number, with a lock held until the transaction ends.

    FOR UPDATE cannot lock an aggregate (and there is no row to lock before the first plan), so two
    plans built at once read the same maximum: a transaction-scoped advisory lock serialises the
    numbering, and the second builder reads the first one's committed number.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [PLAN_NUMBER_LOCK])
    return (PlanVersion.objects.aggregate(m=Max("number"))["m"] or 0) + 1


@transaction.atomic
def plan_build(
    *,
    title: str = "",
    actor: User | None,
    today: date | None = None,
    current: plan_inputs.CurrentInputs | None = None,
    result: PlanResult | None = None,
) -> PlanVersion:
    """Build a new draft (utkast) from the current inputs: the portfolio index, assessments, constraints.

    current/result: inputs already loaded and solved (the build job solves outside this transaction).
    """
    require_forvaltning_actor(actor)
    current = current or plan_inputs.load(today=today)
    result = result or current.build()
    number = _next_plan_number()
    plan = PlanVersion(
        number=number,
        title=title or str(_("Utkast %(d)s") % {"d": current.today.isoformat()}),
        scoring_model=current.model,
        inputs=current.snapshot(),
        summary=plan_inputs.summary_of(result),
        built_by=actor,
    )
    plan.full_clean()
    plan.save()
    PlanItem.objects.bulk_create(_items_from(plan, result), batch_size=2000)
    audit_record(
        actor=actor,
        action="planning.plan.build",
        obj=plan,
        details={"number": number, "items": len(result.items), "planned": len(result.planned())},
    )
    return plan


@transaction.atomic
def plan_propose(*, plan: PlanVersion, actor: User | None) -> PlanVersion:
    """utkast → förslag: the version goes to samverkansrådet."""
    require_forvaltning_actor(actor)
    plan = PlanVersion.objects.select_for_update().get(pk=plan.pk)
    if plan.state != PlanVersion.State.DRAFT:
        raise ValidationError(MSG_WRONG_STATE, params={"state": plan.get_state_display(), "what": _("föreslås")})
    plan.state, plan.proposed_at = PlanVersion.State.PROPOSED, timezone.now()
    plan.save(update_fields=["state", "proposed_at"])
    audit_record(actor=actor, action="planning.plan.propose", obj=plan, details={"number": plan.number})
    return plan


@transaction.atomic
def plan_decide(
    *, plan: PlanVersion, decided_on: date, minutes_reference: str, actor: User | None, body: str = DEFAULT_BODY
) -> PlanVersion:
    """förslag → beslutad, as decided by samverkansrådet. The decided plan before it becomes ersatt.

    The scoring model the plan used is locked: it can no longer change.
    """
    require_forvaltning_actor(actor)
    plan = PlanVersion.objects.select_for_update().get(pk=plan.pk)
    if plan.state != PlanVersion.State.PROPOSED:
        raise ValidationError(MSG_WRONG_STATE, params={"state": plan.get_state_display(), "what": _("beslutas")})
    minutes_reference = (minutes_reference or "").strip()
    if not minutes_reference:
        raise ValidationError({"minutes_reference": ValidationError(MSG_MINUTES_REQUIRED)})
    now = timezone.now()
    previous = PlanVersion.objects.select_for_update().filter(state=PlanVersion.State.DECIDED).first()
    if previous is not None:
        previous.state, previous.superseded_at, previous.superseded_by = PlanVersion.State.SUPERSEDED, now, plan
        previous.save(update_fields=["state", "superseded_at", "superseded_by"])
        audit_record(actor=actor, action="planning.plan.supersede", obj=previous, details={"by": plan.number})
    plan.state, plan.decided_on, plan.minutes_reference = PlanVersion.State.DECIDED, decided_on, minutes_reference
    plan.decided_by_body, plan.decided_at, plan.decided_by = (body or DEFAULT_BODY).strip(), now, actor
    plan.full_clean()
    plan.save(update_fields=["state", "decided_on", "minutes_reference", "decided_by_body", "decided_at", "decided_by"])
    ScoringModel.objects.filter(pk=plan.scoring_model_id, locked_at__isnull=True).update(locked_at=now)
    quarters = plan.items.exclude(quarter="").values_list("kommun_id", "system_id", "quarter")
    moved = plan_sync.connections_follow_plan(quarters={(k, s): q for k, s, q in quarters})
    audit_record(
        actor=actor,
        action="planning.plan.decide",
        obj=plan,
        details={
            "number": plan.number,
            "decided_on": decided_on.isoformat(),
            "minutes": minutes_reference,
            "body": plan.decided_by_body,
            "connections_moved": moved,
        },
    )
    return plan


@transaction.atomic
def plan_delete_draft(*, plan: PlanVersion, actor: User | None) -> None:
    """A draft that nobody needs goes away; proposals and decided versions stay (they are the record)."""
    require_forvaltning_actor(actor)
    if plan.state != PlanVersion.State.DRAFT:
        raise ValidationError(MSG_PLAN_IMMUTABLE)
    audit_record(actor=actor, action="planning.plan.delete", obj=plan, details={"number": plan.number})
    plan.delete()


@transaction.atomic
def plan_start_quarter(*, plan: PlanVersion, quarter: str, actor: User | None) -> list[ConnectionStart]:
    """The decided plan reaches a quarter: mark each of its systems there as started (påbörjad anslutning)
    and create the system's connection (phase planerad) in its kommun, where the deliveries pages take over.

    The system's kommun sees the status on its plan page. Already started systems, and systems that
    already have an open connection, are left as they are.
    """
    require_forvaltning_actor(actor)
    plan = PlanVersion.objects.get(pk=plan.pk)
    if plan.state != PlanVersion.State.DECIDED:
        raise ValidationError(MSG_WRONG_STATE, params={"state": plan.get_state_display(), "what": _("påbörjas")})
    code = Quarter.parse(quarter).code
    if Quarter.parse(code) not in plan.quarters:
        raise ValidationError(MSG_QUARTER_NOT_IN_PLAN, params={"q": Quarter.parse(code).label})
    items = list(plan.items.filter(quarter=code))
    started = set(
        ConnectionStart.objects.filter(system_id__in=[i.system_id for i in items]).values_list("kommun_id", "system_id")
    )
    new = [
        ConnectionStart(kommun_id=i.kommun_id, system_id=i.system_id, plan=plan, quarter=code, started_by=actor)
        for i in items
        if (i.kommun_id, i.system_id) not in started
    ]
    ConnectionStart.objects.bulk_create(new)
    # Only systems started now: a connection the kommun or förvaltning cancelled is not brought back.
    fresh = {(c.kommun_id, c.system_id) for c in new}
    quarters = {(i.kommun_id, i.system_id): i.quarter for i in items if (i.kommun_id, i.system_id) in fresh}
    connections = plan_sync.connections_start(quarters=quarters, actor=actor)
    audit_record(
        actor=actor,
        action="planning.plan.start_quarter",
        obj=plan,
        details={"quarter": code, "started": len(new), "connections": connections},
    )
    return new
