"""With a real Celery worker: the weekly digest fans out one task per kommun, each running in its kommun's
schema, and each kommun's people get that kommun's digest once (the worker's mail goes to its console; the
digests it records are read back here)."""

import time

import pytest
from django.apps import apps
from django.test import TestCase

from onboarding.news import tasks
from onboarding.news.models import DigestSent
from tests.celery_worker import worker_for
from tests.news.fixtures_news import make_item

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True, available_apps=[app.name for app in apps.get_app_configs()]),
]

TASKS = ("onboarding.news.tasks.weekly_digest_kommun",)


def test_the_weekly_digest_runs_once_per_kommun_in_a_real_worker(
    django_db_setup, tmp_path, forvaltare, lund, bjuv, kontakt_lund, arkivarie_lund, kontakt_bjuv, arkivarie_bjuv
):
    with TestCase.captureOnCommitCallbacks(execute=False):  # no "e-mail now" tasks: nobody chose it
        make_item(forvaltare, title="Bara till Bjuv", to=[bjuv])
        make_item(forvaltare, title="Till alla")
    with worker_for(tmp_path, *TASKS) as worker:
        # The fan-out is what beat runs (in public); it is run here, so the per-kommun tasks it sends take this
        # test's route to the worker (a worker's own sends would go to the default queue, which none consumes).
        tasks.weekly_digests.apply()
        tasks.weekly_digests.apply()  # beat fires twice: each person still gets one digest
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and DigestSent.objects.count() < 4:
            worker.check()
            time.sleep(0.3)
        time.sleep(2)  # the second fan-out's tasks, which must send nothing more
        output = worker.output()
    sent = sorted(DigestSent.objects.values_list("kommun__subdomain", "user__email", "items"))
    # Each kommun's task ran in its own schema: Lund's people got the one item to all, Bjuv's both; once each.
    assert sent == sorted(
        [
            ("bjuv", kontakt_bjuv.email, 2),
            ("bjuv", arkivarie_bjuv.email, 2),
            ("lund", kontakt_lund.email, 1),
            ("lund", arkivarie_lund.email, 1),
        ]
    ), output
