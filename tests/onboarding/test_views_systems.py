"""The systems pages as each role sees them: list, detail, wizard, review actions, attachments, proposal."""

import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import tenant_context

from onboarding import services
from onboarding.deliveries_index.phases import Phase
from onboarding.messages import MSG_FIRST_CHOICE_REQUIRED, MSG_RANK_NOT_RANKABLE, MSG_RETENTION_YEARS_MISSING
from onboarding.models import System
from onboarding.portfolio.models import PortfolioEntry, Product
from onboarding.services.proposals import ProposalRow, proposal_set
from tests.deliveries.conftest import new_connection
from tests.onboarding.fixtures_onboarding import INFO_ROWS, make_system, product

pytestmark = pytest.mark.django_db


def test_list_shows_systems_and_other_kommun_gets_404(
    lund, kontakt_lund, forvaltare, ledning, client_for, cross_kommun
):
    make_system(lund, name="Diariet")
    for user in (kontakt_lund, forvaltare, ledning):
        response = client_for(user, lund).get("/system/")
        assert response.status_code == 200
        assert "Diariet" in response.content.decode()
        assert "10 av 10" in response.content.decode()
    cross_kommun.assert_hidden(lund, "/system/")


def test_list_queries_do_not_grow_with_the_number_of_systems(
    lund, kontakt_lund, client_for, django_assert_max_num_queries
):
    client = client_for(kontakt_lund, lund)
    for index in range(3):
        make_system(lund, name=f"System {index}")
    with django_assert_max_num_queries(12) as few:
        client.get("/system/")
    for index in range(3, 30):
        make_system(lund, name=f"System {index}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/system/?sort=-avveckling")
    assert "30 system" in response.content.decode()


def test_a_long_list_is_paged_fifty_at_a_time_and_counted(lund, kontakt_lund, client_for):
    with tenant_context(lund):
        System.objects.bulk_create([System(name=f"System {index:02}") for index in range(53)])
    client = client_for(kontakt_lund, lund)
    first = client.get("/system/").content.decode()
    assert "53 system" in first and "Sida 1 av 2" in first
    assert first.count('<th scope="row">') == 50 and "System 49" in first and "System 50" not in first
    second = client.get("/system/?sida=2").content.decode()
    assert "53 system" in second and "Sida 2 av 2" in second
    assert second.count('<th scope="row">') == 3 and "System 50" in second and "System 49" not in second
    assert client.get("/system/?sida=9").content.decode().count('<th scope="row">') == 3  # the last page
    one = client.get("/system/?q=System 0").content.decode()
    assert "10 system" in one and "Sida 1" not in one and one.count('<th scope="row">') == 10


def test_the_list_tells_how_complete_each_system_is_as_its_page_does(lund, kontakt_lund, client_for):
    missing_volume = [{**INFO_ROWS[0], "volume_gb": None}, INFO_ROWS[1]]
    missing_period = [INFO_ROWS[0], {**INFO_ROWS[1], "period_from": None}]
    systems = [make_system(lund, name=f"System {index}", product_id=product(f"P{index}").pk) for index in range(4)]
    with tenant_context(lund):
        services.information_types_set(system=systems[1], rows=missing_volume, actor=None)
        services.information_types_set(system=systems[2], rows=missing_period, actor=None)
        services.information_types_set(system=systems[3], rows=[], actor=None)
    client = client_for(kontakt_lund, lund)
    listed = re.findall(r"<td>(\d+ av 10)</td>", client.get("/system/").content.decode())
    assert listed == ["10 av 10", "9 av 10", "9 av 10", "9 av 10"]
    for system, shown in zip(systems, listed, strict=True):
        assert f"{shown} uppgifter" in client.get(f"/system/{system.pk}/").content.decode()


def test_list_filters_search_and_sort(lund, kontakt_lund, client_for):
    make_system(lund, name="Snartsystemet", decommission_date=date.today() + timedelta(days=60))
    make_system(lund, name="Sentsystemet", decommission_date=date.today() + timedelta(days=800))
    make_system(lund, complete=False, name="Elevregistret")
    client = client_for(kontakt_lund, lund)
    page = client.get("/system/", {"avveckling": "on"}).content.decode()
    assert "Snartsystemet" in page and "Sentsystemet" not in page
    page = client.get("/system/", {"q": "elev"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Elevregistret" in page and "Snartsystemet" not in page and "<html" not in page
    page = client.get("/system/", {"export": "okand", "personuppgifter": "okant"}).content.decode()
    assert "Elevregistret" in page and "Snartsystemet" not in page
    page = client.get("/system/", {"k": "3"}).content.decode()
    assert "Inga system matchar" in page


def test_detail_shows_completeness_history_and_404_for_other_kommun(lund, kontakt_lund, client_for, cross_kommun):
    system = make_system(lund, complete=False, name="Halvfärdigt", records_creator="Socialnämnden")
    page = client_for(kontakt_lund, lund).get(f"/system/{system.pk}/").content.decode()
    assert "1 av 10 uppgifter" in page
    assert "Syfte" in page  # listed as missing
    assert "Registrerades" in page  # history
    cross_kommun.assert_hidden(lund, f"/system/{system.pk}/")
    assert client_for(kontakt_lund, lund).get("/system/999999/").status_code == 404


def test_wizard_without_javascript_saves_a_draft_at_each_step(lund, kontakt_lund, client_for):
    Product.objects.create(name="Public 360°", vendor="Tieto Evry")
    client = client_for(kontakt_lund, lund)
    response = client.post(
        "/system/nytt/", {"name": "Diariet", "product_name": "public 360", "records_creator": "Kommunstyrelsen"}
    )
    with tenant_context(lund):
        system = System.objects.get(name="Diariet")
    assert system.product.name == "Public 360°"  # the existing product was recognised
    assert response.status_code == 302 and response["Location"].endswith(f"/system/{system.pk}/steg/kontakter/")
    response = client.post(
        f"/system/{system.pk}/steg/information/",
        {
            "info-TOTAL_FORMS": "1",
            "info-INITIAL_FORMS": "0",
            "info-0-name": "Loggar",
            "info-0-retention": "gallras",
            "action": "next",
        },
    )
    assert response.status_code == 422
    assert str(MSG_RETENTION_YEARS_MISSING) in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    response = client.post(
        f"/system/{system.pk}/steg/avveckling/",
        {"decommission_date": "2025-02-30", "export_capability": "xml", "action": "save"},
    )
    assert response.status_code == 422
    response = client.post(
        f"/system/{system.pk}/steg/avveckling/",
        {"decommission_date": "2027-02-28", "export_capability": "xml", "action": "save"},
        HTTP_HX_REQUEST="true",
    )
    assert response["HX-Redirect"].endswith(f"/system/{system.pk}/steg/avveckling/")
    with tenant_context(lund):
        assert System.objects.get(pk=system.pk).decommission_date == date(2027, 2, 28)
    assert PortfolioEntry.objects.get(kommun=lund, system_id=system.pk).decommission_date == date(2027, 2, 28)


def test_wizard_refuses_text_that_starts_like_a_formula(lund, kontakt_lund, client_for):
    from onboarding.forms import MSG_STARTS_LIKE_FORMULA

    client = client_for(kontakt_lund, lund)
    response = client.post(
        "/system/nytt/",
        {"name": '=HYPERLINK("http://x";"klicka")', "product_name": "Ecos", "confirm_new": "on"},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert str(MSG_STARTS_LIKE_FORMULA) in page and 'aria-invalid="true"' in page
    with tenant_context(lund):
        assert not System.objects.exists()
    system = make_system(lund)
    response = client.post(
        f"/system/{system.pk}/steg/kontakter/",
        {"owner_name": "Ann", "owner_phone": "+46 46 35 50 00", "manager_name": " =1+1", "action": "save"},
    )
    assert response.status_code == 422 and str(MSG_STARTS_LIKE_FORMULA) in response.content.decode()
    with tenant_context(lund):
        assert System.objects.get(pk=system.pk).manager_name != " =1+1"


def test_wizard_catches_near_duplicate_products(lund, kontakt_lund, client_for):
    existing = Product.objects.create(name="Procapita VoO", vendor="Tieto")
    client = client_for(kontakt_lund, lund)
    response = client.post("/system/nytt/", {"name": "Omsorg", "product_name": "Procapita"})
    assert response.status_code == 200  # a question (issue 12), not an error
    page = response.content.decode()
    assert "Procapita VoO (Tieto)" in page and "Menade du en av de här produkterna?" in page
    assert 'role="alert"' not in page and "Fel:" not in page
    with tenant_context(lund):
        assert not System.objects.exists()
    response = client.post("/system/nytt/", {"name": "Omsorg", "product_name": "Procapita", "use_product": existing.pk})
    assert response.status_code == 302
    response = client.post(
        "/system/nytt/", {"name": "Omsorg IFO", "product_name": "Procapita", "vendor": "CGI", "confirm_new": "on"}
    )
    assert response.status_code == 302
    assert Product.objects.filter(name="Procapita", vendor="CGI").exists()


def test_product_suggestions_while_typing(lund, kontakt_lund, client_for):
    Product.objects.create(name="Treserva", vendor="CGI")
    response = client_for(kontakt_lund, lund).get(
        "/system/produkter/", {"product_name": "tres"}, HTTP_HX_REQUEST="true"
    )
    assert '<option value="Treserva">Treserva (CGI)</option>' in response.content.decode()


def test_roles_on_the_wizard(lund, kontakt_lund, forvaltare, ledning, client_for, cross_kommun):
    system = make_system(lund, status="inskickad")
    url = f"/system/{system.pk}/steg/grund/"
    assert client_for(kontakt_lund, lund).get(url).status_code == 403  # submitted: not the kontakt's to edit
    assert client_for(ledning, lund).get(url).status_code == 403
    assert client_for(forvaltare, lund).post(url, {"name": "X"}).status_code == 403
    assert client_for(ledning, lund).get("/system/nytt/").status_code == 403
    cross_kommun.assert_hidden(lund, url, "/system/nytt/")


def test_review_flow_through_the_pages(lund, kontakt_lund, arkivarie_lund, forvaltare, client_for, cross_kommun):
    system = make_system(lund)
    kontakt, arkivarie, forv = (
        client_for(kontakt_lund, lund),
        client_for(arkivarie_lund, lund),
        client_for(forvaltare, lund),
    )
    assert kontakt.post(f"/system/{system.pk}/skicka-in/").status_code == 302
    assert kontakt.post(f"/system/{system.pk}/klar/").status_code == 403
    cross_kommun.assert_hidden(
        lund, f"/system/{system.pk}/komplettering/", f"/system/{system.pk}/klar/", data={"comment": "Från fel kommun"}
    )
    response = forv.post(f"/system/{system.pk}/komplettering/", {"comment": ""})
    assert response.status_code == 422
    forv.post(f"/system/{system.pk}/komplettering/", {"comment": "Volymen för loggarna saknas."})
    page = kontakt.get(f"/system/{system.pk}/").content.decode()
    assert "Förvaltningen begär komplettering" in page and "Volymen för loggarna saknas." in page
    kontakt.post(f"/system/{system.pk}/skicka-in/")
    arkivarie.post(f"/system/{system.pk}/klar/")
    page = kontakt.get(f"/system/{system.pk}/").content.decode()
    assert "Klar för prioritering" in page and "Komplettering begärdes" in page


def test_attachments_are_served_only_through_the_access_check(lund, kontakt_lund, ledning, client_for, cross_kommun):
    system = make_system(lund)
    client = client_for(kontakt_lund, lund)
    assert "Inga bilagor." in client.get(f"/system/{system.pk}/").content.decode()
    upload = SimpleUploadedFile("../../Beskrivning av systemet.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = client.post(f"/system/{system.pk}/bilagor/", {"kind": "beskrivning", "file": upload})
    assert response.status_code == 302
    with tenant_context(lund):
        attachment = system.attachments.get()
    assert attachment.original_name == "Beskrivning av systemet.pdf"
    url = f"/system/{system.pk}/bilagor/{attachment.pk}/"
    page = client.get(f"/system/{system.pk}/").content.decode()
    assert f'<a href="{url}">Beskrivning av systemet.pdf</a>' in page and "Inga bilagor." not in page
    response = client_for(ledning, lund).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"
    cross_kommun.assert_hidden(lund, url, f"/system/{system.pk}/bilagor/")
    bad = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(f"/system/{system.pk}/bilagor/", {"kind": "ovrigt", "file": bad})
    assert response.status_code == 422 and "Filtypen .exe tas inte emot" in response.content.decode()


def test_proposal_ranking(lund, kontakt_lund, arkivarie_lund, client_for):
    first, second = make_system(lund, name="Ett", status="klar"), make_system(lund, name="Två", status="klar")
    arkivarie = client_for(arkivarie_lund, lund)
    data = {f"rank-{first.pk}": "1", f"rank-{second.pk}": "2", f"motivation-{first.pk}": "Avvecklas 2026"}
    response = arkivarie.post("/system/forslag/", data)
    assert response.status_code == 422 and str(MSG_FIRST_CHOICE_REQUIRED) in response.content.decode()
    assert arkivarie.post("/system/forslag/", {**data, f"first-{first.pk}": "on"}).status_code == 302
    entry = PortfolioEntry.objects.get(kommun=lund, system_id=first.pk)
    assert (entry.proposal_rank, entry.first_choice) == (1, True)
    assert client_for(kontakt_lund, lund).post("/system/forslag/", data).status_code == 403
    assert "Avvecklas 2026" in client_for(kontakt_lund, lund).get("/system/forslag/").content.decode()


def test_proposal_is_reordered_with_buttons_not_by_renumbering(lund, arkivarie_lund, client_for):
    ett, tva, tre = (make_system(lund, name=name, status="klar") for name in ("Ett", "Två", "Tre"))
    arkivarie = client_for(arkivarie_lund, lund)
    typed = {
        f"rank-{ett.pk}": "1",
        f"rank-{tva.pk}": "2",
        f"first-{ett.pk}": "on",
        f"motivation-{tva.pk}": "Avvecklas snart",
    }
    page = arkivarie.post("/system/forslag/", {**typed, "move": f"{tva.pk}:upp"}).content.decode()
    assert page.index(f'id="rank-{tva.pk}"') < page.index(f'id="rank-{ett.pk}"')  # Två is now first
    assert f'name="rank-{tva.pk}" value="1"' in page and f'name="rank-{ett.pk}" value="2"' in page
    assert "Två har nu plats 1." in page and "Avvecklas snart" in page  # typed text survives the move
    assert f'value="{tva.pk}:upp"' not in page  # the first has no "Upp"; the focus goes to its "Ned"
    assert re.search(rf'value="{tva.pk}:ned"[^>]*autofocus', page) and page.count("autofocus") == 1
    with tenant_context(lund):
        assert System.objects.get(pk=tva.pk).proposal_rank is None  # nothing saved before "Spara förslaget"

    page = arkivarie.post("/system/forslag/", {**typed, "move": f"{tre.pk}:sist"}).content.decode()
    assert "Tre har nu plats 3." in page
    moved = {f"rank-{ett.pk}": "2", f"rank-{tva.pk}": "1", f"rank-{tre.pk}": "3", f"first-{ett.pk}": "on"}
    assert arkivarie.post("/system/forslag/", moved).status_code == 302
    with tenant_context(lund):
        ranks = dict(System.objects.filter(pk__in=[ett.pk, tva.pk, tre.pk]).values_list("name", "proposal_rank"))
    assert ranks == {"Två": 1, "Ett": 2, "Tre": 3}


def test_the_ranking_lists_only_systems_that_can_be_ranked_and_says_why_others_are_missing(
    lund, arkivarie_lund, client_for, cross_kommun
):
    ett = make_system(lund, name="Ett", status="klar")
    planerad = make_system(lund, name="Planerad", status="klar")  # its connection still follows each new plan
    avbruten = make_system(lund, name="Avbruten", status="klar")  # a cancelled connection frees it again
    make_system(lund, complete=False, name="Utkastet")
    inskickat = make_system(lund, name="Inskickat", status="inskickad")
    pagaende = make_system(lund, name="Pågående", status="klar")
    new_connection(lund, phase=Phase.PLANNED, system=planerad)
    new_connection(lund, phase=Phase.CANCELLED, system=avbruten)
    new_connection(lund, phase=Phase.TEST_DELIVERY, system=pagaende)
    with tenant_context(lund):  # places from before the status changed and the connection started
        System.objects.filter(pk=ett.pk).update(proposal_rank=1, first_choice=True)
        System.objects.filter(pk=inskickat.pk).update(proposal_rank=2, proposal_motivation="Från förra året")
        System.objects.filter(pk=pagaende.pk).update(proposal_rank=3)
    arkivarie = client_for(arkivarie_lund, lund)

    page = arkivarie.get("/system/forslag/").content.decode()
    rows = re.findall(r'<th scope="row" id="sys-\d+"><a [^>]*>([^<]+)</a>', page)
    assert rows == ["Ett", "Avbruten", "Planerad"]
    assert "3 system saknas i listan eftersom de inte kan rangordnas än" in page
    assert '<a href="/system/?status=utkast">1 system med status ”Utkast”</a> är inte klart för prioritering.' in page
    assert '<a href="/system/?status=inskickad">1 system med status ”Inskickad”</a>' in page
    assert '<a href="/anslutningar/">1 system har redan en anslutning</a>' in page
    assert "markerat det ”Klar för prioritering” på systemets sida" in page
    assert "Inskickat (plats 2), Pågående (plats 3)" in page  # the places that go when the ranking is saved
    assert "Inskickat" in arkivarie.get("/system/?status=inskickad").content.decode()  # where the link leads

    # Planerad takes place 2, which Inskickat still holds: the old place does not block the save.
    data = {f"rank-{ett.pk}": "1", f"first-{ett.pk}": "on", f"rank-{planerad.pk}": "2"}
    data[f"rank-{inskickat.pk}"] = "1"  # a field the page never shows is not read
    assert arkivarie.post("/system/forslag/", data).status_code == 302
    with tenant_context(lund):
        ranks = dict(System.objects.values_list("name", "proposal_rank"))
    assert ranks == {"Ett": 1, "Planerad": 2, "Avbruten": None, "Utkastet": None, "Inskickat": None, "Pågående": None}
    assert "Den tas bort ur förslaget" not in arkivarie.get("/system/forslag/").content.decode()
    cross_kommun.assert_hidden(lund, "/system/forslag/")


def test_the_service_gives_no_place_to_a_system_that_cannot_be_ranked(lund, arkivarie_lund):
    ready = make_system(lund, name="Klart", status="klar")
    submitted = make_system(lund, name="Inskickat", status="inskickad")
    with tenant_context(lund), pytest.raises(ValidationError) as refused:
        proposal_set(
            rows=[ProposalRow(ready.pk, 1, first_choice=True), ProposalRow(submitted.pk, 2)], actor=arkivarie_lund
        )
    assert refused.value.messages == [str(MSG_RANK_NOT_RANKABLE) % {"name": "Inskickat"}]
    with tenant_context(lund):
        assert System.objects.get(pk=ready.pk).proposal_rank is None  # nothing changed


def test_old_portfolio_address_leads_to_the_one_portfolio(
    lund, bjuv, consortium, forvaltare, kontakt_lund, client_for, cross_kommun
):
    make_system(lund, name="Lunds diarium")
    make_system(bjuv, name="Bjuvs diarium")
    client = client_for(forvaltare, consortium)
    response = client.get("/portfolj/?q=diarium")
    assert response.status_code == 301 and response["Location"] == "/planering/portfolj/?q=diarium"
    page = client.get("/portfolj/?q=diarium", follow=True).content.decode()
    assert "Lunds diarium" in page and "Bjuvs diarium" in page
    assert client_for(kontakt_lund, consortium).get("/portfolj/", follow=True).status_code == 404
    cross_kommun.assert_hidden(consortium, "/planering/portfolj/")


def test_every_wizard_step_renders_with_labels(lund, kontakt_lund, client_for):
    system = make_system(lund)
    client = client_for(kontakt_lund, lund)
    assert '<label for="id_name">' in client.get("/system/nytt/").content.decode()
    for step in ("grund", "kontakter", "information", "klassning", "avveckling", "granska"):
        page = client.get(f"/system/{system.pk}/steg/{step}/").content.decode()
        assert 'aria-current="step"' in page, step
    page = client.get(f"/system/{system.pk}/steg/granska/").content.decode()
    assert "10 av 10 uppgifter" in page and "Skicka in till förvaltningen" in page
    assert client.get(f"/system/{system.pk}/steg/okant/").status_code == 404
