"""Reads that carry the rules: a kommun's people read their own checklist and meetings, the förvaltning and ledning
read every kommun's; anything else is 404."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Max, Prefetch, Q
from django.http import Http404

from tenants import access
from tenants.models import KOMMUN_ROLES, Kommun, User
from tenants.swedish import ordered, sort_key

from .checklist import Action, Readiness, readiness_for, readiness_of
from .models import ChecklistItem, ChecklistVersion, Meeting, MeetingAction

SORTS = {
    "kommun": lambda r: sort_key(r.kommun.name),
    "klara": lambda r: (r.percent, sort_key(r.kommun.name)),
    "sena": lambda r: (-len(r.late), sort_key(r.kommun.name)),
    "anslutning": lambda r: (r.first_connection or date.max, sort_key(r.kommun.name)),
}


def require_kommun_member(user: User, kommun: Kommun) -> None:
    """Marking an action done is for the kommun's own people (kontakt, arkivarie)."""
    if not can_mark(user, kommun):
        raise Http404


def can_mark(user: User, kommun: Kommun) -> bool:
    return access.kommun_role(user, kommun) in KOMMUN_ROLES


def checklist_for(*, user: User, kommun: Kommun, today: date) -> Readiness:
    access.require_read_kommun(user, kommun)
    return readiness_of(kommun, today=today)


def action_in(readiness: Readiness, key: str) -> Action:
    """An action of this kommun's checklist, by its key; 404 when it is not on it (another kommun's action)."""
    for action in readiness.actions:
        if action.key == key:
            return action
    raise Http404


def kommun_for_consortium(*, user: User, kommun_id: int) -> Kommun:
    access.require_consortium_reader(user)
    kommun = Kommun.objects.members().filter(pk=kommun_id).first()
    if kommun is None:
        raise Http404
    return kommun


def overview(*, user: User, today: date, sort: str = "kommun") -> list[Readiness]:
    """Every member kommun's readiness for the consortium, sorted by `sort` (a key of SORTS)."""
    access.require_consortium_reader(user)
    kommuner = list(Kommun.objects.members().active().order_by(ordered("name")))
    rows = list(readiness_for(kommuner, today=today).values())
    return sorted(rows, key=SORTS.get(sort, SORTS["kommun"]))


def versions(*, user: User) -> list[ChecklistVersion]:
    access.require_consortium_reader(user)
    return list(ChecklistVersion.objects.prefetch_related("items"))


def draft_get(*, user: User) -> ChecklistVersion:
    access.require_forvaltning(user)
    draft = ChecklistVersion.objects.filter(published_at__isnull=True).first()
    if draft is None:
        raise Http404
    return draft


def draft_item_get(*, user: User, pk: int) -> ChecklistItem:
    access.require_forvaltning(user)
    item = ChecklistItem.objects.filter(pk=pk, version__published_at__isnull=True).select_related("version").first()
    if item is None:
        raise Http404
    return item


def meetings_of_kommun(*, user: User, kommun: Kommun) -> list[Meeting]:
    """The meetings the kommun took part in, with the actions addressed to it (its own, or every kommun's)."""
    access.require_read_kommun(user, kommun)
    own = Prefetch("actions", queryset=MeetingAction.objects.filter(Q(kommun=kommun) | Q(kommun__isnull=True)))
    return list(Meeting.objects.filter(kommuner=kommun).prefetch_related("kommuner", own).order_by("-date", "-pk"))


def meeting_of_kommun(*, user: User, kommun: Kommun, pk: int) -> Meeting:
    """A meeting the kommun took part in, with the actions addressed to it; 404 for every other meeting."""
    access.require_read_kommun(user, kommun)
    own = Prefetch("actions", queryset=MeetingAction.objects.filter(Q(kommun=kommun) | Q(kommun__isnull=True)))
    meeting = Meeting.objects.filter(pk=pk, kommuner=kommun).prefetch_related("kommuner", own).first()
    if meeting is None:
        raise Http404
    return meeting


def meetings(*, user: User) -> list[Meeting]:
    access.require_consortium_reader(user)
    return list(Meeting.objects.prefetch_related("kommuner").order_by("-date", "-pk"))


def meeting_get(*, user: User, pk: int) -> Meeting:
    access.require_consortium_reader(user)
    meeting = Meeting.objects.filter(pk=pk).prefetch_related("kommuner", "actions__kommun").first()
    if meeting is None:
        raise Http404
    return meeting


@dataclass
class LastMet:
    kommun: Kommun
    last_met: date | None
    last_visit: date | None


def last_met(*, user: User) -> list[LastMet]:
    """Every member kommun with its last meeting and last visit (one query): the ones never visited first."""
    access.require_consortium_reader(user)
    rows = (
        Kommun.objects.members()
        .active()
        .annotate(
            last_met=Max("readiness_meetings__date"),
            last_visit=Max("readiness_meetings__date", filter=Q(readiness_meetings__kind=Meeting.Kind.VISIT)),
        )
        .order_by("name")
    )
    result = [LastMet(k, k.last_met, k.last_visit) for k in rows]
    return sorted(result, key=lambda r: (r.last_visit is not None, r.last_visit or date.min, sort_key(r.kommun.name)))
