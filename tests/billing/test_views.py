"""Pages: the förvaltning edits and issues, ledning reads totals, a kommun sees only its own statements."""

from decimal import Decimal

import pytest

from billing import messages
from billing.models import CostModel, Statement
from billing.services import costs, statements

from .conftest import ISSUE_DATE


@pytest.fixture
def issued(fixed_model, forvaltare):
    statements.statements_prepare(year=2024, period="Q1", actor=forvaltare)
    [statement] = statements.statements_issue_all(year=2024, period="Q1", actor=forvaltare, issue_date=ISSUE_DATE)
    return statement


def test_forvaltning_creates_a_model_adds_a_line_and_fixes_it(client_for, forvaltare, consortium, lund, bjuv, parties):
    client = client_for(forvaltare, consortium)
    response = client.post("/kostnader/", {"year": 2024, "name": "Budget 2024"})
    model = CostModel.objects.get(name="Budget 2024")
    assert response.status_code == 302 and response["Location"] == f"/kostnader/{model.pk}/"
    response = client.post(
        f"/kostnader/{model.pk}/rader/ny/",
        {
            "category": "staff",
            "label": "Personal",
            "key": "population",
            "amount": "1000000.00",
            "vat_category": "S",
            "vat_rate": "25",
        },
    )
    assert response.status_code == 302
    page = client.get(f"/kostnader/{model.pk}/").content.decode()
    assert "Andel av folkmängd" in page and "111\u00a0386,93\u00a0kr" in page  # Bjuv's share, live in the draft
    client.post(f"/kostnader/{model.pk}/fix/")
    model.refresh_from_db()
    assert model.state == CostModel.State.FIXED
    assert "Fastställd" in client.get(f"/kostnader/{model.pk}/").content.decode()


def test_exempt_line_without_reason_is_refused_with_a_message(client_for, forvaltare, consortium, fixed_model):
    draft = costs.cost_model_correct(model=fixed_model, actor=forvaltare)
    response = client_for(forvaltare, consortium).post(
        f"/kostnader/{draft.pk}/rader/ny/",
        {
            "category": "storage",
            "label": "Lagring",
            "key": "gb",
            "amount": "10.00",
            "vat_category": "E",
            "vat_rate": "0",
            "exemption_reason": "",
        },
    )
    assert response.status_code == 422
    assert str(messages.MSG_MODEL_NOT_DRAFT) not in response.content.decode()
    assert str(messages.MSG_EXEMPTION_REASON) in response.content.decode()


def test_fixed_model_cannot_be_changed_through_the_pages(client_for, forvaltare, consortium, fixed_model):
    client = client_for(forvaltare, consortium)
    line = fixed_model.lines.first()
    response = client.post(
        f"/kostnader/{fixed_model.pk}/rader/{line.pk}/",
        {
            "category": "staff",
            "label": "Ändrad",
            "key": "equal",
            "amount": "1.00",
            "vat_category": "S",
            "vat_rate": "25",
        },
    )
    assert response.status_code == 422
    client.post(f"/kostnader/{fixed_model.pk}/rader/{line.pk}/ta-bort/")
    client.post(f"/kostnader/{fixed_model.pk}/delete/")
    line.refresh_from_db()
    assert line.label == "Personal" and line.amount == Decimal("1000000.00")
    assert CostModel.objects.filter(pk=fixed_model.pk).exists()


def test_what_if_shows_differences_per_kommun(client_for, ledning, consortium, fixed_model, bjuv):
    client = client_for(ledning, consortium)
    response = client.get(
        f"/kostnader/{fixed_model.pk}/vad-om/",
        {"leave": [bjuv.pk], "new_name": "Staffanstorp", "new_population": "25000"},
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page
    assert "Staffanstorp (ny)" in page and "deltar inte" in page


def test_ledning_reads_totals_but_cannot_edit_or_see_statements(
    client_for, ledning, consortium, fixed_model, issued, django_assert_max_num_queries, cross_kommun
):
    client = client_for(ledning, consortium)
    with django_assert_max_num_queries(12):
        page = client.get("/kostnader/summering/?year=2024").content.decode()
    assert "Budget 2024" in page and "Bjuv" in page and "Lund" in page
    # Ledning reads the models, but every write and every statement is the förvaltning's: 404, as for a stranger.
    writes = ["/kostnader/", f"/kostnader/{fixed_model.pk}/correct/", f"/kostnader/{fixed_model.pk}/underlag/"]
    only = {"users": ["ledning"], "anonymous": False}
    cross_kommun.assert_hidden(consortium, *writes, methods=("post",), data={"year": 2025, "name": "x"}, **only)
    cross_kommun.assert_hidden(consortium, "/fakturaunderlag/", f"/fakturaunderlag/{issued.pk}/", **only)


def test_forvaltning_issues_credits_and_downloads(client_for, forvaltare, consortium, fixed_model, parties):
    client = client_for(forvaltare, consortium)
    client.post("/fakturaunderlag/", {"year": 2024, "period": "Q2"})
    draft = Statement.objects.get(year=2024, period="Q2")
    client.post(f"/fakturaunderlag/{draft.pk}/issue/")
    draft.refresh_from_db()
    assert draft.number and draft.status == Statement.Status.ISSUED
    xml = client.get(f"/fakturaunderlag/{draft.pk}/ubl.xml")
    assert xml["Content-Type"] == "application/xml" and b"<Invoice" in xml.content
    client.post(f"/fakturaunderlag/{draft.pk}/status/", {"status": "fakturerad"})
    response = client.post(f"/fakturaunderlag/{draft.pk}/credit/", {"reason": "Fel underlag"})
    credit = Statement.objects.get(credits=draft)
    assert response["Location"] == f"/fakturaunderlag/{credit.pk}/"
    csv = client.get("/fakturaunderlag/export.csv?year=2024").content.decode("utf-8-sig")
    assert draft.number in csv and credit.number in csv and "-27846,73" in csv
    xlsx = client.get("/fakturaunderlag/export.xlsx?year=2024&period=Q2")
    assert xlsx.content[:2] == b"PK"


def test_forvaltning_issues_a_periods_drafts_from_the_list(client_for, forvaltare, consortium, fixed_model, parties):
    client = client_for(forvaltare, consortium)
    client.post("/fakturaunderlag/", {"year": 2024, "period": "Q3"})
    drafts = list(Statement.objects.filter(year=2024, period="Q3"))
    assert drafts and all(d.number is None for d in drafts)
    response = client.post("/fakturaunderlag/utfarda/", {"year": 2024, "period": "Q3"})
    assert response.status_code == 302 and response["Location"] == "/fakturaunderlag/?year=2024&period=Q3"
    assert all(s.number for s in Statement.objects.filter(year=2024, period="Q3"))
    listed = client.get(response["Location"]).content.decode()
    assert str(messages.MSG_STATEMENTS_ISSUED % {"n": len(drafts)}) in listed
    refused = client.post("/fakturaunderlag/utfarda/", {"year": "", "period": "Q3"})
    assert refused.status_code == 422


def test_statement_list_query_count(client_for, forvaltare, consortium, issued, django_assert_max_num_queries):
    client = client_for(forvaltare, consortium)
    with django_assert_max_num_queries(10):
        response = client.get("/fakturaunderlag/?year=2024")
    assert issued.number in response.content.decode()


def test_kommun_sees_its_own_statement_and_the_explanation(client_for, kontakt_bjuv, bjuv, issued):
    client = client_for(kontakt_bjuv, bjuv)
    page = client.get("/fakturaunderlag/").content.decode()
    assert issued.number in page
    detail = client.get(f"/fakturaunderlag/{issued.pk}/").content.decode()
    assert "16\u00a0109 av 144\u00a0622" in detail and "Kreditera" not in detail and "Markera som" not in detail
    assert client.get(f"/fakturaunderlag/{issued.pk}/ubl.xml").status_code == 200
    assert client.post(f"/fakturaunderlag/{issued.pk}/issue/").status_code in (404, 405)


def test_other_kommun_gets_404(client_for, arkivarie_lund, lund, bjuv, consortium, issued, cross_kommun):
    # Lund's people on Lund's site do not find Bjuv's statement in the list ...
    client = client_for(arkivarie_lund, lund)
    assert issued.number not in client.get("/fakturaunderlag/").content.decode()
    # ... nor by its id, on Lund's site or on Bjuv's, nor on the consortium site.
    pages = [f"/fakturaunderlag/{issued.pk}/", f"/fakturaunderlag/{issued.pk}/ubl.xml"]
    cross_kommun.assert_found(bjuv, *pages)
    cross_kommun.assert_hidden(bjuv, *pages, also_on_their_sites=True)
    cross_kommun.assert_hidden(consortium, "/kostnader/", *pages)


def test_kommun_never_sees_drafts(bjuv, fixed_model, forvaltare, cross_kommun):
    [draft] = statements.statements_prepare(year=2024, period="Q3", actor=forvaltare)
    cross_kommun.assert_hidden(bjuv, f"/fakturaunderlag/{draft.pk}/", users=["kontakt_bjuv", "arkivarie_bjuv"])
