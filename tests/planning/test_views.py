"""Pages: the portfolio (list, by product), a system's explained score, the plan, xlsx, the kommun's plan."""

import csv
import re
from datetime import date
from io import BytesIO, StringIO

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from onboarding.planning import inputs, services
from onboarding.planning.messages import MSG_QUARTER_FORMAT
from onboarding.planning.models import PlanSettings, ScoringModel
from tenants.formatting import number
from tenants.models import Kommun


def _more_kommuner(n):
    """n extra kommun rows (no schemas: the portfolio pages only read the public index)."""
    codes = [
        "1214",
        "1230",
        "1231",
        "1233",
        "1256",
        "1257",
        "1261",
        "1262",
        "1263",
        "1264",
        "1265",
        "1266",
        "1267",
        "1270",
        "1272",
        "1273",
        "1275",
        "1276",
        "1277",
        "1278",
    ]
    return Kommun.objects.bulk_create(
        [
            Kommun(name=f"Testkommun {i}", kommunkod=codes[i], subdomain=f"test{i}", schema_name=f"test{i}")
            for i in range(n)
        ]
    )


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_portfolio_query_count_does_not_grow_with_the_kommuner(portfolio, entry, forvaltare, consortium, client_for):
    client = client_for(forvaltare, consortium)
    urls = ("/planering/portfolj/", "/planering/portfolj/produkter/", "/planering/portfolj/?sort=avveckling&export=fgs")
    with_two = [_queries(client, url) for url in urls]
    assert Kommun.objects.members().count() == 2
    for n, kommun in enumerate(_more_kommuner(18)):
        entry(kommun, 1, f"System {n}", "Procapita")
        entry(kommun, 2, f"Annat {n}", f"Produkt {n}", export_capability="fgs")
    assert Kommun.objects.members().count() == 20
    with_twenty = [_queries(client, url) for url in urls]
    assert with_twenty == with_two
    assert max(with_two) <= 12


def test_portfolio_lists_filters_and_sorts_every_kommuns_systems(portfolio, forvaltare, consortium, client_for, bjuv):
    client = client_for(forvaltare, consortium)
    page = client.get("/planering/portfolj/").content.decode()
    assert "Procapita VoO" in page and "Procapita Bjuv" in page and "5 system" in page
    page = client.get(f"/planering/portfolj/?kommun={bjuv.pk}&klassning=4").content.decode()
    assert "Procapita Bjuv" in page and "Procapita VoO" not in page
    page = client.get("/planering/portfolj/?avveckling_fran=2027-01-01&avveckling_till=2027-12-31").content.decode()
    assert "Ecos miljö" in page and "1 system" in page
    page = client.get("/planering/portfolj/?export=fgs").content.decode()
    assert "Diariet" in page and "Ecos miljö" not in page
    page = client.get("/planering/portfolj/?q=procapita&sort=namn").content.decode()
    assert page.index("Procapita Bjuv") < page.index("Procapita VoO")
    partial = client.get("/planering/portfolj/?q=ecos", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and "Ecos miljö" in partial


def test_portfolio_by_product_tells_kommuner_volume_and_fgs(portfolio, forvaltare, consortium, client_for):
    page = client_for(forvaltare, consortium).get("/planering/portfolj/produkter/").content.decode()
    row = page[page.index("Procapita</a></th>") :]
    row = row[: row.index("</tr>")]
    assert ">2<" in row and "20,0 GB" in row and "Bjuv, Lund" in row


def test_portfolio_by_product_counts_the_products_its_filter_leaves(portfolio, forvaltare, consortium, client_for):
    client = client_for(forvaltare, consortium)
    everything = client.get("/planering/portfolj/produkter/").content.decode()
    names = re.findall(r'<th scope="row"><a href="/planering/portfolj/\?produkt=\d+">([^<(]+)', everything)
    assert f'<p role="status" aria-live="polite">{len(names)} produkter</p>' in everything and len(names) > 1
    one = client.get("/planering/portfolj/produkter/", {"q": "procapita"}).content.decode()
    assert '<p role="status" aria-live="polite">1 produkt</p>' in one and "Bjuv, Lund" in one
    assert (
        client_for(forvaltare, consortium)
        .get("/planering/portfolj/produkter/?q=finns-inte")
        .content.decode()
        .count("0 produkter")
        == 1
    )


def test_kommun_people_do_not_see_the_portfolio_and_ledning_cannot_write(
    portfolio, ledning, consortium, client_for, lund, cross_kommun
):
    cross_kommun.assert_hidden(consortium, "/planering/portfolj/", "/planering/", f"/planering/portfolj/{lund.pk}/1/")
    client = client_for(ledning, consortium)
    assert client.get("/planering/portfolj/").status_code == 200
    assert client.post("/planering/bygg/").status_code == 404
    assert client.post(f"/planering/portfolj/{lund.pk}/1/", {"form": "assessment", "benefit": "5"}).status_code == 404


def test_ledning_reads_the_plan_and_gets_404_on_every_write(portfolio, forvaltare, consortium, lund, cross_kommun):
    plan = services.plan_build(actor=forvaltare)
    reads = ("/planering/", "/planering/indata/", f"/planering/portfolj/{lund.pk}/1/", f"/planering/plan/{plan.pk}/")
    cross_kommun.assert_found(consortium, *reads, users=["ledning"])
    writes = [
        "/planering/bygg/",
        "/planering/poangmodell/",
        "/planering/indata/",
        f"/planering/portfolj/{lund.pk}/1/",
        *(f"/planering/plan/{plan.pk}/{action}/" for action in ("foresla", "besluta", "ta-bort", "starta")),
    ]
    cross_kommun.assert_hidden(consortium, *writes, users=["ledning"], methods=("post",), anonymous=False)
    plan.refresh_from_db()
    assert plan.state == plan.State.DRAFT


def test_system_page_explains_the_score_and_saves_the_assessment(portfolio, forvaltare, consortium, client_for, lund):
    client = client_for(forvaltare, consortium)
    page = client.get(f"/planering/portfolj/{lund.pk}/2/").content.decode()
    assert "Ej bedömd av förvaltningen" in page and "Avvecklas 2027-06-30" in page
    response = client.post(f"/planering/portfolj/{lund.pk}/2/", {"form": "assessment", "benefit": "4", "pilot": "on"})
    assert response.status_code == 302
    page = client.get(f"/planering/portfolj/{lund.pk}/2/").content.decode()
    assert "Bedömd 4 av 5" in page
    response = client.post(f"/planering/portfolj/{lund.pk}/2/", {"form": "constraint", "kind": "fast", "quarter": "Q9"})
    assert response.status_code == 422 and str(MSG_QUARTER_FORMAT) in response.content.decode()
    assert client.get(f"/planering/portfolj/{lund.pk}/999/").status_code == 404


def test_plan_flow_in_the_browser_pages(
    portfolio, forvaltare, consortium, client_for, lund, bjuv, cross_kommun, django_capture_on_commit_callbacks
):
    client = client_for(forvaltare, consortium)
    with django_capture_on_commit_callbacks(execute=True):  # the build task runs when the request commits
        response = client.post("/planering/bygg/", {"title": "Höstens förslag"})
    assert response.status_code == 302
    build_page = client.get(response["Location"])  # built: the build's page leads to the draft
    assert build_page.status_code == 302
    plan_url = build_page["Location"]
    page = client.get(plan_url).content.decode()
    assert "Höstens förslag" in page and "2027 K1" in page and "planerad före avvecklingsdatum" in page
    assert "Varje medlemskommun får minst en leverans inom 2 kvartal." in page
    pk = int(plan_url.rstrip("/").split("/")[-1])
    client.post(f"/planering/plan/{pk}/foresla/")
    response = client.post(
        f"/planering/plan/{pk}/besluta/",
        {"decided_on": "2026-12-01", "body": "Samverkansrådet", "minutes_reference": ""},
    )
    assert response.status_code == 422
    client.post(
        f"/planering/plan/{pk}/besluta/",
        {"decided_on": "2026-12-01", "body": "Samverkansrådet", "minutes_reference": "SR 2026-12-01 § 4"},
    )
    page = client.get(plan_url).content.decode()
    assert "Beslutad 2026-12-01 av Samverkansrådet (SR 2026-12-01 § 4)" in page
    client.post(f"/planering/plan/{pk}/starta/", {"quarter": "2027-Q1"})

    workbook = load_workbook(BytesIO(client.get(f"/planering/plan/{pk}/anslutningsplan.xlsx").content))
    rows = list(workbook["Plan"].iter_rows(values_only=True))
    assert rows[0][:3] == ("Ordning", "Kvartal", "Kommun") and len(rows) == 6
    assert {"Plan", "Kvartal", "Kan inte hållas", "Indata"} <= set(workbook.sheetnames)

    kommun_page = client_for(None, lund)
    from tests.world import ensure_user

    lund_page = client_for(ensure_user("kontakt_lund"), lund).get("/anslutningsplan/").content.decode()
    assert "Ecos miljö" in lund_page and "Påbörjad" in lund_page and "2027 K1" in lund_page
    assert "Bjuvs hemliga register" not in lund_page and "Procapita Bjuv" not in lund_page
    assert "Tidslinje per produkt" in lund_page and "Procapita" in lund_page
    assert kommun_page.get("/anslutningsplan/").status_code == 302  # anonymous: log in first
    cross_kommun.assert_hidden(lund, "/anslutningsplan/")


def test_compare_page_shows_what_moved(portfolio, forvaltare, consortium, client_for, lund):
    client = client_for(forvaltare, consortium)
    a = services.plan_build(actor=forvaltare)
    services.constraint_set(
        kommun=lund, system_id=3, kind="fast", quarter="Q4 2027", reason="Upphandling", actor=forvaltare
    )
    b = services.plan_build(actor=forvaltare)
    page = client.get(f"/planering/plan/{b.pk}/jamfor/?med={a.pk}").content.decode()
    assert "Diariet" in page and "2027 K4" in page and "senare" in page and "Upphandling" in page


def test_plan_build_command_prints_json(portfolio, capsys):
    import json

    call_command("plan_build", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["start"] == "2027-Q1" and len(data["items"]) == 5
    assert {i["system"] for i in data["items"] if i["quarter"]} >= {"Ecos miljö", "Procapita VoO"}


def test_kommun_page_without_a_decided_plan(lund, kontakt_lund, client_for):
    page = client_for(kontakt_lund, lund).get("/anslutningsplan/").content.decode()
    assert "Samverkansrådet har inte beslutat någon anslutningsplan ännu." in page


def test_planning_home_shows_versions_and_weights(portfolio, forvaltare, consortium, client_for):
    client = client_for(forvaltare, consortium)
    services.plan_build(actor=forvaltare, today=date(2026, 11, 1))
    page = client.get("/planering/").content.decode()
    assert "Verksamhetsnytta" in page and "v1" in page and "Bygg utkast" in page
    response = client.post("/planering/poangmodell/", {"verksamhetsnytta": "200"})
    assert response.status_code == 422
    page = client.get("/planering/indata/").content.decode()
    assert "Kapacitet 2027 K1 (persondagar)" in page


def test_by_product_links_to_the_systems_of_that_product(portfolio, forvaltare, consortium, client_for):
    client = client_for(forvaltare, consortium)
    product_id = portfolio["lund_procapita"].product_id
    page = client.get("/planering/portfolj/produkter/").content.decode()
    assert f"?produkt={product_id}" in page
    page = client.get(f"/planering/portfolj/?produkt={product_id}").content.decode()
    assert "Visar bara produkten Procapita." in page and "2 system" in page and "Diariet" not in page
    page = client.get("/planering/portfolj/?produktnamn=w3d").content.decode()
    assert "Diariet" in page and "1 system" in page


def test_the_main_menu_leads_to_the_plan(forvaltare, kontakt_lund, consortium, lund, client_for):
    assert 'href="/planering/"' in client_for(forvaltare, consortium).get("/planering/").content.decode()
    assert 'href="/anslutningsplan/"' in client_for(kontakt_lund, lund).get("/anslutningsplan/").content.decode()


WRITES = ("INSERT", "UPDATE", "DELETE")


def test_reading_the_plan_pages_writes_nothing(portfolio, forvaltare, ledning, consortium, client_for, lund):
    """The draft inputs and the scoring model exist from setup (migrate): a GET only reads."""
    plan = services.plan_build(actor=forvaltare)
    urls = ("/planering/", "/planering/indata/", f"/planering/portfolj/{lund.pk}/1/", f"/planering/plan/{plan.pk}/")
    for user in (forvaltare, ledning):
        client = client_for(user, consortium)
        with CaptureQueriesContext(connection) as ctx:
            assert [client.get(url).status_code for url in urls] == [200] * len(urls)
        writes = [q["sql"] for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith(WRITES)]
        assert writes == []


def test_the_setup_makes_the_draft_inputs_once(db):
    row = inputs.current_settings()
    assert services.plan_inputs_setup() == row
    assert PlanSettings.objects.count() == 1 and ScoringModel.objects.count() == 1
    assert row.scoring_model.weights()


def test_the_weights_show_their_total_and_each_criterions_most_points(forvaltare, consortium, client_for):
    """What was typed is counted, also on a page shown again after an error (100 x weight / total points)."""
    client = client_for(forvaltare, consortium)
    weights = inputs.current_settings().scoring_model.weights()
    total = sum(weights.values())
    page = client.get("/planering/").content.decode()
    assert f"Vikterna är sammanlagt <strong data-weights-sum>{total}</strong>" in page
    benefit = number(round(100 * weights["verksamhetsnytta"] / total, 1))
    assert f'Verksamhetsnytta: <span data-weights-share="verksamhetsnytta">{benefit}</span>' in page
    typed = {"verksamhetsnytta": "70", "bradska": "20", "rackvidd": "15", "bevarande": "10", "risk": "10",
             "exportformaga": "10", "kommunens_rang": "5", "note": "x" * 300}  # fmt: skip
    response = client.post("/planering/poangmodell/", typed)
    assert response.status_code == 422  # the note is too long: the page comes back with what was typed
    page = response.content.decode()
    assert "Vikterna är sammanlagt <strong data-weights-sum>140</strong>" in page
    assert 'Verksamhetsnytta: <span data-weights-share="verksamhetsnytta">50</span>' in page
    assert 'Kommunens egen rangordning: <span data-weights-share="kommunens_rang">3,6</span>' in page


def test_portfolio_downloads_every_filtered_system_in_the_pages_order(
    portfolio, forvaltare, ledning, consortium, client_for, bjuv, entry, cross_kommun
):
    entry(bjuv, 99, '=HYPERLINK("x")', "Procapita")  # a formula typed as a system's name stays text
    client = client_for(forvaltare, consortium)
    page = client.get("/planering/portfolj/?q=procapita&sort=namn").content.decode()
    assert 'href="/planering/portfolj/export.csv?q=procapita&amp;sort=namn"' in page

    response = client.get("/planering/portfolj/export.csv?q=procapita&sort=namn")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert 'filename="portfolj-' in response["Content-Disposition"]
    lines = list(csv.reader(StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert lines[0][:5] == ["Kommun", "System", "Produkt", "Leverantör", "Status"]
    names = [line[1] for line in lines[1:]]
    assert len(names) == 3 and names.index("Procapita Bjuv") < names.index("Procapita VoO")  # the page's sort
    assert "Ecos miljö" not in response.content.decode()
    assert '\'=HYPERLINK("x")' in names

    for n in range(60):  # more than one page of the list: the download holds them all
        entry(bjuv, 100 + n, f"Massystem {n:02d}")
    lines = client.get("/planering/portfolj/export.csv?q=massystem&sida=2").content.decode("utf-8-sig").splitlines()
    assert len(lines) == 61 and lines[1].split(";")[1] == "Massystem 00"

    response = client_for(ledning, consortium).get(f"/planering/portfolj/export.xlsx?kommun={bjuv.pk}&klassning=4")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Kommun", "System") and [row[1] for row in rows[1:]] == ["Procapita Bjuv"]
    assert rows[1][0] == "Bjuv" and rows[1][11] == 10  # GB as a number, not text

    assert client.get("/planering/portfolj/export.pdf").status_code == 404
    cross_kommun.assert_hidden(consortium, "/planering/portfolj/export.csv", "/planering/portfolj/export.xlsx")
