"""Systems: role rules, status flow, completeness, audit, and the portfolio index kept in step."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_tenants.utils import tenant_context

from onboarding import services
from onboarding.completeness import completeness
from onboarding.messages import MSG_NOT_COMPLETE, MSG_RETENTION_YEARS_MISSING, MSG_SYSTEM_EXISTS
from onboarding.models import System
from onboarding.portfolio.models import PortfolioEntry
from tenants.models import AuditEvent
from tests.onboarding.fixtures_onboarding import INFO_ROWS, complete_data, make_system

pytestmark = pytest.mark.django_db


def test_saved_system_is_in_portfolio_index_when_save_returns(lund, kontakt_lund):
    with tenant_context(lund):
        system = services.system_create(data=complete_data(), actor=kontakt_lund)
        services.information_types_set(system=system, rows=INFO_ROWS, actor=kontakt_lund)
    entry = PortfolioEntry.objects.get(kommun=lund, system_id=system.pk)
    assert entry.name == "Diariet"
    assert (entry.total_mb, entry.preserved_mb) == (40_000, 30_000)
    assert (entry.total_gb, entry.preserved_share) == (Decimal("40"), Decimal("0.75"))
    assert (entry.confidentiality, entry.integrity, entry.availability) == (2, 2, 1)
    assert entry.completeness == 10


def test_index_row_rolls_back_with_the_system(lund, kontakt_lund):
    with pytest.raises(RuntimeError), tenant_context(lund):
        from django.db import transaction

        with transaction.atomic():
            services.system_create(data=complete_data(name="Rullas tillbaka"), actor=kontakt_lund)
            raise RuntimeError
    assert not PortfolioEntry.objects.filter(name="Rullas tillbaka").exists()


def test_deleted_system_leaves_the_index(lund, arkivarie_lund):
    system = make_system(lund)
    with tenant_context(lund):
        services.system_delete(system=system, actor=arkivarie_lund)
        assert not System.objects.filter(pk=system.pk).exists()
    assert not PortfolioEntry.objects.filter(kommun=lund, system_id=system.pk).exists()


def test_same_name_and_product_twice_is_refused(lund, kontakt_lund):
    make_system(lund)
    with tenant_context(lund), pytest.raises(ValidationError) as exc:
        services.system_create(data=complete_data(name="diariet"), actor=kontakt_lund)
    assert str(MSG_SYSTEM_EXISTS) in exc.value.message_dict["name"]


def test_completeness_lists_what_is_missing(lund, kontakt_lund):
    with tenant_context(lund):
        system = services.system_create(data={"name": "Nytt system"}, actor=kontakt_lund)
        state = completeness(system)
        assert (state.done, state.total) == (0, 10)
        assert "Arkivbildare" in state.missing_labels
        with pytest.raises(ValidationError) as exc:
            services.system_submit(system=system, actor=kontakt_lund)
    assert str(MSG_NOT_COMPLETE).split("%")[0] in exc.value.messages[0]
    assert "Arkivbildare" in exc.value.messages[0]


def test_gallras_needs_years(lund, kontakt_lund):
    system = make_system(lund, complete=False)
    with tenant_context(lund), pytest.raises(ValidationError) as exc:
        services.information_types_set(
            system=system, rows=[{"name": "Loggar", "retention": "gallras"}], actor=kontakt_lund
        )
    assert str(MSG_RETENTION_YEARS_MISSING) in exc.value.message_dict["retention_years"]


def test_status_flow_and_roles(lund, kontakt_lund, arkivarie_lund, forvaltare, ledning):
    system = make_system(lund)
    with tenant_context(lund):
        services.system_submit(system=system, actor=kontakt_lund)
        assert system.status == "inskickad"
        with pytest.raises(PermissionDenied):  # kontakt cannot edit a submitted system
            services.system_update(system=system, data={"version": "7"}, actor=kontakt_lund)
        with pytest.raises(PermissionDenied):
            services.system_mark_ready(system=system, actor=kontakt_lund)
        with pytest.raises(PermissionDenied):
            services.system_update(system=system, data={"version": "7"}, actor=ledning)
        with pytest.raises(PermissionDenied):
            services.system_update(system=system, data={"version": "7"}, actor=forvaltare)
        services.system_request_completion(system=system, comment="Ange volymen för loggarna.", actor=forvaltare)
        assert system.status == "komplettering"
        services.system_update(system=system, data={"version": "7"}, actor=kontakt_lund)
        services.system_submit(system=system, actor=kontakt_lund)
        assert system.completion_requests.get().resolved_at is not None
        services.system_mark_ready(system=system, actor=arkivarie_lund)
    assert PortfolioEntry.objects.get(kommun=lund, system_id=system.pk).status == "klar"
    actions = list(
        AuditEvent.objects.filter(object_type="onboarding.system", object_id=str(system.pk))
        .order_by("at", "id")
        .values_list("action", flat=True)
    )
    assert actions[-5:] == [
        "onboarding.system.submit",
        "onboarding.system.request_completion",
        "onboarding.system.update",
        "onboarding.system.submit",
        "onboarding.system.mark_ready",
    ]


def test_update_without_changes_saves_nothing(lund, kontakt_lund):
    system = make_system(lund)
    before = AuditEvent.objects.count()
    with tenant_context(lund):
        assert not services.system_update(system=system, data=complete_data(), actor=kontakt_lund)
        assert not services.information_types_set(system=system, rows=INFO_ROWS, actor=kontakt_lund)
    assert AuditEvent.objects.count() == before
