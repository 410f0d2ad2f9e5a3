"""A delivery's validation findings in the reader's language; a report stored before codes still reads."""

import html as html_lib
import json

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from onboarding.deliveries.models import Delivery
from onboarding.deliveries_index.phases import Phase
from onboarding.validation.messages import MESSAGES, msg

from .conftest import new_connection, upload

pytestmark = pytest.mark.django_db

SWEDISH_FINDING_WORDS = ("Kontrollsumman", "stämmer inte", "METS-filen anger", "(rad ")


def _english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})


def _validated(client, lund, path, capture) -> str:
    conn = new_connection(lund, phase=Phase.TEST_DELIVERY)
    with capture(execute=True):
        response = client.post(f"/anslutningar/{conn.pk}/leveranser/", {"file": upload(path)})
    return response["Location"]


def test_an_english_reader_reads_the_findings_in_english(
    lund, arkivarie_lund, broken_sip_zip, client_for, django_capture_on_commit_callbacks
):
    client = client_for(arkivarie_lund, lund)
    url = _validated(client, lund, broken_sip_zip, django_capture_on_commit_callbacks)
    _english(client)
    page = html_lib.unescape(client.get(url).content.decode())
    assert "FILE-CHECKSUM" in page and "does not match the METS file. The file may be damaged or changed." in page
    for word in SWEDISH_FINDING_WORDS:
        assert word not in page, word
    data = json.loads(client.get(url + "rapport.json").content)
    checksum = next(f for f in data["findings"] if f["requirement_id"] == "FILE-CHECKSUM")
    assert checksum["key"] == "FILE_CHECKSUM_MISMATCH" and checksum["params"]["algo"] == "SHA-256"
    assert checksum["message"].startswith("Kontrollsumman (SHA-256)")  # the validator's own Swedish text stays
    assert checksum["text"].startswith("The checksum (SHA-256) of the file")


def test_a_swedish_reader_reads_the_same_findings_in_swedish(
    lund, arkivarie_lund, broken_sip_zip, client_for, django_capture_on_commit_callbacks
):
    client = client_for(arkivarie_lund, lund)
    url = _validated(client, lund, broken_sip_zip, django_capture_on_commit_callbacks)
    page = html_lib.unescape(client.get(url).content.decode())
    assert "stämmer inte med METS-filen. Filen kan vara skadad eller ändrad." in page
    assert "does not match" not in page and "(line " not in page


def _old_report_delivery(lund) -> Delivery:
    """A delivery validated before the findings kept their key: only the Swedish message is stored."""
    conn = new_connection(lund, phase=Phase.TEST_DELIVERY)
    findings = [
        {"requirement_id": "FILE-UNDESCRIBED", "severity": "warning", "location": "representations/rep1/data/x.txt",
         "message": msg("FILE_UNDESCRIBED", path="representations/rep1/data/x.txt")},
        {"requirement_id": "METS-XSD", "severity": "error", "location": "METS.xml: rad 12",
         "message": msg("XSD_ERROR", detail="Element 'mets': Missing child element(s).")},
        {"requirement_id": "CSIP1", "severity": "error", "location": "", "message": "En text som ingen mall har"},
    ]  # fmt: skip
    with tenant_context(lund):
        return Delivery.objects.create(
            connection=conn,
            kind="test",
            original_name="gammal.zip",
            size=10,
            state=Delivery.State.INVALID,
            errors=2,
            warnings=1,
            report={"package": "gammal.zip", "findings": findings, "summary": {"valid": False}},
            validated_at=timezone.now(),
        )


def test_a_report_stored_before_codes_is_shown_in_english_where_its_text_is_known(lund, kontakt_lund, client_for):
    delivery = _old_report_delivery(lund)
    client = client_for(kontakt_lund, lund)
    swedish = html_lib.unescape(client.get(f"/leveranser/{delivery.pk}/").content.decode())
    assert msg("FILE_UNDESCRIBED", path="representations/rep1/data/x.txt") in swedish
    assert "METS.xml: rad 12" in swedish and "En text som ingen mall har" in swedish
    _english(client)
    english = html_lib.unescape(client.get(f"/leveranser/{delivery.pk}/").content.decode())
    assert (
        "The file representations/rep1/data/x.txt is in the package but is not described in any METS file." in english
    )
    assert "The METS file does not follow the XML schema: Element 'mets': Missing child element(s)." in english
    assert "METS.xml: line 12" in english
    assert "En text som ingen mall har" in english  # no template fits: shown as it was stored
    assert MESSAGES["FILE_UNDESCRIBED"].split("{")[0] not in english and "finns i paketet" not in english


def test_another_kommuns_people_do_not_see_the_findings(lund, cross_kommun):
    delivery = _old_report_delivery(lund)
    url = f"/leveranser/{delivery.pk}/"
    cross_kommun.assert_found(lund, url, url + "rapport.json")
    cross_kommun.assert_hidden(lund, url, url + "rapport.json")


@pytest.mark.parametrize(
    ("stored", "english"),
    [
        ("Läser METS-filerna", "Reading the METS files"),
        (
            "Skannar efter skadlig kod: 1\u00a0200 av 3\u00a0400 filer",
            "Scanning for malicious code: 1\u00a0200 of 3\u00a0400 files",
        ),
        ("Ett steg som en äldre version skrev", "Ett steg som en äldre version skrev"),  # unknown: shown as stored
    ],
)
def test_a_validation_under_way_tells_its_step_in_the_readers_language(lund, kontakt_lund, client_for, stored, english):
    conn = new_connection(lund, phase=Phase.TEST_DELIVERY)
    with tenant_context(lund):
        delivery = Delivery.objects.create(
            connection=conn, kind="test", original_name="paket.zip", size=10, state=Delivery.State.VALIDATING,
            progress=0.4, progress_label=stored,
        )  # fmt: skip
    client = client_for(kontakt_lund, lund)
    assert stored in html_lib.unescape(client.get(f"/leveranser/{delivery.pk}/").content.decode())
    _english(client)
    page = html_lib.unescape(client.get(f"/leveranser/{delivery.pk}/").content.decode())
    assert english in page
    if english != stored:
        assert stored not in page
