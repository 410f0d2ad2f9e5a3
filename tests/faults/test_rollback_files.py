"""A file the platform writes for a transaction that rolls back is removed: the issued report's PDF too.

The uploads, the ingest pick-up and the package builds are tested beside their services
(tests/tenants/test_stored_files.py, test_ingest_files.py); here the report's last step, where the PDF is
renamed into place and the row marked done in one transaction, fails after the rename.
"""

import pytest

from reports import services
from reports.models import IssuedReport, ReportKind, ReportStatus

from .conftest import files_under

pytestmark = pytest.mark.django_db


class Boom(Exception):
    """The failure after the PDF was put in place."""


def test_a_report_whose_last_transaction_rolls_back_leaves_no_file(consortium, folders, monkeypatch):
    report = IssuedReport.objects.create(kind=ReportKind.CONSORTIUM)
    renamed = []

    def audit_fails(**kwargs):
        renamed.extend(files_under(folders["REPORTS_ROOT"]))  # the PDF is in place now...
        raise Boom

    monkeypatch.setattr(services, "audit_record", audit_fails)
    with pytest.raises(Boom):
        services.report_render(report_id=report.pk)
    assert [p.suffix for p in renamed] == [".pdf"]
    assert files_under(folders["REPORTS_ROOT"]) == []  # ...and gone with the transaction, no .part either
    report.refresh_from_db()
    assert report.status != ReportStatus.DONE and not report.file_path
