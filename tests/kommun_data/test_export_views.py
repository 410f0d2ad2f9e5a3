"""The export button: the kommun's arkivarie and the förvaltning order, follow and download; others get 404."""

import hashlib
import io
import zipfile

import pytest

from onboarding.kommun_data.messages import MSG_EXPORT_QUEUED, MSG_EXPORT_RUNNING
from onboarding.kommun_data.models import KommunExport
from onboarding.kommun_data.services.jobs import kommun_export_request
from tenants.models import AuditEvent


@pytest.mark.parametrize("who", ["arkivarie_lund", "forvaltare"])
def test_arkivarie_and_forvaltning_export_and_download(who, request, lund, lund_data, client_for,
                                                       django_capture_on_commit_callbacks):  # fmt: skip
    user = request.getfixturevalue(who)
    client = client_for(user, lund)
    assert "Skapa export" in client.get("/data/export/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the task runs (eagerly) when the order commits
        response = client.post("/data/export/", {"with_packages": "on"}, follow=True)
    assert str(MSG_EXPORT_QUEUED) in response.content.decode()
    export = KommunExport.objects.get(kommun=lund)
    assert "Klar att ladda ned" in client.get(f"/data/export/{export.uuid}/").content.decode()
    assert export.created_by == user and export.with_packages
    download = client.get(f"/data/export/{export.uuid}/ladda-ned/")
    body = b"".join(download.streaming_content)
    assert download["Content-Disposition"].startswith('attachment; filename="lund-data-')
    assert body == open(export.path, "rb").read()
    with zipfile.ZipFile(io.BytesIO(body)) as zf:
        assert hashlib.sha256(zf.read("manifest.json")).hexdigest() == export.manifest_sha256
    assert AuditEvent.objects.filter(action="kommun_data.export_requested", kommun=lund, actor=user).exists()


def test_the_page_shows_progress_while_it_runs(lund, arkivarie_lund, client_for):
    export = kommun_export_request(kommun=lund, with_packages=False, actor=arkivarie_lund)  # not committed: queued
    KommunExport.objects.filter(pk=export.pk).update(state=KommunExport.State.RUNNING, progress=0.42,
                                                     progress_label="Tabell onboarding.system")  # fmt: skip
    page = client_for(arkivarie_lund, lund).get(f"/data/export/{export.uuid}/", HTTP_HX_REQUEST="true")
    html = page.content.decode()
    assert 'value="42"' in html and "Tabell onboarding.system" in html and 'hx-trigger="every 2s"' in html
    second = client_for(arkivarie_lund, lund).post("/data/export/", follow=True)
    assert str(MSG_EXPORT_RUNNING) in second.content.decode()
    assert KommunExport.objects.filter(kommun=lund).count() == 1


def test_others_get_404(lund, bjuv, arkivarie_lund, kontakt_lund, arkivarie_bjuv, cross_kommun, client_for):
    export = kommun_export_request(kommun=lund, with_packages=False, actor=arkivarie_lund)
    urls = ["/data/export/", f"/data/export/{export.uuid}/", f"/data/export/{export.uuid}/ladda-ned/"]
    cross_kommun.assert_found(lund, urls[0], urls[1])
    cross_kommun.assert_hidden(lund, *urls)
    # The kommun's kontakt may not export; Bjuv's arkivarie cannot reach Lund's export from Bjuv's site either.
    for url in urls:
        assert client_for(kontakt_lund, lund).get(url).status_code == 404
    for url in urls[1:]:
        assert client_for(arkivarie_bjuv, bjuv).get(url).status_code == 404
    assert client_for(kontakt_lund, lund).post("/data/export/").status_code == 404
    assert KommunExport.objects.count() == 1
