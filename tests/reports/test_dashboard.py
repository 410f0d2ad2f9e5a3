"""The start pages show the state of the archive (issue 12): tiles, the months' charts with their numbers,
the pipeline of phases, recent deliveries; a page per kommun on the consortium site; each kommun's own
figures and the person's to-do list. Numbers the Swedish way; queries bounded whatever the kommuner."""

import re
import uuid
from datetime import timedelta

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import tenant_context

from onboarding.deliveries import services as deliveries
from onboarding.deliveries.models import Connection, Delivery
from onboarding.deliveries_index.models import ConnectionEntry, HandOver
from onboarding.deliveries_index.phases import Phase
from onboarding.portfolio.models import PortfolioEntry
from onboarding.services import systems as system_services
from onboarding.validation.sample import build_sip
from reports.messages import MSG_NO_SUCH_KOMMUN
from tenants.models import Kommun
from tests.deliveries.conftest import AGREEMENT_DATA, upload, zip_folder
from tests.onboarding.fixtures_onboarding import make_system

NBSP = "\u00a0"


def _archived(kommun, system, *, size: int, files: int, when=None) -> HandOver:
    """What the archive backend's confirmation leaves in the index: an archived hand-over and its connection."""
    when = when or timezone.now()
    connection_id = ConnectionEntry.objects.filter(kommun=kommun).count() + 1
    ConnectionEntry.objects.create(
        kommun=kommun,
        connection_id=connection_id,
        system_id=system.pk,
        system_name=system.name,
        phase=Phase.ARCHIVED,
        archived_files=files,
        archived_bytes=size,
    )
    return HandOver.objects.create(
        uuid=uuid.uuid4(),
        kommun=kommun,
        delivery_id=connection_id,
        connection_id=connection_id,
        system_id=system.pk,
        system_name=system.name,
        files=files,
        bytes=size,
        state=HandOver.State.ARCHIVED,
        handed_over_at=when,
        confirmed_at=when,
    )


def _world(lund, bjuv):
    today = timezone.localdate()
    archived = make_system(lund, name="Lunds diarium")
    make_system(lund, name="Lunds ärendesystem", decommission_date=today + timedelta(days=90))
    make_system(bjuv, name="Bjuvs skolsystem")
    _archived(lund, archived, size=1_234_500_000_000, files=1234)
    ConnectionEntry.objects.create(
        kommun=bjuv, connection_id=1, system_id=1, system_name="Bjuvs skolsystem", phase=Phase.TEST_DELIVERY
    )
    return today


def test_consortium_start_shows_the_state_of_the_archive(client_for, consortium, ledning, lund, bjuv):
    today = _world(lund, bjuv)

    page = client_for(ledning, consortium).get("/").content.decode()

    assert "Läget i e-arkivet" in page
    assert '<span class="tile-value">3</span> <span class="tile-label">registrerade system' in page
    assert f"1{NBSP}234,5{NBSP}GB" in page  # 10^9 bytes a GB, Swedish grouping and decimal comma
    assert f"levererat {today.year}, 1{NBSP}234 filer" in page or f"levererat {today.year}, 1234 filer" in page
    assert '<span class="tile-value">1</span> <span class="tile-label">avvecklas inom 12 månader' in page
    # The pipeline counts every phase; the chart's numbers are in the table beside it.
    assert '<span class="pipeline-count">1</span> Testleverans' in page
    assert '<span class="pipeline-count">1</span> Arkiverad' in page
    assert page.count("<svg") >= 2 and 'id="chart-volume-p0"' in page
    assert f'<th scope="row">{today:%Y-%m}</th><td class="num">1{NBSP}234,5</td>' in page
    # Recent deliveries, dated the ISO way, with their kommun.
    assert "<td>Lund</td><td>Lunds diarium</td><td>Arkiverad</td>" in page
    assert today.isoformat() in page


def _start_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/").status_code == 200
    return len(captured)


def test_consortium_start_queries_do_not_grow_with_the_kommuner(
    client_for, consortium, forvaltare, lund, bjuv, django_assert_max_num_queries
):
    _world(lund, bjuv)
    client = client_for(forvaltare, consortium)
    # 16 for the archive's figures (2 of them the months per kommun and the kommun choice), 6 for every
    # kommun's readiness checklist (issue 19).
    with django_assert_max_num_queries(22):
        client.get("/")
    before = _start_queries(client)
    _more_kommuner(30, lund, systems=3)
    assert _start_queries(client) == before


def _more_kommuner(count: int, lund, *, systems: int) -> list[Kommun]:
    """More kommuner (public rows only), each with systems, a connection and an archived delivery in the index."""
    extra = Kommun.objects.bulk_create(
        Kommun(schema_name=f"extra{i}", name=f"Extra {i}", subdomain=f"extra{i}", kommunkod=f"9{i:03d}")
        for i in range(count)
    )
    template = PortfolioEntry.objects.filter(kommun=lund).first()
    for kommun in extra:
        for n in range(systems):
            template.pk, template.kommun, template.system_id = None, kommun, n + 1
            template.save()
        _archived(kommun, template, size=10**9, files=3)
    return extra


def _months_table(page: str, chart: str) -> str:
    at = page.index(f'id="{chart}-title"')
    return page[page.index("<table", at) : page.index("</table>", at)]


def test_the_months_are_shown_per_kommun_beside_all_kommuner(client_for, consortium, ledning, lund, bjuv):
    today = _world(lund, bjuv)
    _archived(bjuv, make_system(bjuv, name="Bjuvs diarium"), size=2_000_000_000, files=20)
    client = client_for(ledning, consortium)

    page = client.get("/").content.decode()
    kommun_choice = page[page.index('<select name="kommun"') : page.index("</select>")]
    assert re.findall(r'<option value="\d*"[^>]*>([^<]+)</option>', kommun_choice) == [
        "Bara alla kommuner", "Bjuv", "Lund"
    ]  # fmt: skip
    # Every kommun's twelve months in a table, each name a link that shows it in the charts.
    assert (
        f'<th scope="row"><a href="?kommun={bjuv.pk}#dashboard-months">Bjuv</a></th>'
        f'<td class="num">2</td><td class="num">1</td>'
    ) in page

    page = client.get("/", {"kommun": bjuv.pk}).content.decode()
    assert "Diagrammen visar Bjuv bredvid alla kommuner" in page
    assert f'<option value="{bjuv.pk}" selected>Bjuv</option>' in page
    volume = _months_table(page, "chart-volume")
    assert '<th scope="col" class="num">Alla kommuner</th><th scope="col" class="num">Bjuv</th>' in volume
    assert f'<th scope="row">{today:%Y-%m}</th><td class="num">1{NBSP}236,5</td><td class="num">2</td>' in volume
    connections = _months_table(page, "chart-connections")
    assert f'<th scope="row">{today:%Y-%m}</th><td class="num">2</td><td class="num">1</td>' in connections
    # The two series differ by pattern as well as by colour, and the legend names them.
    assert 'id="chart-volume-p0"' in page and 'id="chart-volume-p1"' in page and ">Bjuv</text>" in page

    # An unknown kommun changes nothing but says so.
    page = client.get("/", {"kommun": "999999"}).content.decode()
    assert str(MSG_NO_SUCH_KOMMUN) in page and '<p role="status">Diagrammen visar' not in page
    assert f'<th scope="row">{today:%Y-%m}</th><td class="num">1{NBSP}236,5</td></tr>' in page


def test_the_split_per_kommun_costs_the_same_queries_at_many_kommuner(client_for, consortium, forvaltare, lund, bjuv):
    _world(lund, bjuv)
    client = client_for(forvaltare, consortium)
    with CaptureQueriesContext(connection) as captured:
        client.get("/", {"kommun": lund.pk})
    before = len(captured)
    extra = _more_kommuner(60, lund, systems=1)
    with CaptureQueriesContext(connection) as captured:
        page = client.get("/", {"kommun": extra[-1].pk}).content.decode()
    assert len(captured) == before
    assert (
        "Diagrammen visar Extra 59 bredvid alla kommuner" in page
        and len(re.findall(r'#dashboard-months"[^>]*>Extra', page)) == 60
    )


def test_the_kommun_page_of_the_consortium_shows_that_kommun_only(client_for, consortium, forvaltare, lund, bjuv):
    _world(lund, bjuv)
    client = client_for(forvaltare, consortium)

    start = client.get("/").content.decode()
    assert f'href="/oversikt/kommuner/{bjuv.pk}/"' in start
    page = client.get(f"/oversikt/kommuner/{bjuv.pk}/").content.decode()
    assert "<h1>Bjuv</h1>" in page
    assert '<span class="tile-value">1</span> <span class="tile-label">registrerade system' in page
    assert '<span class="pipeline-count">1</span> Testleverans' in page
    assert "Lunds diarium" not in page and f"0,0{NBSP}GB" in page
    assert client.get("/oversikt/kommuner/999999/").status_code == 404


def test_the_kommun_page_is_404_for_kommun_people(consortium, lund, bjuv, cross_kommun):
    cross_kommun.assert_hidden(consortium, f"/oversikt/kommuner/{bjuv.pk}/", methods=["get"])
    cross_kommun.assert_hidden(consortium, f"/oversikt/kommuner/{bjuv.pk}/", users=["kontakt_bjuv"], methods=["get"])


def test_a_kommun_start_page_has_its_figures_and_the_persons_to_do_list(
    client_for, lund, bjuv, forvaltare, arkivarie_lund, django_assert_max_num_queries
):
    _world(lund, bjuv)
    draft = make_system(lund, complete=False, name="Halvfärdigt system")
    asked = make_system(lund, name="Lunds bygglov", status="inskickad")
    with tenant_context(lund):
        system_services.system_request_completion(system=asked, comment="Ange gallringsfristen.", actor=forvaltare)

    client = client_for(arkivarie_lund, lund)
    # 12 for the figures, the to-do list and the rest of the page, 4 for the kommun's readiness checklist (issue 19).
    with django_assert_max_num_queries(16):
        page = client.get("/").content.decode()

    assert "Att göra" in page
    assert "Begärda kompletteringar att svara på" in page and "Ange gallringsfristen." in page
    assert f'href="/system/{asked.pk}/"' in page
    assert "Utkast att slutföra" in page and f'<a href="/system/{draft.pk}/">Halvfärdigt system</a>' in page
    assert f"1{NBSP}234,5{NBSP}GB" in page  # Lund's own delivery
    assert "Bjuvs skolsystem" not in page and "Testleverans</li>" in page
    assert '<span class="pipeline-count">0</span> Testleverans' in page  # Bjuv's connection is not Lund's


def _broken_package(tmp_path):
    folder = build_sip(tmp_path / "build-broken", "sip-trasig")
    mets = folder / "METS.xml"
    mets.write_text(mets.read_text().replace(' csip:OAISPACKAGETYPE="SIP"', ""))
    return upload(zip_folder(folder, tmp_path / "sip-trasig.zip"))


def test_the_to_do_list_has_agreements_for_the_arkivarie_and_failed_deliveries(
    client_for, lund, arkivarie_lund, kontakt_lund, tmp_path
):
    agreed = make_system(lund, name="Lunds avtalssystem")
    tested = make_system(lund, name="Lunds testsystem")
    with tenant_context(lund), TestCase.captureOnCommitCallbacks(execute=True):
        first = deliveries.connection_create(system=agreed, planned_quarter="2027Q1", actor=None)
        Connection.objects.filter(pk=first.pk).update(phase=Phase.AGREEMENT)
        deliveries.agreement_create_version(connection=first, data=AGREEMENT_DATA, actor=None)
        second = deliveries.connection_create(system=tested, planned_quarter="2027Q1", actor=None)
        Connection.objects.filter(pk=second.pk).update(phase=Phase.TEST_DELIVERY)
        agreement = deliveries.agreement_create_version(connection=second, data=AGREEMENT_DATA, actor=None)
        agreement.kommun_approved_on = agreement.archive_approved_on = "2026-01-02"
        agreement.save(update_fields=["kommun_approved_on", "archive_approved_on"])
        second.refresh_from_db()
        delivery = deliveries.delivery_upload(
            connection=second, uploaded_file=_broken_package(tmp_path), actor=kontakt_lund
        )
    with tenant_context(lund):
        delivery.refresh_from_db()
        assert delivery.state == Delivery.State.INVALID, delivery.state

    page = client_for(arkivarie_lund, lund).get("/").content.decode()
    assert "Leveransöverenskommelser att godkänna" in page
    assert f'<a href="/anslutningar/{first.pk}/">Lunds avtalssystem</a>, version 1' in page
    assert "Leveranser som inte klarade valideringen" in page
    assert f'<a href="/leveranser/{delivery.pk}/">sip-trasig.zip</a> (Lunds testsystem)' in page
    # The kontakt does not approve agreements: not on their list; the failed delivery is.
    page = client_for(kontakt_lund, lund).get("/").content.decode()
    assert "Leveransöverenskommelser att godkänna" not in page
    assert "sip-trasig.zip" in page
