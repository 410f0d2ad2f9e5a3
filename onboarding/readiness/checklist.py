"""A kommun's checklist as the pages show it: the published template's actions and the meetings' actions, each
done (by a person, or by the platform), late or still to do, the one that matters most first. Built for many
kommuner at once in a fixed number of queries (the consortium's start page reads every kommun)."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from tenants import rows
from tenants.models import Kommun

from . import facts
from .models import ActionMark, ChecklistItem, ChecklistVersion, Meeting, MeetingAction, PlatformCheck

ITEM = "mall"
ACTION = "mote"


@dataclass
class Action:
    """One action on one kommun's checklist."""

    key: str  # "mall:<item key>" or "mote:<action id>": the address of the mark
    title: str
    why: str
    category: str
    responsible: str
    due: date | None
    position: int
    platform_check: str = ""
    platform_done: bool = False
    mark: ActionMark | None = None
    meeting: object = None
    today: date = field(default_factory=date.today)

    @property
    def done(self) -> bool:
        return self.platform_done or (self.mark is not None and self.mark.done)

    @property
    def late(self) -> bool:
        return not self.done and self.due is not None and self.due < self.today

    @property
    def state(self) -> str:
        return "klar" if self.done else ("sen" if self.late else "att-gora")

    @property
    def platform_label(self) -> str:
        return PlatformCheck(self.platform_check).label if self.platform_check else ""

    @property
    def reopened(self) -> bool:
        return self.mark is not None and not self.mark.done

    def sort_key(self):
        # Open before done; among open, the late ones (longest overdue first), then by due date, then the template's
        # order of importance.
        return (self.done, self.due is None, self.due or date.max, self.position)


@dataclass
class Readiness:
    kommun: Kommun
    first_connection: date | None
    actions: list[Action]
    today: date
    connected: bool = False

    @property
    def total(self) -> int:
        return len(self.actions)

    @property
    def done_count(self) -> int:
        return sum(a.done for a in self.actions)

    @property
    def late(self) -> list[Action]:
        return [a for a in self.actions if a.late]

    @property
    def open(self) -> list[Action]:
        return [a for a in self.actions if not a.done]

    @property
    def done(self) -> list[Action]:
        return [a for a in self.actions if a.done]

    @property
    def most_important(self) -> Action | None:
        return self.open[0] if self.open else None

    @property
    def behind(self) -> bool:
        """Late actions before the kommun's first connection has happened (planned ahead, or planned and passed
        without it): the förvaltning should step in now."""
        return bool(self.late) and not self.connected

    @property
    def percent(self) -> int:
        return round(100 * self.done_count / self.total) if self.total else 0


def _mark_key(mark: ActionMark) -> str:
    return f"{ITEM}:{mark.item_key}" if mark.item_key else f"{ACTION}:{mark.action_id}"


# The checklist's three reads are written as SQL (the start page reads them on every request, and composing
# the querysets cost several times the queries): the latest published version's items, the meetings' actions
# addressed to the kommuner or to every kommun (each with its meeting), and the kommuner's marks.
_ITEMS = (
    f"SELECT * FROM {ChecklistItem._meta.db_table} WHERE version_id = "
    f"(SELECT id FROM {ChecklistVersion._meta.db_table} WHERE published_at IS NOT NULL ORDER BY number DESC LIMIT 1) "
    "ORDER BY position, id"
)
_MEETING_ACTIONS = (
    f"SELECT {rows.columns('a', MeetingAction)}, {rows.columns('m', Meeting)} FROM {MeetingAction._meta.db_table} a "
    f"JOIN {Meeting._meta.db_table} m ON m.id = a.meeting_id "
    "WHERE a.kommun_id = ANY(%s) OR a.kommun_id IS NULL ORDER BY m.date DESC, m.id DESC, a.id"
)
_MARKS = f"SELECT * FROM {ActionMark._meta.db_table} WHERE kommun_id = ANY(%s)"


def readiness_for(kommuner: list[Kommun], *, today: date) -> dict[int, Readiness]:
    """Every given kommun's checklist (a fixed number of queries, whatever their number)."""
    ids = [k.pk for k in kommuner]
    items = list(ChecklistItem.objects.raw(_ITEMS))
    meeting_actions = rows.instances(_MEETING_ACTIONS, [ids], MeetingAction, "meeting", Meeting)
    marks = {(m.kommun_id, _mark_key(m)): m for m in ActionMark.objects.raw(_MARKS, [ids])}
    known, first_connection = facts.platform_facts(kommuner)
    result = {}
    for kommun in kommuner:
        first = first_connection.get(kommun.pk)
        actions = [
            Action(
                key=f"{ITEM}:{item.key}",
                title=item.title,
                why=item.why,
                category=item.get_category_display(),
                responsible=item.get_responsible_display(),
                due=first - timedelta(days=item.days_before) if first else None,
                position=item.position,
                platform_check=item.platform_check,
                platform_done=bool(item.platform_check) and item.platform_check in known[kommun.pk],
                mark=marks.get((kommun.pk, f"{ITEM}:{item.key}")),
                today=today,
            )
            for item in items
        ]
        actions += [
            Action(
                key=f"{ACTION}:{action.pk}",
                title=action.title,
                why=action.why,
                category=action.get_category_display(),
                responsible=action.get_responsible_display(),
                due=action.due,
                position=1000 + action.pk,
                mark=marks.get((kommun.pk, f"{ACTION}:{action.pk}")),
                meeting=action.meeting,
                today=today,
            )
            for action in meeting_actions
            if action.kommun_id in (None, kommun.pk)
        ]
        actions.sort(key=Action.sort_key)
        result[kommun.pk] = Readiness(
            kommun=kommun,
            first_connection=first,
            actions=actions,
            today=today,
            connected=facts.CONNECTED in known[kommun.pk],
        )
    return result


def readiness_of(kommun: Kommun, *, today: date) -> Readiness:
    return readiness_for([kommun], today=today)[kommun.pk]
