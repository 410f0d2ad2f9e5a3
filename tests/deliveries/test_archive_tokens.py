"""API tokens of archive backends: expiry, rotation (two valid during a switch), revocation, last use, audit;
the command and the förvaltning's page."""

import io
import json
import re
import uuid
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from onboarding.deliveries_index.models import ArchiveBackend, ArchiveToken
from onboarding.deliveries_index.services import archive_backend_create, archive_token_revoke, archive_token_rotate
from tenants.models import AuditEvent

pytestmark = pytest.mark.django_db

PAGE = "/arkivbackends/"


def api_status(client, secret: str) -> int:
    """The API's answer to a confirmation of an unknown hand-over: 404 with a good token, 401 without one."""
    return client.post(
        f"/api/v1/overlamningar/{uuid.uuid4()}/bekraftelse",
        data=json.dumps({"archive_id": "AIP-1"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    ).status_code


@pytest.fixture
def api(client_for, consortium):
    return client_for(None, consortium)


def test_a_new_token_works_and_its_last_use_is_recorded(api, forvaltare):
    backend, secret = archive_backend_create(name="E-arkivet", actor=forvaltare)
    token = backend.tokens.get()
    assert token.last_used_at is None and secret.startswith(token.prefix) and token.token_hash != secret
    assert token.expires_at - timezone.now() > timedelta(days=364)
    assert api_status(api, secret) == 404
    token.refresh_from_db()
    backend.refresh_from_db()
    assert token.last_used_at is not None and backend.last_used_at == token.last_used_at
    assert api_status(api, secret + "x") == 401


def test_an_expired_token_is_refused(api, forvaltare):
    backend, secret = archive_backend_create(name="E-arkivet", actor=forvaltare, days=30)
    ArchiveToken.objects.filter(backend=backend).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert api_status(api, secret) == 401


def test_rotation_keeps_both_tokens_valid_during_the_switch_and_never_more_than_two(api, forvaltare):
    backend, first = archive_backend_create(name="E-arkivet", actor=forvaltare)
    _token, second = archive_token_rotate(backend=backend, actor=forvaltare, overlap_days=7)
    assert (api_status(api, first), api_status(api, second)) == (404, 404)  # both work during the switch
    old = ArchiveToken.objects.get(backend=backend, prefix=first[:8])
    assert timedelta(days=6) < old.expires_at - timezone.now() <= timedelta(days=7)
    _token, third = archive_token_rotate(backend=backend, actor=forvaltare, overlap_days=7)
    assert api_status(api, first) == 401  # the oldest is revoked: at most two valid at once
    assert (api_status(api, second), api_status(api, third)) == (404, 404)
    assert ArchiveToken.objects.valid().filter(backend=backend).count() == 2
    ArchiveToken.objects.filter(backend=backend, prefix=second[:8]).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )  # the switch is over
    assert (api_status(api, second), api_status(api, third)) == (401, 404)


def test_rotation_without_overlap_closes_the_old_token_at_once(api, forvaltare):
    backend, first = archive_backend_create(name="E-arkivet", actor=forvaltare)
    _token, second = archive_token_rotate(backend=backend, actor=forvaltare, overlap_days=0)
    assert (api_status(api, first), api_status(api, second)) == (401, 404)


def test_a_revoked_token_is_refused_and_every_change_is_audited(api, forvaltare):
    backend, first = archive_backend_create(name="E-arkivet", actor=forvaltare)
    token, second = archive_token_rotate(backend=backend, actor=forvaltare)
    archive_token_revoke(token=token, actor=forvaltare)
    assert (api_status(api, first), api_status(api, second)) == (404, 401)
    actions = list(
        AuditEvent.objects.filter(action__startswith="deliveries.archive_")
        .order_by("id")
        .values_list("action", "actor")
    )
    assert actions == [
        ("deliveries.archive_backend.create", forvaltare.pk),
        ("deliveries.archive_token.create", forvaltare.pk),
        ("deliveries.archive_token.rotate", forvaltare.pk),
        ("deliveries.archive_token.revoke", forvaltare.pk),
    ]
    revoked = AuditEvent.objects.get(action="deliveries.archive_token.revoke")
    assert revoked.details["prefix"] == second[:8] and revoked.details["backend"] == "E-arkivet"
    assert second not in json.dumps(list(AuditEvent.objects.values_list("details", flat=True)))  # never the secret


def test_the_command_keeps_its_interface_and_can_rotate(api):
    out = io.StringIO()
    call_command("archive_backend_create", "Arkivet test", stdout=out)
    name, secret = out.getvalue().strip().split(": ")
    assert name == "Arkivet test" and api_status(api, secret) == 404
    out = io.StringIO()
    call_command(
        "archive_backend_create", "Arkivet test", "--rotate", "--overlap-days", "1", "--days", "90", stdout=out
    )
    _name, newer = out.getvalue().strip().split(": ")
    assert (api_status(api, secret), api_status(api, newer)) == (404, 404)
    assert ArchiveToken.objects.get(prefix=newer[:8]).expires_at - timezone.now() <= timedelta(days=90)
    with pytest.raises(CommandError, match="dagar"):
        call_command("archive_backend_create", "Ett till", "--days", "0", stdout=io.StringIO())
    assert not ArchiveBackend.objects.filter(name="Ett till").exists()
    with pytest.raises(CommandError, match="Ingen arkivbackend"):
        call_command("archive_backend_create", "Finns inte", "--rotate", stdout=io.StringIO())


def secret_on(page: str) -> str:
    match = re.search(r'id="new-token" type="text" readonly value="([^"]+)"', page)
    assert match, "the new token is shown"
    return match.group(1)


def test_forvaltning_creates_rotates_and_revokes_on_the_page(client_for, consortium, forvaltare, api):
    client = client_for(forvaltare, consortium)
    assert "Ingen arkivbackend är registrerad." in client.get(PAGE).content.decode()
    response = client.post(PAGE, {"name": "E-arkivet prod", "days": "200"})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    first = secret_on(response.content.decode())
    assert api_status(api, first) == 404
    page = client.get(PAGE).content.decode()
    assert first not in page and f"{first[:8]}…" in page and "Giltig" in page  # shown once, then only its start
    backend = ArchiveBackend.objects.get(name="E-arkivet prod")
    response = client.post(
        f"/arkivbackends/{backend.pk}/ny-nyckel/", {f"b{backend.pk}-days": "365", f"b{backend.pk}-overlap_days": "3"}
    )
    second = secret_on(response.content.decode())
    assert (api_status(api, first), api_status(api, second)) == (404, 404)
    old = ArchiveToken.objects.get(prefix=first[:8])
    response = client.post(f"/arkivbackends/nycklar/{old.pk}/aterkalla/")
    assert response.status_code == 302 and response["Location"] == PAGE
    page = client.get(PAGE).content.decode()
    assert f"Nyckeln {first[:8]}… för E-arkivet prod är återkallad." in page and "Återkallad" in page
    assert (api_status(api, first), api_status(api, second)) == (401, 404)
    assert "senast använd" in page.lower()


def test_bad_input_changes_nothing_and_says_why(client_for, consortium, forvaltare):
    client = client_for(forvaltare, consortium)
    response = client.post(PAGE, {"name": "", "days": "0"})
    assert response.status_code == 422 and not ArchiveBackend.objects.exists()
    archive_backend_create(name="E-arkivet", actor=forvaltare)
    response = client.post(PAGE, {"name": "E-arkivet", "days": "30"})
    assert response.status_code == 422 and ArchiveBackend.objects.count() == 1
    assert "finns redan" in response.content.decode()
    backend = ArchiveBackend.objects.get()
    response = client.post(
        f"/arkivbackends/{backend.pk}/ny-nyckel/", {f"b{backend.pk}-days": "30", f"b{backend.pk}-overlap_days": "500"}
    )
    assert response.status_code == 422 and backend.tokens.count() == 1


def test_only_the_forvaltning_may_open_or_change_it(client_for, consortium, lund, forvaltare, cross_kommun):
    backend, secret = archive_backend_create(name="E-arkivet", actor=forvaltare)
    token = backend.tokens.get()
    urls = [PAGE, f"/arkivbackends/{backend.pk}/ny-nyckel/", f"/arkivbackends/nycklar/{token.pk}/aterkalla/"]
    cross_kommun.assert_found(consortium, PAGE)
    # Every kommun person, and ledning too (the förvaltning's page): 404, GET and POST.
    cross_kommun.assert_hidden(consortium, *urls, data={"name": "X", "days": "10"})
    cross_kommun.assert_hidden(consortium, *urls, users=["ledning"], data={"name": "X", "days": "10"})
    anonymous = client_for(None, consortium).get(PAGE)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert client_for(forvaltare, lund).get(PAGE).status_code == 404  # not a page of a kommun's site
    assert backend.tokens.get().revoked_at is None and ArchiveBackend.objects.count() == 1


def test_page_queries_do_not_grow_with_backends(client_for, consortium, forvaltare, django_assert_max_num_queries):
    client = client_for(forvaltare, consortium)
    archive_backend_create(name="Ett", actor=forvaltare)
    with django_assert_max_num_queries(12) as few:
        client.get(PAGE)
    for n in range(5):
        backend, _secret = archive_backend_create(name=f"Backend {n}", actor=forvaltare)
        archive_token_rotate(backend=backend, actor=forvaltare)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "Backend 4" in client.get(PAGE).content.decode()
