"""Reports over the demo: the plan report (ordered on the consortium site) and Lund's report show real figures."""

import pytest

from reports import services
from reports.models import IssuedReport, ReportKind, ReportStatus
from tests.reports.conftest import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _reports_root(settings, tmp_path):
    settings.REPORTS_ROOT = tmp_path / "reports"


def test_plan_report_and_kommun_report_show_the_demo(
    demo, lund, consortium, forvaltare, kontakt_lund, client_for, cross_kommun, django_capture_on_commit_callbacks
):
    from onboarding.planning.models import PlanVersion

    plan = PlanVersion.objects.get()
    client = client_for(forvaltare, consortium)
    assert str(plan) in client.get("/rapporter/").content.decode()  # offered in the order form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/rapporter/", {"kind": "plan", "plan_id": str(plan.pk)})
    assert response.status_code == 302
    report = IssuedReport.objects.get(kind=ReportKind.PLAN)
    assert report.status == ReportStatus.DONE
    text = pdf_text(services.report_path(report).read_bytes())
    assert "Anslutningsplan v1" in text and "Anslutningsplan 2027–2028" in text
    assert "Samverkansrådet" in text and "SR 2026-09-15 §7" in text and "2026-09-15" in text
    assert "Pilot" in text and "2027 K1" in text
    download = client.get(f"/rapporter/{report.pk}/pdf/")
    assert download.status_code == 200
    cross_kommun.assert_hidden(consortium, f"/rapporter/{report.pk}/", f"/rapporter/{report.pk}/pdf/")

    with django_capture_on_commit_callbacks(execute=True):
        own = services.report_request(kind=ReportKind.KOMMUN, kommun=lund, actor=kontakt_lund)
    text = pdf_text(services.report_path(IssuedReport.objects.get(pk=own.pk)).read_bytes())
    assert "Kommunrapport – Lund" in text
    assert "Levererad volym (GB)" in text and "0,004" in text  # the archived demo delivery
    assert "Testleverans" in text and "Arkiverad" in text  # connections by phase
    assert "varav 1 arkiverade" in text  # plan progress
    assert "Bjuv" not in text
