"""A cost line cannot be edited into a model that is being fixed (two real connections, committed data)."""

import threading
from decimal import Decimal

import pytest
from django.db import transaction

from billing.models import AllocationRow, CostLine, CostModel, LockedError
from billing.services import costs
from tests.concurrency import Worker, waiting_for_a_lock
from tests.e2e.helpers import committed_db

pytestmark = committed_db


@pytest.fixture
def draft(forvaltare, lund, bjuv, parties):
    model = costs.cost_model_create(year=2024, name="Budget 2024", actor=forvaltare)
    line = costs.cost_line_create(
        model=model, actor=forvaltare, category="staff", label="Personal", key="equal", amount=Decimal("1000.00")
    )
    return model, line


def fix_and_hold(model, actor, fixed: threading.Event, release: threading.Event):
    """Fix the model in a transaction that stays open (the lock held) until `release`."""

    def run():
        with transaction.atomic():
            costs.cost_model_fix(model=CostModel.objects.get(pk=model.pk), actor=actor)
            fixed.set()
            assert release.wait(20)

    return Worker(run)


@pytest.mark.parametrize("edit", ["update", "create", "delete"])
def test_a_line_edit_waits_for_a_fix_under_way_and_is_then_refused(draft, forvaltare, edit):
    model, line = draft
    fixed, release = threading.Event(), threading.Event()
    fixer = fix_and_hold(model, forvaltare, fixed, release)
    fixer.start()
    assert fixed.wait(20)

    def change():
        stale = CostLine.objects.get(pk=line.pk)  # loaded as any view would, before the fix is committed
        if edit == "update":
            return costs.cost_line_update(line=stale, actor=forvaltare, amount=Decimal("999999.00"))
        if edit == "create":
            return costs.cost_line_create(
                model=stale.model, actor=forvaltare, category="staff", label="Sen rad", key="equal", amount=Decimal(1)
            )
        return costs.cost_line_delete(line=stale, actor=forvaltare)

    editor = Worker(change)
    editor.start()
    waited = waiting_for_a_lock(editor)
    release.set()
    assert fixer.outcome() == (None, None)
    _result, error = editor.outcome()
    assert waited, "the edit went ahead while the model was being fixed"
    assert isinstance(error, LockedError)
    model.refresh_from_db()
    assert model.state == CostModel.State.FIXED
    lines = list(CostLine.objects.filter(model=model))
    assert [(x.label, x.amount) for x in lines] == [("Personal", Decimal("1000.00"))]
    allocated = sum(r.amount for r in AllocationRow.objects.filter(model=model))
    assert allocated == Decimal("1000.00")  # what was fixed is what the lines say
