"""Sessions end 8 hours after sign-in and after 60 minutes without a request (settings); tested by moving the
session's clocks back, never by waiting."""

import time

import pytest
from django.contrib.messages import get_messages

from tenants.models import AuditEvent
from tenants.people.messages import MSG_SESSION_ENDED_IDLE, MSG_SESSION_ENDED_MAX
from tenants.people.middleware import ACTIVE_KEY, STARTED_KEY
from tests.people.helpers import signed_in


def move_clocks(client, *, started_ago: float, active_ago: float) -> None:
    session = client.session
    now = time.time()
    session[STARTED_KEY] = now - started_ago
    session[ACTIVE_KEY] = now - active_ago
    session.save()


def test_a_fresh_session_keeps_working_and_counts_activity(client_for, lund, kontakt_lund):
    client = client_for(kontakt_lund, lund)
    move_clocks(client, started_ago=7 * 3600, active_ago=59 * 60)
    assert client.get("/").status_code == 200
    assert time.time() - client.session[ACTIVE_KEY] < 5  # the request counted as activity
    assert client.get("/").status_code == 200


def test_sixty_minutes_without_a_request_end_the_session(client_for, lund, kontakt_lund):
    client = client_for(kontakt_lund, lund)
    move_clocks(client, started_ago=2 * 3600, active_ago=61 * 60)
    response = client.get("/system/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/?next=/system/"
    assert not signed_in(client)
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert str(MSG_SESSION_ENDED_IDLE % {"minutes": "60"}) in shown
    event = AuditEvent.objects.filter(action="auth.logout", actor=kontakt_lund).latest("id")
    assert event.details["reason"] == "idle" and event.kommun == lund


def test_eight_hours_end_the_session_however_active(client_for, lund, kontakt_lund):
    client = client_for(kontakt_lund, lund)
    move_clocks(client, started_ago=8 * 3600 + 60, active_ago=10)
    response = client.get("/")
    assert response.status_code == 302 and not signed_in(client)
    assert str(MSG_SESSION_ENDED_MAX % {"hours": "8"}) in [str(m) for m in get_messages(response.wsgi_request)]
    assert AuditEvent.objects.filter(action="auth.logout", actor=kontakt_lund).latest("id").details["reason"] == "max"


@pytest.mark.parametrize(("setting", "value", "started_ago", "active_ago"), [
    ("PLATFORM_SESSION_IDLE_MINUTES", 5, 60, 6 * 60),
    ("PLATFORM_SESSION_MAX_HOURS", 1, 3601, 1),
])  # fmt: skip
def test_the_limits_are_settings(settings, client_for, lund, kontakt_lund, setting, value, started_ago, active_ago):
    client = client_for(kontakt_lund, lund)
    move_clocks(client, started_ago=started_ago, active_ago=active_ago)
    assert client.get("/").status_code == 200  # within the default limits
    move_clocks(client, started_ago=started_ago, active_ago=active_ago)
    setattr(settings, setting, value)
    assert client.get("/").status_code == 302 and not signed_in(client)
