"""Two plans built at the same moment get two numbers (two real connections, committed data)."""

import threading

from django.db import transaction

from onboarding.planning import services
from onboarding.planning.models import PlanVersion
from tests.concurrency import Worker, waiting_for_a_lock
from tests.e2e.helpers import committed_db

pytestmark = committed_db


def test_two_plans_built_at_once_get_consecutive_numbers(lund, bjuv, entry, plan_inputs, forvaltare):
    entry(lund, 1, "Diariet", "W3D3")
    entry(bjuv, 1, "Procapita Bjuv", "Procapita")
    built, release = threading.Event(), threading.Event()

    def first():
        with transaction.atomic():
            plan = services.plan_build(title="Först", actor=forvaltare)
            built.set()
            assert release.wait(20)  # the transaction stays open: its number is not committed yet
        return plan.number

    def second():
        return services.plan_build(title="Samtidigt", actor=forvaltare).number

    one = Worker(first)
    one.start()
    assert built.wait(60)
    two = Worker(second)
    two.start()
    waiting_for_a_lock(two, timeout=60)
    release.set()
    first_number, first_error = one.outcome(60)
    second_number, second_error = two.outcome(60)
    assert (first_error, second_error) == (None, None)
    assert second_number == first_number + 1
    assert sorted(PlanVersion.objects.values_list("title", "number")) == [
        ("Först", first_number),
        ("Samtidigt", first_number + 1),
    ]
