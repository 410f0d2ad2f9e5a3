"""Report pages: order, watch the progress, download; only those allowed to read a report reach it."""

from django.core import mail
from django.urls import reverse

from reports import services, tasks
from reports.models import IssuedReport, ReportKind, ReportStatus


def _done(kind, kommun=None) -> IssuedReport:
    report = IssuedReport.objects.create(kind=kind, kommun=kommun)
    return services.report_render(report_id=report.pk)


def test_forvaltning_orders_the_consortium_report_and_downloads_it(
    forvaltare, consortium, client_for, django_capture_on_commit_callbacks
):
    client = client_for(forvaltare, consortium)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:list"), {"kind": "consortium"})
    report = IssuedReport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reports:detail", args=[report.pk])

    page = client.get(response["Location"])
    assert "Rapporten är klar" in page.content.decode() and report.sha256 in page.content.decode()
    download = client.get(reverse("reports:download", args=[report.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF")
    assert "attachment" in download["Content-Disposition"]
    assert len(mail.outbox) == 1


def test_the_status_fragment_polls_until_the_report_is_done(lund, arkivarie_lund, client_for):
    report = IssuedReport.objects.create(kind=ReportKind.KOMMUN, kommun=lund, requested_by=arkivarie_lund)
    IssuedReport.objects.filter(pk=report.pk).update(status=ReportStatus.RUNNING, progress=35, step="Ritar sidorna")
    client = client_for(arkivarie_lund, lund)

    fragment = client.get(reverse("reports:detail", args=[report.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 2s"' in fragment and "Ritar sidorna" in fragment and 'value="35"' in fragment
    assert "<html" not in fragment and 'role="status"' in fragment


def test_a_kommun_report_is_read_by_its_people_and_the_consortium_only(
    lund, bjuv, kontakt_lund, kontakt_bjuv, ledning, consortium, client_for, cross_kommun
):
    report = _done(ReportKind.KOMMUN, lund)
    url = reverse("reports:download", args=[report.pk])
    assert client_for(kontakt_lund, lund).get(url).status_code == 200
    assert client_for(ledning, consortium).get(url).status_code == 200
    # Another kommun's people: 404 on their own site and on Lund's.
    cross_kommun.assert_hidden(lund, url, reverse("reports:detail", args=[report.pk]), also_on_their_sites=True)
    # A kommun's people do not see consortium reports, not even by id: not on the consortium's site, nor on their own.
    consortium_report = _done(ReportKind.CONSORTIUM)
    pages = [
        reverse("reports:download", args=[consortium_report.pk]),
        reverse("reports:detail", args=[consortium_report.pk]),
    ]
    cross_kommun.assert_found(consortium, *pages)
    cross_kommun.assert_hidden(consortium, *pages, also_on_their_sites=True)
    listed = client_for(kontakt_bjuv, bjuv).get(reverse("reports:list")).content.decode()
    assert "Lund" not in listed


def test_a_kommun_person_may_order_only_their_kommuns_report(lund, kontakt_lund, client_for):
    client = client_for(kontakt_lund, lund)
    response = client.post(reverse("reports:list"), {"kind": "consortium"})
    assert response.status_code == 422 and not IssuedReport.objects.exists()
    form = client.get(reverse("reports:list")).content.decode()
    assert 'value="kommun"' in form and 'value="consortium"' not in form


def test_a_changed_file_is_not_handed_out(lund, arkivarie_lund, client_for):
    report = _done(ReportKind.KOMMUN, lund)
    services.report_path(report).write_bytes(b"%PDF-1.7 tampered")
    assert client_for(arkivarie_lund, lund).get(reverse("reports:download", args=[report.pk])).status_code == 404


def test_the_list_page_reads_a_fixed_number_of_queries(
    lund, bjuv, forvaltare, consortium, client_for, django_assert_max_num_queries
):
    for kommun in (lund, bjuv, lund, bjuv):
        IssuedReport.objects.create(kind=ReportKind.KOMMUN, kommun=kommun, requested_by=forvaltare)
    client = client_for(forvaltare, consortium)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("reports:list"))
    assert response.content.decode().count("Kommunrapport – ") == 4


def test_monthly_kommun_reports_fan_out_one_per_kommun_once(
    lund, bjuv, arkivarie_lund, arkivarie_bjuv, settings, django_capture_on_commit_callbacks
):
    assert settings.CELERY_BEAT_SCHEDULE["reports-kommun-monthly"]["task"] == "reports.tasks.scheduled_kommun_reports"
    assert "reports-consortium-monthly" in settings.CELERY_BEAT_SCHEDULE
    with django_capture_on_commit_callbacks(execute=True):
        tasks.scheduled_kommun_reports.apply()
    reports = list(IssuedReport.objects.order_by("kommun__name"))
    assert [(r.kommun, r.status, r.scheduled, r.requested_by) for r in reports] == [
        (bjuv, ReportStatus.DONE, True, None),
        (lund, ReportStatus.DONE, True, None),
    ]
    assert sorted(m.to[0] for m in mail.outbox) == sorted([arkivarie_lund.email, arkivarie_bjuv.email])
    with django_capture_on_commit_callbacks(execute=True):
        tasks.scheduled_kommun_reports.apply()
    assert IssuedReport.objects.count() == 2  # beat firing twice makes no second report this month
