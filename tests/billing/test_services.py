"""Cost models and statements through the services: fixing, issuing, numbering, crediting, immutability."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from billing import ubl_validation
from billing.models import AllocationRow, CostBase, CostModel, LockedError, NumberSeries, Statement, StatementLine
from billing.services import costs, statements
from tenants.models import AuditEvent

from .conftest import ISSUE_DATE


def test_fixing_stores_the_allocation_and_it_adds_up(fixed_model, lund, bjuv):
    rows = AllocationRow.objects.filter(model=fixed_model)
    assert rows.count() == 6
    for line in fixed_model.lines.all():
        assert sum(r.amount for r in rows.filter(line=line)) == line.amount
    lund_row = rows.get(line__label="Personal", kommun=lund)
    # Populations of 2024 (the model's year): Lund 128 513, Bjuv 16 109.
    assert lund_row.base == 128513 and lund_row.base_total == 128513 + 16109
    assert AuditEvent.objects.filter(action="billing.costmodel.fix", object_id=str(fixed_model.pk)).exists()


def test_population_falls_back_to_the_latest_earlier_year(forvaltare, lund, bjuv):
    model = costs.cost_model_create(year=2023, name="Budget 2023", actor=forvaltare)
    base = CostBase.objects.get(model=model, kommun=lund)
    assert (base.population, base.population_year) == (124935, 2019)


def test_a_model_without_population_cannot_be_fixed(forvaltare, lund, bjuv):
    model = costs.cost_model_create(year=2018, name="Budget 2018", actor=forvaltare)
    costs.cost_line_create(
        model=model, actor=forvaltare, category="staff", label="Personal", key="population", amount=Decimal("10.00")
    )
    with pytest.raises(ValidationError) as exc:
        costs.cost_model_fix(model=model, actor=forvaltare)
    assert "Lund" in exc.value.messages[0]


def test_fixed_model_cannot_be_changed_by_service_save_or_sql(fixed_model, forvaltare):
    line = fixed_model.lines.first()
    with pytest.raises(LockedError):
        costs.cost_line_update(line=line, actor=forvaltare, amount=Decimal("1.00"))
    with pytest.raises(LockedError):
        costs.cost_line_create(
            model=fixed_model, actor=forvaltare, category="other", label="X", key="equal", amount=Decimal("1.00")
        )
    line.amount = Decimal("1.00")
    with pytest.raises(LockedError):
        line.save()
    model = CostModel.objects.get(pk=fixed_model.pk)
    model.name = "Ändrad"
    with pytest.raises(LockedError):
        model.save()
    with pytest.raises(LockedError):
        model.delete()
    for sql in (
        "UPDATE billing_costline SET amount = 1 WHERE model_id = %s",
        "UPDATE billing_costmodel SET name = 'x' WHERE id = %s",
        "UPDATE billing_allocationrow SET amount = 0 WHERE model_id = %s",
        "DELETE FROM billing_costbase WHERE model_id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [fixed_model.pk])


def test_correction_replaces_the_fixed_model(fixed_model, forvaltare):
    draft = costs.cost_model_correct(model=fixed_model, actor=forvaltare)
    line = draft.lines.get(label="Personal")
    costs.cost_line_update(line=line, actor=forvaltare, amount=Decimal("900000.00"))
    costs.cost_model_fix(model=draft, actor=forvaltare)
    fixed_model.refresh_from_db()
    assert fixed_model.state == CostModel.State.REPLACED
    assert CostModel.objects.get(pk=draft.pk).state == CostModel.State.FIXED


def test_a_second_fixed_model_for_the_year_is_refused(fixed_model, forvaltare):
    other = costs.cost_model_create(year=2024, name="Annan", actor=forvaltare, copy_from=fixed_model)
    with pytest.raises(ValidationError):
        costs.cost_model_fix(model=other, actor=forvaltare)


def test_quarter_statement_issue_numbers_and_valid_invoice(fixed_model, forvaltare, bjuv, en16931_xslt):
    drafts = statements.statements_prepare(year=2024, period="Q1", actor=forvaltare)
    assert [s.kommun for s in drafts] == [bjuv]  # the host (Lund) does not invoice itself
    issued = statements.statement_issue(statement=drafts[0], actor=forvaltare, issue_date=ISSUE_DATE)
    assert issued.number == "2024-00001" and issued.status == Statement.Status.ISSUED
    personal = issued.lines.get(label="Personal")
    # Bjuv: 16 109 / 144 622 × 100 000 000 öre = 11 138 692,59 öre, rounded up (the larger remainder);
    # Q1 = 11 138 693 / 4 = 2 784 673 öre + the 1 öre left over (Q1 comes first).
    assert personal.annual_amount == Decimal("111386.93") and personal.net_amount == Decimal("27846.74")
    nb = "\u00a0"  # the Swedish way: a space between thousands, a decimal comma (tenants/formatting.py)
    assert personal.explanation.startswith(
        f"Andel av folkmängd: 16{nb}109 av 144{nb}622 = 11,1386{nb}% av 1{nb}000{nb}000,00{nb}kr"
        f" = 111{nb}386,93{nb}kr för året;"
    ), personal.explanation
    assert personal.explanation.endswith(f"; kvartal 1: 27{nb}846,74{nb}kr (en fjärdedel, öresavrundat)")
    report = ubl_validation.validate(statements.statement_xml(issued), xslt_path=en16931_xslt)
    assert report.ok, report.xsd_errors + [str(f) for f in report.blocking]


def test_all_four_quarters_add_up_to_the_year(fixed_model, forvaltare, bjuv):
    for quarter in ("Q1", "Q2", "Q3", "Q4"):
        statements.statements_prepare(year=2024, period=quarter, actor=forvaltare)
    lines = StatementLine.objects.filter(statement__kommun=bjuv, statement__year=2024)
    for row in AllocationRow.objects.filter(model=fixed_model, kommun=bjuv):
        assert sum(x.net_amount for x in lines.filter(cost_line=row.line)) == row.amount


def test_numbers_are_gap_free_even_when_an_issue_rolls_back(fixed_model, forvaltare, bjuv):
    drafts = statements.statements_prepare(year=2024, period="Q1", actor=forvaltare)
    with pytest.raises(RuntimeError), transaction.atomic():
        statements.statement_issue(statement=drafts[0], actor=forvaltare, issue_date=ISSUE_DATE)
        raise RuntimeError("the issuing transaction fails after numbering")
    assert not NumberSeries.objects.filter(year=2024, last_number__gt=0).exists()
    issued = statements.statement_issue(statement=drafts[0], actor=forvaltare, issue_date=ISSUE_DATE)
    assert issued.number == "2024-00001"


def test_credit_note_refers_to_the_statement_and_reopens_the_period(fixed_model, forvaltare, en16931_xslt):
    statements.statements_prepare(year=2024, period="Y", actor=forvaltare)
    [issued] = statements.statements_issue_all(year=2024, period="Y", actor=forvaltare, issue_date=ISSUE_DATE)
    with pytest.raises(ValidationError):
        statements.statement_credit(statement=issued, reason="", actor=forvaltare)
    credit = statements.statement_credit(
        statement=issued, reason="Fel folkmängd", actor=forvaltare, issue_date=ISSUE_DATE
    )
    assert credit.number == "2024-00002" and credit.credits == issued and credit.gross == issued.gross
    report = ubl_validation.validate(statements.statement_xml(credit), xslt_path=en16931_xslt)
    assert report.ok and b"<CreditNote" in statements.statement_xml(credit)
    with pytest.raises(ValidationError):
        statements.statement_credit(statement=issued, reason="igen", actor=forvaltare)
    assert len(statements.statements_prepare(year=2024, period="Y", actor=forvaltare)) == 1


def test_issued_statement_cannot_change_but_its_status_moves_on(fixed_model, forvaltare):
    statements.statements_prepare(year=2024, period="Q2", actor=forvaltare)
    [issued] = statements.statements_issue_all(year=2024, period="Q2", actor=forvaltare, issue_date=ISSUE_DATE)
    xml_before = statements.statement_xml(issued)
    with pytest.raises(ValidationError):
        statements.statement_set_status(statement=issued, status=Statement.Status.PAID, actor=forvaltare)
    statements.statement_set_status(statement=issued, status=Statement.Status.INVOICED, actor=forvaltare)
    statements.statement_set_status(statement=issued, status=Statement.Status.PAID, actor=forvaltare)
    statement = Statement.objects.get(pk=issued.pk)
    assert statement.status == Statement.Status.PAID
    statement.net = Decimal("1.00")
    with pytest.raises(LockedError):
        statement.save()
    with pytest.raises(LockedError):
        statements.statement_delete_draft(statement=statement, actor=forvaltare)
    line = statement.lines.first()
    line.net_amount = Decimal("0.01")
    with pytest.raises(LockedError):
        line.save()
    for sql in (
        "UPDATE billing_statement SET net = 1 WHERE id = %s",
        "UPDATE billing_statementline SET net_amount = 1 WHERE statement_id = %s",
        "DELETE FROM billing_statement WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [statement.pk])
    statement.refresh_from_db()
    assert statements.statement_xml(statement) == xml_before
