"""The web import: upload, preview with every problem, import in Celery with progress, export downloads."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from onboarding.inventory.columns import MSG_KRT
from onboarding.models import System
from tests.onboarding.fixtures_onboarding import make_system, row, xlsx

pytestmark = pytest.mark.django_db


def upload(client, data: bytes, name="system.xlsx", capture=None):
    file = SimpleUploadedFile(name, data)
    with capture(execute=True):
        return client.post("/system/import/", {"file": file})


def test_upload_preview_then_import(lund, kontakt_lund, client_for, cross_kommun, django_capture_on_commit_callbacks):
    client = client_for(kontakt_lund, lund)
    response = upload(
        client,
        xlsx([row(), row(Systemnamn="Ekonomi", Produkt="Raindance")]),
        capture=django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302
    job_url = response["Location"]
    page = client.get(job_url).content.decode()
    assert "Förhandsvisning – inget är sparat ännu" in page and "Importera" in page
    with tenant_context(lund):
        assert not System.objects.exists()
    cross_kommun.assert_hidden(lund, job_url, "/system/import/")
    with tenant_context(lund):
        assert not System.objects.exists()  # the intruders' POST to the job imported nothing
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(job_url).status_code == 302
    fragment = client.get(job_url, HTTP_HX_REQUEST="true").content.decode()
    assert "Importerad" in fragment and "every 2s" not in fragment  # polling stops when done
    with tenant_context(lund):
        assert System.objects.count() == 2


def test_refused_file_lists_problems_by_row_and_column(
    lund, kontakt_lund, client_for, django_capture_on_commit_callbacks
):
    client = client_for(kontakt_lund, lund)
    response = upload(client, xlsx([row(**{"Konfidentialitet (K)": 7})]), capture=django_capture_on_commit_callbacks)
    page = client.get(response["Location"]).content.decode()
    assert "Inget har sparats" in page
    assert "<td>Konfidentialitet (K)</td><td>" + str(MSG_KRT) in page


def test_ledning_cannot_import_but_can_export(lund, ledning, client_for):
    make_system(lund, name="Diariet")
    client = client_for(ledning, lund)
    assert client.get("/system/import/").status_code == 403
    response = client.get("/system/export.xlsx")
    assert response["Content-Disposition"].startswith('attachment; filename="system-lund-')
    sheet = load_workbook(io.BytesIO(response.content), read_only=True)["System"]
    assert [c.value for c in list(sheet.iter_rows())[1]][0] == "Diariet"
    assert "Diariet" in client.get("/system/export.csv").content.decode("utf-8-sig")
    assert client.get("/system/import/mall.xlsx").status_code == 200


def test_an_english_uploader_reads_the_problems_in_english(
    lund, kontakt_lund, client_for, django_capture_on_commit_callbacks
):
    """Issue 12, bug 8: the check runs in a worker whose language is Swedish; the problems follow the uploader."""
    client = client_for(kontakt_lund, lund)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    file = SimpleUploadedFile("system.xlsx", xlsx([row(**{"Konfidentialitet (K)": 7})]))
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post("/system/import/", {"file": file})
    with translation.override("sv"):  # as a worker process is: the default language
        for callback in callbacks:
            callback()
    page = client.get(response["Location"]).content.decode()
    with translation.override("en"):
        english = str(MSG_KRT)
    with translation.override("sv"):
        assert english != str(MSG_KRT)
    assert f"<td>{english}</td>" in page


def test_the_export_holds_the_systems_the_list_filters_show(lund, kontakt_lund, client_for, cross_kommun):
    make_system(lund, name="Elevregistret", complete=False)
    make_system(lund, name="Diariet")
    make_system(lund, name="Ekonomi")
    client = client_for(kontakt_lund, lund)
    page = client.get("/system/", {"q": "e", "sort": "-namn"}).content.decode()
    assert 'href="/system/export.csv?q=e&amp;sort=-namn"' in page

    text = client.get("/system/export.csv", {"q": "e", "sort": "-namn"}).content.decode("utf-8-sig")
    names = [line.split(";")[0] for line in text.splitlines()[1:]]
    assert list(dict.fromkeys(names)) == ["Elevregistret", "Ekonomi", "Diariet"]  # the list's sort, name descending
    text = client.get("/system/export.csv", {"q": "elev"}).content.decode("utf-8-sig")
    assert "Elevregistret" in text and "Diariet" not in text and "Ekonomi" not in text
    # No filter: every system, as before.
    sheet = load_workbook(io.BytesIO(client.get("/system/export.xlsx").content), read_only=True)["System"]
    assert {row[0] for row in list(sheet.iter_rows(values_only=True))[1:]} >= {"Elevregistret", "Diariet", "Ekonomi"}
    cross_kommun.assert_hidden(lund, "/system/export.csv?q=elev")
