"""Every write of the readiness checklist and the meetings: checked, audited, in one transaction."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from tenants import access
from tenants.audit import audit_record
from tenants.models import KOMMUN_ROLES, Kommun, User

from .checklist import ITEM, Action
from .messages import (
    MSG_ACTION_KOMMUN_NOT_IN_MEETING,
    MSG_ALREADY_DONE,
    MSG_DRAFT_EMPTY,
    MSG_DRAFT_EXISTS,
    MSG_KEY_TAKEN,
    MSG_NO_KOMMUNER,
    MSG_NOT_A_DRAFT,
    MSG_NOT_DONE,
    MSG_PLATFORM_TICKS,
    MSG_REASON_REQUIRED,
)
from .models import ActionMark, ChecklistItem, ChecklistVersion, KommunPlan, Meeting, MeetingAction


def _name(actor: User | None) -> str:
    return (actor.full_name or actor.email) if actor is not None else ""


def _mark_target(action: Action) -> dict:
    kind, _, ref = action.key.partition(":")
    return {"item_key": ref, "action": None} if kind == ITEM else {"item_key": "", "action_id": int(ref)}


@transaction.atomic
def action_mark_done(*, kommun: Kommun, action: Action, comment: str, actor: User) -> ActionMark:
    """A person of the kommun marks an action done. Actions the platform ticks are not marked by hand."""
    if access.kommun_role(actor, kommun) not in KOMMUN_ROLES:
        raise PermissionDenied  # the views answer 404 before this
    if action.platform_check:
        raise ValidationError(MSG_PLATFORM_TICKS, params={"check": action.platform_label})
    if action.done:
        raise ValidationError(MSG_ALREADY_DONE)
    target = _mark_target(action)
    mark = ActionMark.objects.select_for_update().filter(kommun=kommun, **target).first()
    mark = mark or ActionMark(kommun=kommun, **target)
    mark.done, mark.comment, mark.marked_by_name, mark.marked_at = True, comment.strip(), _name(actor), timezone.now()
    mark.full_clean()
    mark.save()
    audit_record(
        actor=actor, action="readiness.action_done", obj=mark, kommun=kommun,
        details={"action": action.key, "title": action.title, "comment": mark.comment},
    )  # fmt: skip
    return mark


@transaction.atomic
def action_reopen(*, kommun: Kommun, action: Action, reason: str, actor: User) -> ActionMark:
    """The förvaltning opens a marked action again, with a reason the kommun sees."""
    access.require_forvaltning(actor)
    mark = ActionMark.objects.select_for_update().filter(kommun=kommun, **_mark_target(action), done=True).first()
    if mark is None:
        raise ValidationError(MSG_NOT_DONE)
    if not reason.strip():
        raise ValidationError({"reason": ValidationError(MSG_REASON_REQUIRED)})
    mark.done, mark.reopened_reason, mark.reopened_by_name = False, reason.strip(), _name(actor)
    mark.save(update_fields=["done", "reopened_reason", "reopened_by_name"])
    audit_record(
        actor=actor, action="readiness.action_reopened", obj=mark, kommun=kommun,
        details={"action": action.key, "title": action.title, "reason": mark.reopened_reason},
    )  # fmt: skip
    return mark


@transaction.atomic
def checklist_draft_create(*, actor: User) -> ChecklistVersion:
    """The next version, starting as a copy of the newest one."""
    access.require_forvaltning(actor)
    if ChecklistVersion.objects.filter(published_at__isnull=True).exists():
        raise ValidationError(MSG_DRAFT_EXISTS)
    latest = ChecklistVersion.objects.order_by("-number").first()
    draft = ChecklistVersion.objects.create(number=(latest.number + 1) if latest else 1, created_by_email=actor.email)
    if latest is not None:
        copies = list(latest.items.all())
        for item in copies:
            item.pk, item.version = None, draft
        ChecklistItem.objects.bulk_create(copies)
    audit_record(actor=actor, action="readiness.draft_created", obj=draft, kommun=None)
    return draft


def _draft(version: ChecklistVersion) -> ChecklistVersion:
    if version.is_published:
        raise ValidationError(MSG_NOT_A_DRAFT)
    return version


@transaction.atomic
def checklist_item_add(*, version: ChecklistVersion, actor: User, **fields) -> ChecklistItem:
    access.require_forvaltning(actor)
    _draft(version)
    if version.items.filter(key=fields["key"]).exists():
        raise ValidationError({"key": ValidationError(MSG_KEY_TAKEN)})
    position = (version.items.aggregate(n=Max("position"))["n"] or 0) + 1
    item = ChecklistItem(version=version, position=fields.pop("position", None) or position, **fields)
    item.full_clean()
    item.save()
    audit_record(actor=actor, action="readiness.item_added", obj=item, kommun=None, details={"key": item.key})
    return item


@transaction.atomic
def checklist_item_remove(*, item: ChecklistItem, actor: User) -> None:
    access.require_forvaltning(actor)
    _draft(item.version)
    audit_record(actor=actor, action="readiness.item_removed", obj=item, kommun=None, details={"key": item.key})
    item.delete()


@transaction.atomic
def checklist_publish(*, version: ChecklistVersion, note: str, actor: User) -> ChecklistVersion:
    """The draft becomes every kommun's checklist; marks follow their actions by key."""
    access.require_forvaltning(actor)
    _draft(version)
    if not version.items.exists():
        raise ValidationError(MSG_DRAFT_EMPTY)
    version.note, version.published_at = note.strip(), timezone.now()
    version.full_clean()
    version.save(update_fields=["note", "published_at"])
    audit_record(actor=actor, action="readiness.published", obj=version, kommun=None, details={"note": version.note})
    return version


@transaction.atomic
def kommun_plan_set(*, kommun: Kommun, first_connection: date, actor: User) -> KommunPlan:
    access.require_forvaltning(actor)
    plan, _created = KommunPlan.objects.update_or_create(kommun=kommun, defaults={"first_connection": first_connection})
    audit_record(
        actor=actor, action="readiness.first_connection_set", obj=plan, kommun=kommun,
        details={"first_connection": first_connection.isoformat()},
    )  # fmt: skip
    return plan


@transaction.atomic
def meeting_create(*, kommuner: list[Kommun], actor: User, actions: list[dict] = (), **fields) -> Meeting:
    """A meeting with the kommuner taking part, and the actions that came out of it."""
    access.require_forvaltning(actor)
    if not kommuner:
        raise ValidationError({"kommuner": ValidationError(MSG_NO_KOMMUNER)})
    meeting = Meeting(created_by_email=actor.email, **fields)
    meeting.full_clean()
    meeting.save()
    meeting.kommuner.set(kommuner)
    audit_record(
        actor=actor, action="readiness.meeting_created", obj=meeting, kommun=None,
        details={"kind": meeting.kind, "kommuner": sorted(k.pk for k in kommuner)},
    )  # fmt: skip
    for action in actions:
        meeting_action_add(meeting=meeting, actor=actor, **action)
    return meeting


@transaction.atomic
def meeting_action_add(*, meeting: Meeting, kommun: Kommun | None, actor: User, **fields) -> MeetingAction:
    """An action from the meeting on one taking-part kommun's checklist, or (kommun None) on every kommun's."""
    access.require_forvaltning(actor)
    if kommun is not None and not meeting.kommuner.filter(pk=kommun.pk).exists():
        raise ValidationError({"kommun": ValidationError(MSG_ACTION_KOMMUN_NOT_IN_MEETING)})
    action = MeetingAction(meeting=meeting, kommun=kommun, **fields)
    action.full_clean()
    action.save()
    audit_record(
        actor=actor, action="readiness.meeting_action_added", obj=action, kommun=kommun,
        details={"meeting": meeting.pk, "every_kommun": kommun is None},
    )  # fmt: skip
    return action
