"""The pages: the kommun's board, the förvaltning's board, a connection's page; who sees what, query counts."""

import csv
from io import BytesIO, StringIO

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from onboarding.deliveries.models import Connection, Delivery
from onboarding.deliveries_index.phases import Phase
from onboarding.portfolio.models import Product

from .conftest import new_connection, new_system

pytestmark = pytest.mark.django_db


def test_kommun_board_groups_by_phase_and_marks_late_ones(lund, kontakt_lund, client_for):
    late = new_connection(lund, phase=Phase.TEST_DELIVERY, quarter="2020Q1")
    new_connection(lund, phase=Phase.PREPARATION, quarter="2099Q4")
    html = client_for(kontakt_lund, lund).get("/anslutningar/").content.decode()
    assert "Testleverans (1) – 1 försenad" in html
    assert "Förberedelse (1)" in html
    assert "Försenad" in html and late.system.name in html


def test_kommun_board_query_count_does_not_grow_with_connections(
    lund, arkivarie_lund, client_for, django_assert_max_num_queries
):
    for _ in range(6):
        new_connection(lund)
    client = client_for(arkivarie_lund, lund)
    client.get("/anslutningar/")
    with django_assert_max_num_queries(12):
        response = client.get("/anslutningar/")
    assert response.status_code == 200


def test_forvaltning_board_filters_by_kommun_and_product_with_bounded_queries(
    lund, bjuv, forvaltare, consortium, client_for, django_assert_max_num_queries
):
    other = Product.objects.get_or_create(name="Procapita", vendor="CGI")[0]
    lund_conn = new_connection(lund, quarter="2020Q2")
    bjuv_conn = new_connection(bjuv, system=new_system(bjuv, product_id=other.pk))
    client = client_for(forvaltare, consortium)
    client.get("/anslutningar/")
    with django_assert_max_num_queries(12):
        html = client.get("/anslutningar/").content.decode()
    assert lund_conn.system.name in html and bjuv_conn.system.name in html
    assert f"http://lund.skanearkiv.localhost:8000/anslutningar/{lund_conn.pk}/" in html
    only_bjuv = client.get("/anslutningar/", {"kommun": bjuv.pk}).content.decode()
    assert bjuv_conn.system.name in only_bjuv and lund_conn.system.name not in only_bjuv
    by_product = client.get("/anslutningar/", {"produkt": other.pk}).content.decode()
    assert bjuv_conn.system.name in by_product and lund_conn.system.name not in by_product
    late = client.get("/anslutningar/", {"sena": "on"}).content.decode()
    assert lund_conn.system.name in late and bjuv_conn.system.name not in late


def test_kommun_people_do_not_see_the_forvaltning_board(consortium, cross_kommun):
    cross_kommun.assert_hidden(consortium, "/anslutningar/")


def test_other_kommun_gets_404_on_every_page(lund, cross_kommun):
    conn = new_connection(lund, phase=Phase.TEST_DELIVERY)
    pages = ["/anslutningar/", f"/anslutningar/{conn.pk}/", f"/anslutningar/{conn.pk}/overenskommelse/ny/"]
    cross_kommun.assert_found(lund, *pages)
    cross_kommun.assert_hidden(lund, *pages)
    cross_kommun.assert_hidden(lund, f"/anslutningar/{conn.pk}/fas/", data={"to_phase": "pausad", "comment": "x"})
    with tenant_context(lund):
        assert Connection.objects.get(pk=conn.pk).phase == Phase.TEST_DELIVERY


def test_connection_of_another_kommun_is_not_found_from_own_site(lund, bjuv, cross_kommun):
    conn = new_connection(lund)
    with tenant_context(bjuv):
        assert not Connection.objects.filter(pk=conn.pk, system__name=conn.system.name).exists()
    cross_kommun.assert_hidden(lund, f"/anslutningar/{conn.pk}/", also_on_their_sites=True)


def test_ledning_reads_but_is_offered_no_action(lund, ledning, client_for):
    conn = new_connection(lund, phase=Phase.TEST_DELIVERY)
    client = client_for(ledning, lund)
    html = client.get(f"/anslutningar/{conn.pk}/").content.decode()
    assert "Anslutning av" in html
    assert "Flytta till en annan fas" not in html and 'type="file"' not in html
    assert client.post(f"/anslutningar/{conn.pk}/fas/", {"to_phase": "pausad"}).status_code == 404


def test_connection_page_moves_phase_and_shows_history(lund, arkivarie_lund, client_for):
    conn = new_connection(lund)
    client = client_for(arkivarie_lund, lund)
    response = client.post(f"/anslutningar/{conn.pk}/fas/", {"to_phase": "forberedelse", "comment": "Startmöte hållet"})
    assert response.status_code == 302
    html = client.get(f"/anslutningar/{conn.pk}/").content.decode()
    assert "Startmöte hållet" in html and "Arvid Arkivarie" in html
    refused = client.post(f"/anslutningar/{conn.pk}/fas/", {"to_phase": "pausad", "comment": ""})
    assert refused.status_code == 422
    assert "Skriv ett skäl" in refused.content.decode()


def test_upload_form_shows_accessible_progress(lund, kontakt_lund, client_for):
    conn = new_connection(lund, phase=Phase.TEST_DELIVERY)
    client = client_for(kontakt_lund, lund)
    html = client.get(f"/anslutningar/{conn.pk}/").content.decode()
    assert 'hx-encoding="multipart/form-data"' in html
    assert '<progress id="upload-progress"' in html and 'label for="upload-progress"' in html
    # The progress script is a static file (the Content Security Policy refuses inline scripts).
    assert 'src="/static/js/platform.js"' in html and 'data-uploaded-text="uppladdat"' in html
    script = b"".join(client.get("/static/js/platform.js").streaming_content).decode()
    assert "htmx:xhr:progress" in script and "upload-progress" in script


def test_create_connection_and_write_agreement_through_the_pages(lund, arkivarie_lund, client_for):
    system = new_system(lund)
    client = client_for(arkivarie_lund, lund)
    response = client.post("/anslutningar/", {"system": system.pk, "planned_quarter": "2026Q4"})
    assert response.status_code == 302
    url = response["Location"]
    form = client.get(url + "overenskommelse/ny/").content.decode()
    assert "Maja Förvaltare" in form  # prefilled from the system's facts
    data = {
        "manager_name": "Maja Förvaltare",
        "archive_officer_name": "Arvid Arkivarie",
        "information_types": "Ärenden",
        "file_formats": "PDF/A",
        "package_profile": "fgs-2.0",
        "frequency": "engang",
    }
    assert client.post(url + "overenskommelse/ny/", data).status_code == 302
    page = client.get(url).content.decode()
    assert "Version 1" in page and "Godkänn för kommunen" in page and "Godkänn för e-arkivet" not in page


def test_planned_quarters_read_2027_k1_on_the_boards_and_are_typed_so(
    lund, forvaltare, arkivarie_lund, consortium, client_for
):
    """Issue 12, bug 8: a quarter is written '2026 K4' everywhere, not the stored '2026Q4'."""
    conn = new_connection(lund, quarter="2026Q4")
    kommun_board = client_for(arkivarie_lund, lund).get("/anslutningar/").content.decode()
    consortium_board = client_for(forvaltare, consortium).get("/anslutningar/").content.decode()
    client = client_for(forvaltare, lund)
    detail = client.get(f"/anslutningar/{conn.pk}/").content.decode()
    for page in (kommun_board, consortium_board, detail):
        assert "2026 K4" in page and "2026Q4" not in page
    client.post(f"/anslutningar/{conn.pk}/kvartal/", {"planned_quarter": "2027 K2"})
    with tenant_context(lund):
        assert Connection.objects.get(pk=conn.pk).planned_quarter == "2027Q2"
    assert "2027 K2" in client.get(f"/anslutningar/{conn.pk}/").content.decode()


def test_a_delivery_with_one_of_each_reads_in_the_singular(lund, arkivarie_lund, client_for):
    """Issue 12, bug 8: '1 varning', '1 fil', not '1 varningar', '1 filer'."""
    conn = new_connection(lund, phase=Phase.TEST_DELIVERY)
    with tenant_context(lund):
        one = Delivery.objects.create(
            connection=conn,
            kind="test",
            file="x.zip",
            original_name="x.zip",
            size=10,
            state="ogiltig",
            errors=1,
            warnings=1,
            infos=1,
            file_count=1,
            content_bytes=10,
            validated_at=timezone.now(),
        )
        two = Delivery.objects.create(
            connection=conn,
            kind="test",
            file="y.zip",
            original_name="y.zip",
            size=10,
            state="ogiltig",
            errors=2,
            warnings=2,
            infos=2,
            file_count=2,
            content_bytes=10,
            validated_at=timezone.now(),
        )
    client = client_for(arkivarie_lund, lund)
    page = client.get(f"/leveranser/{one.pk}/").content.decode()
    assert "1 fel, 1 varning, 1 upplysning. 1 fil," in page
    page = client.get(f"/leveranser/{two.pk}/").content.decode()
    assert "2 fel, 2 varningar, 2 upplysningar. 2 filer," in page


def test_forvaltning_board_downloads_what_its_filters_show(lund, bjuv, forvaltare, ledning, consortium, client_for):
    late = new_connection(lund, quarter="2020Q1")
    on_time = new_connection(lund, quarter="2099Q4")
    bjuvs = new_connection(bjuv, quarter="2020Q2")
    client = client_for(forvaltare, consortium)
    html = client.get("/anslutningar/", {"kommun": lund.pk}).content.decode()
    assert f'href="/anslutningar/export.csv?kommun={lund.pk}"' in html

    response = client.get("/anslutningar/export.csv", {"kommun": lund.pk})
    assert response.status_code == 200 and 'filename="anslutningar-' in response["Content-Disposition"]
    rows = list(csv.reader(StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Fas", "Kommun", "System"]
    # In the page's order, quarters and lateness in words (the index's phase is set by the services: "Planerad").
    assert [row[2] for row in rows[1:]] == [late.system.name, on_time.system.name]
    assert rows[1][0] == "Planerad" and rows[1][4] == "2020 K1" and rows[1][5] == "Försenad"
    assert rows[2][4] == "2099 K4" and rows[2][5] == "Enligt plan"
    assert bjuvs.system.name not in response.content.decode()

    response = client_for(ledning, consortium).get("/anslutningar/export.xlsx", {"sena": "on"})
    sheet = load_workbook(BytesIO(response.content)).active
    names = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == sorted([late.system.name, bjuvs.system.name])
    assert client.get("/anslutningar/export.json").status_code == 404


def test_kommun_people_cannot_download_the_forvaltning_board(consortium, cross_kommun):
    cross_kommun.assert_hidden(consortium, "/anslutningar/export.csv", "/anslutningar/export.xlsx")
