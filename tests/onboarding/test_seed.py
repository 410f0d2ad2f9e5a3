"""Demo and scale seeding: realistic, idempotent, and the portfolio index in step."""

import pytest
from django.core.management import call_command
from django.db.models import Count
from django_tenants.utils import tenant_context

from onboarding.demo import seed_demo
from onboarding.models import System
from onboarding.portfolio.models import PortfolioEntry
from tenants.models import Kommun

pytestmark = pytest.mark.django_db


def test_demo_is_realistic_and_idempotent(lund, bjuv, forvaltare):
    result = {"kommuner": [lund, bjuv], "users": [forvaltare]}
    seed_demo(result)
    counts = {k.subdomain: PortfolioEntry.objects.filter(kommun=k).count() for k in (lund, bjuv)}
    assert all(8 <= n <= 15 for n in counts.values())
    seed_demo(result)
    assert {k.subdomain: PortfolioEntry.objects.filter(kommun=k).count() for k in (lund, bjuv)} == counts
    statuses = set(PortfolioEntry.objects.values_list("status", flat=True))
    assert statuses == {"utkast", "inskickad", "komplettering", "klar"}
    shared = PortfolioEntry.objects.values("product").annotate(k=Count("kommun", distinct=True)).filter(k=2)
    assert shared.exists()  # the same product in both kommuner
    with tenant_context(lund):
        assert System.objects.filter(first_choice=True).count() == 1


def test_seed_scale_small(lund):
    call_command("seed_scale", "--kommuner", "3", "--systems-per-kommun", "20", stdout=None)
    kommuner = Kommun.objects.filter(kommunkod__in=["0114", "0115", "0117"])
    assert kommuner.count() == 3
    assert PortfolioEntry.objects.filter(kommun__in=kommuner).count() == 60
    call_command("seed_scale", "--kommuner", "3", "--systems-per-kommun", "20")
    assert PortfolioEntry.objects.filter(kommun__in=kommuner).count() == 60
    with tenant_context(kommuner[0]):
        assert System.objects.count() == 20
