"""The readiness pages (issue 19): the kommun's start page and checklist, marking done, the förvaltning's overview,
a kommun's checklist on the consortium site with reopen, the template; 404 for everyone not addressed; bounded
queries on both start pages."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from onboarding.readiness import services
from onboarding.readiness.messages import MSG_MARKED_DONE, MSG_PLATFORM_TICKS, MSG_REOPENED
from onboarding.readiness.models import ActionMark, ChecklistVersion, PlatformCheck
from tenants.models import AuditEvent, Kommun


def _queries(client, url="/") -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _table(response) -> str:
    return response.content.decode().split('class="readiness-overview"', 1)[1].split("</table>", 1)[0]


def _plan(kommun, forvaltare, days):
    return services.kommun_plan_set(
        kommun=kommun, first_connection=timezone.localdate() + timedelta(days=days), actor=forvaltare
    )


def test_the_kommun_start_page_shows_its_checklist_most_important_first(
    client_for, checklist, lund, arkivarie_lund, forvaltare
):
    _plan(lund, forvaltare, 190)  # styrning (200 days before) is 10 days late, inventering (180) due in 10 days
    page = client_for(arkivarie_lund, lund).get("/").content.decode()
    assert "Beredskap inför anslutning" in page and "1 av 8 åtgärder klara" in page
    assert "1 åtgärd är sen" in page
    most = page.split("Viktigast nu", 1)[1]
    assert most.index("Förankra anslutningen i ledningen") < most.index("Skicka in systeminventeringen")
    assert 'href="/beredskap/#mallstyrning"' in page and "Sen</span>" in page


def test_marking_an_action_done_needs_a_comment_and_shows_who_did_it(client_for, checklist, lund, kontakt_lund):
    client = client_for(kontakt_lund, lund)
    refused = client.post("/beredskap/klar/", {"action": "mall:styrning", "comment": ""})
    assert refused.status_code == 422 and "Detta fält måste fyllas i." in refused.content.decode()
    assert not ActionMark.objects.exists()

    done = client.post(
        "/beredskap/klar/", {"action": "mall:styrning", "comment": "Beslut i KS 2026-10-14."}, follow=True
    )
    page = done.content.decode()
    assert str(MSG_MARKED_DONE) in page
    assert "Markerad klar av Karin Kontakt" in page and "Beslut i KS 2026-10-14." in page
    assert AuditEvent.objects.filter(action="readiness.action_done", kommun=lund, actor=kontakt_lund).exists()


def test_an_action_the_platform_ticks_says_so_and_cannot_be_marked(client_for, checklist, lund, arkivarie_lund):
    client = client_for(arkivarie_lund, lund)
    page = client.get("/beredskap/").content.decode()
    assert "Klart enligt plattformen" in page  # the arkivarie is appointed (Lund has one)
    assert f"Bockas av plattformen när det stämmer: {PlatformCheck.PROPOSAL_MADE.label}." in page
    refused = client.post("/beredskap/klar/", {"action": "mall:forslag", "comment": "Gjort"})
    assert refused.status_code == 422
    assert str(MSG_PLATFORM_TICKS) % {"check": PlatformCheck.PROPOSAL_MADE.label} in refused.content.decode()


def test_the_forvaltning_reopens_an_action_with_a_reason_the_kommun_sees(
    client_for, checklist, lund, consortium, arkivarie_lund, forvaltare, ledning
):
    client_for(arkivarie_lund, lund).post("/beredskap/klar/", {"action": "mall:ihp", "comment": "Klart"})
    url = f"/beredskap/kommuner/{lund.pk}/oppna/"
    assert client_for(ledning, consortium).post(url, {"action": "mall:ihp", "reason": "Nej"}).status_code == 404
    empty = client_for(forvaltare, consortium).post(url, {"action": "mall:ihp", "reason": ""})
    assert empty.status_code == 422 and ActionMark.objects.get().done
    answer = client_for(forvaltare, consortium).post(
        url, {"action": "mall:ihp", "reason": "Planen saknar IT-avdelningen."}, follow=True
    )
    assert str(MSG_REOPENED) in answer.content.decode()
    page = client_for(arkivarie_lund, lund).get("/beredskap/").content.decode()
    assert "Öppnad igen av Frida Förvaltare: ”Planen saknar IT-avdelningen.”" in page


def test_the_consortium_start_page_lists_every_kommuns_readiness_and_flags_who_is_behind(
    client_for, checklist, consortium, lund, bjuv, forvaltare
):
    _plan(lund, forvaltare, 190)  # late, first connection ahead: behind
    _plan(bjuv, forvaltare, 400)  # nothing late yet
    page = client_for(forvaltare, consortium).get("/").content.decode()
    assert "Kommunernas beredskap" in page and "1 kommun ligger efter inför sin första anslutning." in page
    table = page.split('class="readiness-overview"', 1)[1].split("</table>", 1)[0]
    lund_row = table.split(f'href="/beredskap/kommuner/{lund.pk}/">Lund</a>', 1)[1].split("</tr>", 1)[0]
    bjuv_row = table.split(f'href="/beredskap/kommuner/{bjuv.pk}/">Bjuv</a>', 1)[1].split("</tr>", 1)[0]
    assert "1 av 8" in lund_row and "Ligger efter" in lund_row and "⚠" in lund_row
    assert "Förankra anslutningen i ledningen" in lund_row  # its next action
    assert "Ligger efter" not in bjuv_row and "I fas" in bjuv_row

    by_late = _table(client_for(forvaltare, consortium).get("/beredskap/?sortera=sena"))
    assert by_late.index(">Lund</a>") < by_late.index(">Bjuv</a>") and 'aria-sort="descending"' in by_late
    by_name = _table(client_for(forvaltare, consortium).get("/beredskap/?sortera=kommun"))
    assert by_name.index(">Bjuv</a>") < by_name.index(">Lund</a>")


def test_the_start_pages_queries_do_not_grow_with_actions_marks_meetings_or_kommuner(
    client_for, checklist, consortium, lund, bjuv, forvaltare, arkivarie_lund
):
    kommun_client, consortium_client = client_for(arkivarie_lund, lund), client_for(forvaltare, consortium)
    kommun_before, consortium_before = _queries(kommun_client), _queries(consortium_client)
    for n in range(5):
        meeting = services.meeting_create(
            date=timezone.localdate(), kind="besok", title=f"Besök {n}", kommuner=[lund, bjuv], actor=forvaltare,
            actions=[{"title": f"Åtgärd {n}", "category": "leverans", "responsible": "kontakt", "kommun": None}],
        )  # fmt: skip
        services.meeting_action_add(meeting=meeting, kommun=lund, actor=forvaltare, title=f"Lund {n}",
                                    category="leverans", responsible="kontakt")  # fmt: skip
    kommun_client.post("/beredskap/klar/", {"action": "mall:styrning", "comment": "Klart"})
    kommun_client.post("/beredskap/klar/", {"action": "mall:ihp", "comment": "Klart"})
    Kommun.objects.bulk_create(
        Kommun(schema_name=f"extra{i}", name=f"Extra {i}", subdomain=f"extra{i}", kommunkod=f"9{i:03d}")
        for i in range(20)
    )
    assert _queries(kommun_client) == kommun_before
    assert _queries(consortium_client) == consortium_before
    assert "Extra 19" in consortium_client.get("/").content.decode()


def test_the_template_page_publishes_a_new_version(client_for, checklist, consortium, forvaltare, ledning):
    client = client_for(forvaltare, consortium)
    client.post("/beredskap/checklista/utkast/")
    draft = ChecklistVersion.objects.get(published_at__isnull=True)
    bad = client.post("/beredskap/checklista/utkast/atgard/", {"key": "budget", "title": "", "why": "x"})
    assert bad.status_code == 422 and draft.items.count() == 8
    item = {"key": "budget", "title": "Avsätt budget", "why": "Pengar.", "category": "organisation",
            "responsible": "ledning", "days_before": 300, "platform_check": ""}  # fmt: skip
    assert client.post("/beredskap/checklista/utkast/atgard/", item).status_code == 302
    assert client_for(ledning, consortium).post("/beredskap/checklista/publicera/", {"note": "x"}).status_code == 404
    page = client.post("/beredskap/checklista/publicera/", {"note": "Budget tillagd"}, follow=True).content.decode()
    assert "Version 2 är publicerad och gäller nu för alla kommuner." in page and "Avsätt budget" in page
    assert client.post("/beredskap/checklista/publicera/", {"note": "igen"}).status_code == 404  # no draft left


def test_other_kommuns_people_get_404_for_the_checklist_pages(checklist, lund, bjuv, consortium, cross_kommun):
    cross_kommun.assert_found(lund, "/beredskap/")
    cross_kommun.assert_hidden(
        lund, "/beredskap/", "/beredskap/klar/", data={"action": "mall:styrning", "comment": "x"}
    )
    assert not ActionMark.objects.exists()
    urls = ["/beredskap/", "/beredskap/checklista/", f"/beredskap/kommuner/{lund.pk}/",
            f"/beredskap/kommuner/{lund.pk}/oppna/", f"/beredskap/kommuner/{lund.pk}/datum/",
            "/beredskap/checklista/utkast/", "/beredskap/checklista/publicera/"]  # fmt: skip
    cross_kommun.assert_found(consortium, "/beredskap/", "/beredskap/checklista/", f"/beredskap/kommuner/{lund.pk}/")
    cross_kommun.assert_hidden(consortium, *urls)


def test_another_kommuns_meeting_action_cannot_be_marked_on_this_site(
    client_for, checklist, lund, bjuv, forvaltare, arkivarie_lund
):
    meeting = services.meeting_create(
        date=timezone.localdate(), kind="besok", title="Besök i Bjuv", kommuner=[bjuv], actor=forvaltare,
        actions=[{"title": "Bara Bjuv", "category": "leverans", "responsible": "kontakt", "kommun": bjuv}],
    )  # fmt: skip
    action = meeting.actions.get()
    answer = client_for(arkivarie_lund, lund).post("/beredskap/klar/", {"action": f"mote:{action.pk}", "comment": "x"})
    assert answer.status_code == 404 and not ActionMark.objects.exists()


def test_the_consortium_report_has_a_readiness_section(checklist, lund, bjuv, forvaltare):
    from reports import selectors as report_selectors
    from reports.models import ReportKind

    _plan(lund, forvaltare, 190)
    report = report_selectors.gather(kind=ReportKind.CONSORTIUM)
    section = next(s for s in report.sections if s.key == "beredskap")
    assert section.title == "Beredskap inför första anslutningen"
    rows = {row[0]: row for row in section.tables[0].rows}
    assert rows["Lund"][1:4] == [1, 8, 1] and rows["Lund"][-1] == "Ligger efter"
    assert rows["Bjuv"][-1] == "I fas" and report.figures["readiness_behind"] == 1
    own = report_selectors.gather(kind=ReportKind.KOMMUN, kommun=bjuv)
    bjuv_section = next(s for s in own.sections if s.key == "beredskap")
    assert "Bjuv" in bjuv_section.tables[0].caption and "Lund" not in str(bjuv_section.tables[0].rows)


def test_the_consortium_report_pdf_shows_who_is_behind(
    checklist, lund, bjuv, forvaltare, django_capture_on_commit_callbacks, settings, tmp_path
):
    from reports import services as report_services
    from reports.models import IssuedReport, ReportKind, ReportStatus
    from tests.reports.conftest import pdf_text

    settings.REPORTS_ROOT = tmp_path / "reports"
    _plan(lund, forvaltare, 190)
    with django_capture_on_commit_callbacks(execute=True):
        requested = report_services.report_request(
            kind=ReportKind.CONSORTIUM, kommun=None, parameters=None, actor=forvaltare
        )
    report = IssuedReport.objects.get(pk=requested.pk)
    assert report.status == ReportStatus.DONE
    text = pdf_text(report_services.report_path(report).read_bytes())
    assert "Beredskap inför första anslutningen" in text and "Beredskap per kommun" in text
    assert (
        "Kommuner som ligger efter" in text and "Ligger efter" in text and "Förankra anslutningen i ledningen" in text
    )
