"""The admin shows fixed models and issued statements read-only; invoice_export writes valid documents."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from billing import ubl_validation
from billing.models import Statement
from billing.services import statements

from .conftest import ISSUE_DATE


@pytest.fixture
def issued(fixed_model, forvaltare):
    statements.statements_prepare(year=2024, period="Y", actor=forvaltare)
    [statement] = statements.statements_issue_all(year=2024, period="Y", actor=forvaltare, issue_date=ISSUE_DATE)
    credit = statements.statement_credit(
        statement=statement, reason="Rättelse", actor=forvaltare, issue_date=ISSUE_DATE
    )
    return statement, credit


@pytest.fixture
def admin_client(consortium):
    """A superuser signed in as the admin requires (allauth's login with TOTP)."""
    from tests.admin_login import admin_client

    return admin_client()


def test_admin_cannot_change_or_delete_issued_statement_or_fixed_model(admin_client, issued, fixed_model):
    statement, _credit = issued
    page = admin_client.get(f"/admin/billing/statement/{statement.pk}/change/")
    assert page.status_code == 200 and b'name="_save"' not in page.content
    response = admin_client.post(f"/admin/billing/statement/{statement.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403 and Statement.objects.filter(pk=statement.pk).exists()
    response = admin_client.post(f"/admin/billing/costmodel/{fixed_model.pk}/change/", {"name": "Ändrad"})
    assert response.status_code == 403
    fixed_model.refresh_from_db()
    assert fixed_model.name == "Budget 2024"


def test_invoice_export_one_and_all(issued, tmp_path, en16931_xslt, settings):
    settings.BILLING_EN16931_XSLT = en16931_xslt
    statement, credit = issued
    out = tmp_path / "one.xml"
    call_command("invoice_export", statement.number, "--out", str(out), "--validate")
    assert ubl_validation.validate(out.read_bytes()).ok
    call_command("invoice_export", "--all", "--out-dir", str(tmp_path / "all"), "--validate")
    written = sorted(p.name for p in (tmp_path / "all").iterdir())
    assert written == [f"{statement.number}.xml", f"{credit.number}.xml"]
    assert b"<CreditNote" in (tmp_path / "all" / f"{credit.number}.xml").read_bytes()
    with pytest.raises(CommandError):
        call_command("invoice_export", "1999-99999", "--out", str(out))
