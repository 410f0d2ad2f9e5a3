"""Writes on statements: prepare a period's drafts, issue (gap-free numbers), credit, mark invoiced/paid."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tenants import formatting as fmt
from tenants.audit import audit_record
from tenants.models import Kommun, User

from .. import peppol
from ..allocation import split_period
from ..messages import (
    MSG_BAD_TRANSITION,
    MSG_NO_FIXED_MODEL,
    MSG_NO_HOST,
    MSG_ONLY_ISSUED_INVOICE,
    MSG_PARTY_MISSING,
    MSG_REASON_REQUIRED,
    MSG_STATEMENT_NOT_DRAFT,
)
from ..models import (
    AllocationRow,
    BillingParty,
    CostModel,
    KeyChoice,
    LockedError,
    NumberSeries,
    Period,
    Statement,
    StatementLine,
    party_from_snapshot,
    period_dates,
)
from .rows import copy_rows

NEXT_STATUS = {
    Statement.Status.ISSUED: Statement.Status.INVOICED,
    Statement.Status.INVOICED: Statement.Status.PAID,
}
QUARTERS = [Period.Q1, Period.Q2, Period.Q3, Period.Q4]


def fixed_model_for(year: int) -> CostModel:
    model = CostModel.objects.filter(year=year, state=CostModel.State.FIXED).first()
    if model is None:
        raise ValidationError(MSG_NO_FIXED_MODEL, params={"year": year})
    return model


def host_kommun() -> Kommun:
    host = Kommun.objects.members().filter(is_host=True).first()
    if host is None:
        raise ValidationError(MSG_NO_HOST)
    return host


def _period_amount(row: AllocationRow, kommun: Kommun, year: int, period: str) -> Decimal:
    """The part of the kommun's annual amount that falls in the period.

    Quarters split the annual amount into four that add up exactly to it. The one-off joining
    fee is charged whole, in the quarter the kommun joined (Q1 when it joined another year).
    """
    if period == Period.YEAR:
        return row.amount
    if row.key == KeyChoice.JOINING_FEE:
        joined_quarter = (kommun.joined_on.month - 1) // 3 if kommun.joined_on and kommun.joined_on.year == year else 0
        return row.amount if QUARTERS[joined_quarter] == period else Decimal("0.00")
    return split_period(row.amount, 4)[QUARTERS.index(period)]


def _explanation(row: AllocationRow, period: str, net: Decimal) -> str:
    """How the line's amount came about, in the reader's numbers: 'Invånare: 10 280 av 462 431 = 2,2230 % av
    6 400 000,00 kr = 142 272,00 kr för året'."""
    key = KeyChoice(row.key)
    if key == KeyChoice.JOINING_FEE:
        return (
            f"{fmt.kr(row.line.amount)} per invånare × {fmt.number(row.base)} invånare = {fmt.kr(row.amount)} "
            "(engångsavgift)"
        )
    text = (
        f"{key.label}: {fmt.number(row.base)} av {fmt.number(row.base_total)} = {fmt.percent(row.share, 4)} "
        f"av {fmt.kr(row.line.amount)} = {fmt.kr(row.amount)} för året"
    )
    if period != Period.YEAR:
        text += f"; {Period(period).label.lower()}: {fmt.kr(net)} (en fjärdedel, öresavrundat)"
    return text


def _totals_of(lines: list[StatementLine]) -> peppol.Totals:
    return peppol.totals([_document_line(line) for line in lines])


def _document_line(line: StatementLine) -> peppol.DocumentLine:
    return peppol.DocumentLine(
        id=str(line.position),
        name=line.label,
        net_amount=line.net_amount,
        vat_category=peppol.VatCategory(line.vat_category),
        vat_rate=line.vat_rate,
        description=line.explanation[:300],
        exemption_reason=line.exemption_reason,
    )


@transaction.atomic
def statements_prepare(
    *, year: int, period: str, actor: User | None, kommuner: list[Kommun] | None = None
) -> list[Statement]:
    """Draft statements of a period for every participating member kommun that has none open.

    The host kommun gets none (it does not invoice itself). Lines with nothing to pay are left out.
    """
    model = fixed_model_for(year)
    start, end = period_dates(year, period)
    rows = list(
        AllocationRow.objects.filter(model=model)
        .exclude(kommun__is_host=True)
        .select_related("line", "kommun")
        .order_by("kommun__kommunkod", "line__position", "line_id")
    )
    if kommuner is not None:
        wanted = {k.pk for k in kommuner}
        rows = [r for r in rows if r.kommun_id in wanted]
    taken = set(
        Statement.objects.filter(
            year=year, period=period, kind=Statement.Kind.INVOICE, credited_at__isnull=True
        ).values_list("kommun_id", flat=True)
    )
    by_kommun: dict[int, list[AllocationRow]] = {}
    for row in rows:
        if row.kommun_id not in taken:
            by_kommun.setdefault(row.kommun_id, []).append(row)
    statements, all_lines = [], []
    for kommun_rows in by_kommun.values():
        kommun = kommun_rows[0].kommun
        lines = []
        for row in kommun_rows:
            net = _period_amount(row, kommun, year, period)
            if net == 0:
                continue
            lines.append(
                StatementLine(
                    position=len(lines) + 1,
                    cost_line=row.line,
                    label=row.line.label,
                    key=row.key,
                    line_amount=row.line.amount,
                    base=row.base,
                    base_total=row.base_total,
                    share=row.share,
                    annual_amount=row.amount,
                    net_amount=net,
                    vat_category=row.line.vat_category,
                    vat_rate=row.line.vat_rate,
                    exemption_reason=row.line.exemption_reason,
                    explanation=_explanation(row, period, net)[:400],
                )
            )
        if not lines:
            continue
        sums = _totals_of(lines)
        statement = Statement(
            kommun=kommun,
            cost_model=model,
            year=year,
            period=period,
            period_start=start,
            period_end=end,
            net=sums.net,
            vat=sums.vat,
            gross=sums.gross,
        )
        statements.append((statement, lines))
    Statement.objects.bulk_create([s for s, _lines in statements])
    for statement, lines in statements:
        for line in lines:
            line.statement = statement
        all_lines.extend(lines)
    StatementLine.objects.bulk_create(all_lines)
    audit_record(
        actor=actor,
        action="billing.statement.prepare",
        obj=model,
        details={"year": year, "period": period, "count": len(statements)},
    )
    return [s for s, _lines in statements]


def _parties(kommun: Kommun) -> dict:
    host = host_kommun()
    found = {p.kommun_id: p for p in BillingParty.objects.filter(kommun__in=[host, kommun]).select_related("kommun")}
    for who in (host, kommun):
        if who.pk not in found:
            raise ValidationError(MSG_PARTY_MISSING, params={"kommun": who.name})
    return {"seller": found[host.pk].snapshot(), "buyer": found[kommun.pk].snapshot()}


def _next_numbers(issue_date: date, count: int = 1) -> list[str]:
    """The next `count` numbers of the issue year's series. The counter row stays locked until
    commit, so concurrent issues wait for each other and a rollback leaves no gap."""
    NumberSeries.objects.get_or_create(year=issue_date.year)
    series = NumberSeries.objects.select_for_update().get(year=issue_date.year)
    first = series.last_number + 1
    series.last_number += count
    series.save(update_fields=["last_number"])
    return [f"{issue_date.year}-{n:05d}" for n in range(first, first + count)]


def _issue(
    statement: Statement, actor: User | None, issue_date: date, parties: dict, number: str | None = None
) -> Statement:
    statement.number = number or _next_numbers(issue_date)[0]
    statement.issue_date = issue_date
    statement.due_date = issue_date + timedelta(days=statement.payment_terms_days)
    statement.parties = parties
    statement.status = Statement.Status.ISSUED
    statement.issued_at = timezone.now()
    statement.issued_by = actor
    statement.save(update_fields=["number", "issue_date", "due_date", "parties", "status", "issued_at", "issued_by"])
    audit_record(
        actor=actor,
        action=f"billing.statement.issue{'_credit' if statement.is_credit_note else ''}",
        obj=statement,
        kommun=statement.kommun,
        details={
            "number": statement.number,
            "gross": str(statement.gross),
            "period": f"{statement.year} {statement.period}",
        },
    )
    return statement


@transaction.atomic
def statement_issue(*, statement: Statement, actor: User | None, issue_date: date | None = None) -> Statement:
    """Issue a draft: it gets the next number of the series and can never change again."""
    statement = Statement.objects.select_for_update().select_related("kommun").get(pk=statement.pk)
    if statement.is_issued:
        raise ValidationError(MSG_STATEMENT_NOT_DRAFT)
    return _issue(statement, actor, issue_date or timezone.localdate(), _parties(statement.kommun))


@transaction.atomic
def statements_issue_all(
    *, year: int, period: str, actor: User | None, issue_date: date | None = None
) -> list[Statement]:
    """Issue every draft of a period, in kommunkod order (one transaction: all numbers or none)."""
    issue_date = issue_date or timezone.localdate()
    drafts = list(
        Statement.objects.select_for_update()
        .filter(year=year, period=period, number__isnull=True)
        .select_related("kommun")
        .order_by("kommun__kommunkod")
    )
    if not drafts:
        return []
    host = host_kommun()
    parties = {
        p.kommun_id: p.snapshot()
        for p in BillingParty.objects.select_related("kommun").filter(kommun__in=[host, *[d.kommun for d in drafts]])
    }
    for who in [host, *[d.kommun for d in drafts]]:
        if who.pk not in parties:
            raise ValidationError(MSG_PARTY_MISSING, params={"kommun": who.name})
    numbers = _next_numbers(issue_date, len(drafts))
    return [
        _issue(d, actor, issue_date, {"seller": parties[host.pk], "buyer": parties[d.kommun_id]}, number)
        for d, number in zip(drafts, numbers, strict=True)
    ]


@transaction.atomic
def statement_credit(
    *, statement: Statement, reason: str, actor: User | None, issue_date: date | None = None
) -> Statement:
    """Credit an issued statement in full: an issued credit note that refers to it.

    The period is then open again for a corrected statement.
    """
    original = Statement.objects.select_for_update().get(pk=statement.pk)
    if not original.is_issued or original.is_credit_note or original.credited_at is not None:
        raise ValidationError(MSG_ONLY_ISSUED_INVOICE)
    if not (reason or "").strip():
        raise ValidationError({"reason": MSG_REASON_REQUIRED})
    original.credited_at = timezone.now()
    original.save(update_fields=["credited_at"])
    credit = Statement(
        kind=Statement.Kind.CREDIT_NOTE,
        kommun=original.kommun,
        cost_model=original.cost_model,
        year=original.year,
        period=original.period,
        period_start=original.period_start,
        period_end=original.period_end,
        credits=original,
        reason=reason.strip()[:300],
        net=original.net,
        vat=original.vat,
        gross=original.gross,
        payment_terms_days=original.payment_terms_days,
    )
    credit.save()
    copy_rows(original.lines.all(), statement=credit)
    return _issue(credit, actor, issue_date or timezone.localdate(), original.parties)


@transaction.atomic
def statement_set_status(*, statement: Statement, status: str, actor: User | None) -> Statement:
    """Move an issued statement on: utfärdad → fakturerad → betald."""
    statement = Statement.objects.select_for_update().get(pk=statement.pk)
    if NEXT_STATUS.get(statement.status) != status:
        raise ValidationError(
            MSG_BAD_TRANSITION,
            params={"from": statement.get_status_display(), "to": Statement.Status(status).label},
        )
    statement.status = status
    stamp = "invoiced_at" if status == Statement.Status.INVOICED else "paid_at"
    setattr(statement, stamp, timezone.now())
    statement.save(update_fields=["status", stamp])
    audit_record(
        actor=actor,
        action="billing.statement.status",
        obj=statement,
        kommun=statement.kommun,
        details={"status": status, "number": statement.number},
    )
    return statement


@transaction.atomic
def statement_delete_draft(*, statement: Statement, actor: User | None) -> None:
    """Throw away a draft (before it has a number)."""
    if statement.is_issued or statement.was_locked():
        raise LockedError()
    audit_record(actor=actor, action="billing.statement.delete", obj=statement, kommun=statement.kommun)
    statement.lines.all().delete()
    statement.delete()


def statement_document(statement: Statement) -> peppol.Document:
    """The Peppol document of an issued statement, built only from what was frozen on it."""
    seller, buyer = statement.parties["seller"], statement.parties["buyer"]
    credited = statement.credits if statement.is_credit_note else None
    period_label = Period(statement.period).label.lower()
    note = f"Kostnadsfördelning SkånEarkiv {statement.year}, {period_label}."
    if credited is not None:
        note = f"Kreditering av {credited.number}: {statement.reason}"
    return peppol.Document(
        number=statement.number,
        issue_date=statement.issue_date,
        seller=party_from_snapshot(seller),
        buyer=party_from_snapshot(buyer),
        buyer_reference=buyer.get("buyer_reference") or "-",
        lines=[_document_line(line) for line in statement.lines.all()],
        period_start=statement.period_start,
        period_end=statement.period_end,
        due_date=statement.due_date,
        payment_terms=f"{statement.payment_terms_days} dagar netto"
        if credited is None
        else "Krediteras, ingen betalning.",
        payment_account=seller.get("payment_account", ""),
        note=note,
        credited_number=credited.number if credited else "",
        credited_issue_date=credited.issue_date if credited else None,
    )


def statement_xml(statement: Statement) -> bytes:
    return peppol.build(statement_document(statement))
