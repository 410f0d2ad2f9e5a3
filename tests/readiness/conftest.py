"""Readiness fixtures: a published checklist (two actions the kommun marks, the six the platform ticks)."""

from datetime import date

import pytest

from onboarding.readiness import services
from onboarding.readiness.models import PlatformCheck
from tests import world
from tests.integration.conftest import demo_result, folders  # noqa: F401 - the demo's fixtures, for test_demo

ITEMS = [
    ("styrning", "Förankra anslutningen i ledningen", "organisation", "ledning", 200, ""),
    ("ihp", "Kontrollera informationshanteringsplanerna", "information", "arkivarie", 100, ""),
    ("arkivarie", "Utse en arkivarie", "organisation", "ledning", 240, PlatformCheck.ARKIVARIE_APPOINTED),
    ("inventering", "Skicka in systeminventeringen", "inventering", "kontakt", 180, PlatformCheck.INVENTORY_SUBMITTED),
    ("krt", "Klassa informationen", "information", "systemagare", 150, PlatformCheck.CLASSIFIED),
    ("forslag", "Lämna förslaget", "inventering", "arkivarie", 120, PlatformCheck.PROPOSAL_MADE),
    (
        "overenskommelse",
        "Godkänn överenskommelsen",
        "overenskommelse",
        "arkivarie",
        60,
        PlatformCheck.AGREEMENT_APPROVED,
    ),
    ("testleverans", "Gör en testleverans", "leverans", "systemagare", 20, PlatformCheck.TEST_DELIVERY_VALID),
]


def publish_checklist(items=ITEMS, note="Version från workshoppen"):
    actor = world.ensure_user("forvaltare")
    draft = services.checklist_draft_create(actor=actor)
    for key, title, category, responsible, days, check in items:
        services.checklist_item_add(
            version=draft, actor=actor, key=key, title=title, why=f"Därför: {title.lower()}.", category=category,
            responsible=responsible, days_before=days, platform_check=check,
        )  # fmt: skip
    return services.checklist_publish(version=draft, note=note, actor=actor)


@pytest.fixture
def checklist(db, forvaltare):
    return publish_checklist()


@pytest.fixture
def first_connection_lund(lund, forvaltare):
    """Lund's first connection a year ahead of 2026-06-01 (the tests' 'today'): 'styrning' is due 2026-11-12."""
    return services.kommun_plan_set(kommun=lund, first_connection=date(2027, 6, 1), actor=forvaltare)
