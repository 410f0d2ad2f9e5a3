"""A draft cost model's bases come from the platform: connected systems, archived GB and deliveries of the year."""

from decimal import Decimal

import pytest
from django.utils import timezone

from billing.messages import MSG_BASES_FROM_PLATFORM
from billing.models import CostModel, LockedError
from billing.services import costs
from onboarding.deliveries_index.models import HandOver
from tenants.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_bases_are_fetched_from_the_platform(demo, lund, bjuv, consortium, forvaltare, ledning, client_for):
    year = timezone.localdate().year
    handover = HandOver.objects.get()
    model = costs.cost_model_create(year=year, name="Kostnadsmodell", actor=forvaltare)
    earlier = costs.cost_model_create(year=year - 1, name="Förra året", actor=forvaltare)
    client = client_for(forvaltare, consortium)
    page = client.get(f"/kostnader/{model.pk}/underlag/").content.decode()
    assert "Hämta från plattformen" in page

    response = client.post(f"/kostnader/{model.pk}/underlag/fran-plattformen/", {"from_platform": "1"})
    assert response.status_code == 302 and response["Location"] == f"/kostnader/{model.pk}/underlag/"
    bases = {b.kommun.subdomain: b for b in model.bases.select_related("kommun")}
    expected_gb = (Decimal(handover.bytes) / Decimal(10**9)).quantize(Decimal("0.001"))
    assert (bases["lund"].systems, bases["lund"].gb, bases["lund"].deliveries) == (1, expected_gb, 1)
    assert (bases["bjuv"].systems, bases["bjuv"].gb, bases["bjuv"].deliveries) == (0, Decimal("0"), 0)
    changed = str(MSG_BASES_FROM_PLATFORM % {"n": 1})  # Lund's counts changed, Bjuv's stayed at nothing
    assert changed in client.get(f"/kostnader/{model.pk}/underlag/").content.decode()
    assert AuditEvent.objects.filter(action="billing.costbase.refresh_from_platform").count() == 1

    costs.cost_bases_refresh_from_platform(model=earlier, actor=forvaltare)
    lund_earlier = earlier.bases.get(kommun=lund)
    assert (lund_earlier.systems, lund_earlier.deliveries) == (1, 0)  # connected, but nothing confirmed that year

    refused = client_for(ledning, consortium).post(
        f"/kostnader/{model.pk}/underlag/fran-plattformen/", {"from_platform": "1"}
    )
    assert refused.status_code == 404
    costs.cost_line_create(
        model=earlier,
        actor=forvaltare,
        category="licences",
        label="Licenser",
        key="equal",
        amount=Decimal("1000.00"),
        vat_category="S",
        vat_rate=Decimal("25"),
        exemption_reason="",
    )
    costs.cost_model_fix(model=earlier, actor=forvaltare)
    earlier = CostModel.objects.get(pk=earlier.pk)
    with pytest.raises(LockedError):
        costs.cost_bases_refresh_from_platform(model=earlier, actor=forvaltare)
    assert earlier.bases.get(kommun=lund).systems == 1
