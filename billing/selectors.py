"""Reads that carry rules: who sees which cost model, allocation and statement; 404 otherwise."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.http import Http404

from tenants import access
from tenants.models import Kommun, User
from tenants.swedish import ordered, sort_key

from .allocation import AllocationError, Line, Participant, allocate, compare
from .inputs import allocation_inputs, population_for
from .messages import MSG_CANNOT_ALLOCATE, MSG_WHAT_IF_CANNOT_ALLOCATE
from .models import AllocationRow, CostBase, CostLine, CostModel, KeyChoice, Statement, StatementLine


def cost_models(*, user: User) -> list[CostModel]:
    access.require_consortium_reader(user)
    return list(CostModel.objects.select_related("replaces").order_by("-year", "-created_at"))


def cost_model_get(*, user: User, pk: int) -> CostModel:
    access.require_consortium_reader(user)
    model = CostModel.objects.filter(pk=pk).first()
    if model is None:
        raise Http404
    return model


def cost_model_before(*, user: User, year: int) -> CostModel | None:
    """The newest model (fixed or corrected) of an earlier year: a new draft starts as its copy."""
    access.require_consortium_reader(user)
    return CostModel.objects.filter(year__lt=year).exclude(state=CostModel.State.DRAFT).order_by("-year").first()


def cost_bases(*, model: CostModel) -> list[CostBase]:
    return list(model.bases.select_related("kommun").order_by(ordered("kommun__name")))


def cost_line_get(*, user: User, model: CostModel, pk: int) -> CostLine:
    access.require_forvaltning(user)
    line = CostLine.objects.filter(pk=pk, model=model).first()
    if line is None:
        raise Http404
    return line


@dataclass
class Cell:
    line: CostLine | Line
    key: str
    base: Decimal
    share: Decimal
    amount: Decimal

    @property
    def key_label(self) -> str:
        return KeyChoice(self.key).label


@dataclass
class KommunRow:
    kommun_id: int
    name: str
    cells: list[Cell] = field(default_factory=list)
    population_year: int | None = None

    @property
    def total(self) -> Decimal:
        return sum((c.amount for c in self.cells), Decimal("0.00"))


@dataclass
class AllocationTable:
    lines: list
    rows: list[KommunRow]
    error: str = ""

    @property
    def line_totals(self) -> list[Decimal]:
        return [sum((r.cells[i].amount for r in self.rows), Decimal("0.00")) for i in range(len(self.lines))]

    @property
    def total(self) -> Decimal:
        return sum((r.total for r in self.rows), Decimal("0.00"))

    def fallback_years(self, year: int) -> list:
        """The population years used instead of the model's own (a kommun without a figure for it)."""
        return sorted({r.population_year for r in self.rows if r.population_year != year}, key=lambda y: y or 0)


def allocation_table(*, user: User, model: CostModel) -> AllocationTable:
    """Per kommun and line: key, base, share and amount. Fixed models read what was stored
    (three queries); drafts are computed live and may carry an error instead."""
    access.require_consortium_reader(user)
    if not model.is_draft:
        lines = list(model.lines.order_by("position", "pk"))
        index = {line.pk: i for i, line in enumerate(lines)}
        years = dict(CostBase.objects.filter(model=model).values_list("kommun_id", "population_year"))
        rows: dict[int, KommunRow] = {}
        for r in AllocationRow.objects.filter(model=model).select_related("kommun").order_by(ordered("kommun__name")):
            row = rows.setdefault(
                r.kommun_id, KommunRow(r.kommun_id, r.kommun.name, [None] * len(lines), years.get(r.kommun_id))
            )
            row.cells[index[r.line_id]] = Cell(lines[index[r.line_id]], r.key, r.base, r.share, r.amount)
        return AllocationTable(lines, list(rows.values()))
    lines, participants, bases = allocation_inputs(model)
    return _table_from(lines, participants, {b.kommun_id: b.population_year for b in bases})


def _table_from(lines: list[Line], participants: list[Participant], years: dict) -> AllocationTable:
    try:
        result = allocate(lines, participants)
    except AllocationError as exc:
        line = next(x for x in lines if x.id == exc.line_id)
        return AllocationTable(
            lines, [], str(MSG_CANNOT_ALLOCATE % {"line": line.label, "key": KeyChoice(line.key).label})
        )
    rows = []
    for p in participants:
        cells = []
        for line in lines:
            s = result.share(line.id, p.id)
            cells.append(Cell(line, s.key, s.base, Decimal(s.share.numerator) / Decimal(s.share.denominator), s.amount))
        rows.append(KommunRow(p.id, p.name, cells, years.get(p.id)))
    # Computed in kommunkod order (the öre of rounding depend on it), shown in Swedish alphabetical order.
    return AllocationTable(lines, sorted(rows, key=lambda row: sort_key(row.name)))


@dataclass
class WhatIf:
    rows: list  # allocation.Difference
    error: str = ""

    @property
    def before_total(self) -> Decimal:
        return sum((d.before or 0 for d in self.rows), Decimal("0.00"))

    @property
    def after_total(self) -> Decimal:
        return sum((d.after or 0 for d in self.rows), Decimal("0.00"))


def what_if(
    *,
    user: User,
    model: CostModel,
    join: list[Kommun] = (),
    new_name: str = "",
    new_population: int | None = None,
    leave: list[Kommun] = (),
    line: CostLine | None = None,
    new_amount: Decimal | None = None,
) -> WhatIf:
    """The allocation if kommuner join or leave or a line changes, beside the model as it is."""
    access.require_consortium_reader(user)
    lines, participants, _bases = allocation_inputs(model)
    after_lines = [
        Line(x.id, x.label, x.key, new_amount if line and x.id == line.pk and new_amount is not None else x.amount)
        for x in lines
    ]
    leaving = {k.pk for k in leave}
    after = [p for p in participants if p.id not in leaving]
    present = {p.id for p in participants}
    populations = population_for([k.pk for k in join], model.year)
    for kommun in join:
        if kommun.pk not in present:
            after.append(
                Participant(kommun.pk, kommun.name, population=populations.get(kommun.pk, (0, None))[0], joining=True)
            )
    if new_name and new_population:
        after.append(Participant(f"new:{new_name}", f"{new_name} (ny)", population=new_population, joining=True))
    try:
        return WhatIf(compare(allocate(lines, participants), allocate(after_lines, after)))
    except AllocationError as exc:
        label = next(x.label for x in lines if x.id == exc.line_id)
        return WhatIf([], str(MSG_WHAT_IF_CANNOT_ALLOCATE % {"line": label}))


def member_kommun(*, pk) -> Kommun | None:
    """A member kommun by the id a form sent, or None (also for something that is not an id)."""
    if not str(pk or "").isdigit():
        return None
    return Kommun.objects.members().filter(pk=pk).first()


def participants_and_joinable(*, model: CostModel):
    """(the model's kommuner, the member kommuner not in it), both by name, as querysets for a form."""
    taken = model.bases.values("kommun_id")
    return Kommun.objects.filter(pk__in=taken).order_by(ordered("name")), Kommun.objects.members().exclude(
        pk__in=taken
    ).order_by(ordered("name"))


def joinable_kommuner(*, model: CostModel) -> list[Kommun]:
    taken = CostBase.objects.filter(model=model).values("kommun_id")
    return list(Kommun.objects.members().exclude(pk__in=taken).order_by(ordered("name")))


def statements_for(*, user: User, kommun: Kommun | None = None, year=None, period=None, status=None, kind=None):
    """On the consortium site the förvaltning sees every statement; on a kommun's site its people see
    the kommun's issued statements only (never another kommun's, never drafts)."""
    qs = Statement.objects.select_related("kommun", "credits")
    if kommun is None or kommun.is_consortium:
        access.require_forvaltning(user)
    else:
        access.require_read_kommun(user, kommun)
        qs = qs.filter(kommun=kommun, number__isnull=False)
    if year:
        qs = qs.filter(year=year)
    if period:
        qs = qs.filter(period=period)
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-year", "-period", ordered("kommun__name"), "number", "pk")


def statement_get(*, user: User, pk: int, kommun: Kommun | None = None) -> Statement:
    statement = statements_for(user=user, kommun=kommun).filter(pk=pk).first()
    if statement is None:
        raise Http404
    return statement


def issued_with_lines(statements):
    """The issued ones of `statements` with their lines in order (one query more), for the downloads."""
    lines = StatementLine.objects.order_by("position")
    return statements.filter(number__isnull=False).prefetch_related(Prefetch("lines", queryset=lines))


def statement_lines(statement: Statement):
    return list(statement.lines.select_related("cost_line").order_by("position"))


@dataclass
class Totals:
    model: CostModel | None
    table: AllocationTable | None
    invoiced: dict


def totals_for_ledning(*, user: User, year: int) -> Totals:
    """The fixed model of the year per kommun and line, and what has been invoiced net of credit notes."""
    access.require_consortium_reader(user)
    model = CostModel.objects.filter(year=year, state=CostModel.State.FIXED).first()
    table = allocation_table(user=user, model=model) if model else None
    invoiced = dict(Statement.objects.filter(year=year).invoiced_by("kommun_id").values_list("kommun_id", "total"))
    return Totals(model, table, invoiced)
