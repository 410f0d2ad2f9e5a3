"""The wizard's journeys made easier (issue 12): an error summary that names and links the fields, the review
step showing what will be submitted, a second information type without saving, K/R/T levels with their meaning."""

import re

import pytest
from django_tenants.utils import tenant_context

from onboarding.models import System
from tests.onboarding.fixtures_onboarding import make_system

pytestmark = pytest.mark.django_db


def test_the_error_summary_names_each_field_and_links_to_it(lund, kontakt_lund, client_for):
    system = make_system(lund)
    page = (
        client_for(kontakt_lund, lund)
        .post(
            f"/system/{system.pk}/steg/kontakter/",
            {"owner_email": "olle(at)lund", "manager_email": "inte en adress", "action": "save"},
        )
        .content.decode()
    )
    summary = re.search(r'<div [^>]*id="error-summary".*?</div>', page, re.S).group(0)
    assert 'tabindex="-1"' in summary and "autofocus" in summary and "(2 fel)" in summary
    assert re.search(r'<a href="#id_owner_email">Systemägare, e-post: [^<]+</a>', summary)
    assert re.search(r'<a href="#id_manager_email">Systemförvaltare, e-post: [^<]+</a>', summary)


def test_a_formset_row_error_is_named_by_its_row(lund, kontakt_lund, client_for):
    system = make_system(lund)
    data = {"info-TOTAL_FORMS": "1", "info-INITIAL_FORMS": "0", "info-0-name": "Ärenden", "info-0-retention": "bevaras"}
    data.update({"info-0-period_from": "2010", "info-0-period_to": "2005", "action": "save"})
    page = client_for(kontakt_lund, lund).post(f"/system/{system.pk}/steg/information/", data).content.decode()
    assert '<a href="#id_info-0-period_to">Informationstyp 1: Till år: ' in page


def test_a_second_information_type_is_added_without_saving(lund, kontakt_lund, client_for):
    system = make_system(lund, complete=False)
    data = {"info-TOTAL_FORMS": "1", "info-INITIAL_FORMS": "0", "info-0-name": "Ärenden", "info-0-retention": "gallras"}
    data.update({"info-0-period_from": "2010", "info-0-period_to": "2005", "action": "add"})
    response = client_for(kontakt_lund, lund).post(f"/system/{system.pk}/steg/information/", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="info-TOTAL_FORMS" value="2"' in page
    assert 'name="info-0-name" value="Ärenden"' in page and 'value="2005"' in page  # what was typed stays
    assert re.search(r'<input[^>]*name="info-1-name"[^>]*autofocus', page)  # the new row has the focus
    assert 'id="error-summary"' not in page  # nothing is checked yet
    with tenant_context(lund):
        assert not System.objects.get(pk=system.pk).information_types.exists()


def test_classification_levels_show_their_meaning(lund, kontakt_lund, client_for):
    system = make_system(lund)
    page = client_for(kontakt_lund, lund).get(f"/system/{system.pk}/steg/klassning/").content.decode()
    select = re.search(r'<select name="confidentiality".*?</select>', page, re.S).group(0)
    assert re.search(r'<option value="2"( selected)?>2 – Betydande</option>', select)
    assert "---------" not in select and "Inte bedömd ännu" in select


def test_the_review_step_shows_what_will_be_submitted(lund, kontakt_lund, client_for):
    system = make_system(lund, complete=False, name="Diariet", records_creator="Kommunstyrelsen")
    with tenant_context(lund):
        system.information_types.create(name="Ärendeakter", retention="bevaras")
    page = client_for(kontakt_lund, lund).get(f"/system/{system.pk}/steg/granska/").content.decode()
    assert "Kommunstyrelsen" in page and "Ärendeakter" in page and "Informationsklassning" in page
