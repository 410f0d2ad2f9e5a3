"""A kommun's people: who sees them, role changes, removal, deactivation and the reset of a lost factor. Every
change is audited and takes effect on the person's next request (tested with a real second session)."""

from allauth.mfa.models import Authenticator

from tenants.models import AuditEvent, Membership, Role
from tenants.people.messages import MSG_NOT_YOURSELF, MSG_ROLE_NOT_ALLOWED
from tests.people.helpers import full_login, password_login, signed_in


def test_the_arkivarie_and_the_forvaltning_see_the_people_roles_and_last_sign_in(
    lund, arkivarie_lund, kontakt_lund, forvaltare, client_for
):
    full_login(lund, kontakt_lund)  # a real sign-in sets the last sign-in
    kontakt_lund.refresh_from_db()
    for who in (arkivarie_lund, forvaltare):
        page = client_for(who, lund).get("/personer/").content.decode()
        assert "Karin Kontakt" in page and "Arvid Arkivarie" in page
        assert "Kontakt" in page and "Arkivarie" in page
        assert kontakt_lund.last_login.astimezone().strftime("%Y-%m-%d %H:%M") in page
        assert "Kim Kontakt" not in page  # Bjuv's person is not Lund's


def test_people_pages_are_hidden_from_kontakt_and_other_kommuner(lund, bjuv, kontakt_lund, kontakt_bjuv, cross_kommun):
    urls = ["/personer/", f"/personer/{kontakt_lund.pk}/", "/handelselogg/", "/handelselogg/export.csv"]
    cross_kommun.assert_found(lund, *urls)
    cross_kommun.assert_hidden(lund, *urls, methods=("get",))
    cross_kommun.assert_hidden(lund, *urls, users=["kontakt_lund"], anonymous=False, methods=("get",))
    posts = [f"/personer/{kontakt_lund.pk}/{action}/" for action in ("roll", "ta-bort")]
    cross_kommun.assert_hidden(lund, *posts, methods=("post",), data={"role": "arkivarie"})
    # Bjuv's person does not exist on Lund's site, even for Lund's arkivarie.
    cross_kommun.assert_hidden(
        lund, f"/personer/{kontakt_bjuv.pk}/", users=["arkivarie_lund"], anonymous=False, methods=("get",)
    )
    assert Membership.objects.get(user=kontakt_lund, kommun=lund).role == Role.KONTAKT


def test_only_the_forvaltning_deactivates_and_resets_factors(lund, kontakt_lund, cross_kommun):
    urls = [f"/personer/{kontakt_lund.pk}/stang-av/", f"/personer/{kontakt_lund.pk}/aterstall-tvastegsverifiering/"]
    cross_kommun.assert_hidden(lund, *urls, users=["arkivarie_lund", "kontakt_lund", "ledning"], methods=("post",))
    kontakt_lund.refresh_from_db()
    assert kontakt_lund.is_active and Authenticator.objects.filter(user=kontakt_lund).exists()


def test_the_arkivarie_changes_a_role_audited_and_effective_at_once(lund, arkivarie_lund, kontakt_lund, client_for):
    theirs = full_login(lund, kontakt_lund)
    assert "Skicka inbjudan" not in theirs.get("/").content.decode()
    response = client_for(arkivarie_lund, lund).post(f"/personer/{kontakt_lund.pk}/roll/", {"role": "arkivarie"})
    assert response.status_code == 302
    assert Membership.objects.get(user=kontakt_lund, kommun=lund).role == Role.ARKIVARIE
    event = AuditEvent.objects.filter(action="membership.set_role").latest("id")
    assert event.actor == arkivarie_lund and event.kommun == lund and event.details["previous"] == "kontakt"
    assert "Skicka inbjudan" in theirs.get("/").content.decode()  # the person's next request has the new role


def test_a_wrong_role_is_refused_in_swedish_and_changes_nothing(lund, arkivarie_lund, kontakt_lund, client_for):
    client = client_for(arkivarie_lund, lund)
    before = AuditEvent.objects.count()
    response = client.post(f"/personer/{kontakt_lund.pk}/roll/", {"role": "forvaltning"})
    assert response.status_code == 422 and str(MSG_ROLE_NOT_ALLOWED) in response.content.decode()
    assert Membership.objects.get(user=kontakt_lund, kommun=lund).role == Role.KONTAKT
    assert AuditEvent.objects.count() == before


def test_nobody_changes_their_own_role(lund, arkivarie_lund, client_for):
    client = client_for(arkivarie_lund, lund)
    response = client.post(f"/personer/{arkivarie_lund.pk}/ta-bort/", follow=True)
    assert str(MSG_NOT_YOURSELF) in response.content.decode()
    assert Membership.objects.filter(user=arkivarie_lund, kommun=lund).exists()


def test_removing_a_person_ends_their_other_session(lund, arkivarie_lund, kontakt_lund, client_for):
    theirs = full_login(lund, kontakt_lund)
    assert theirs.get("/").status_code == 200
    response = client_for(arkivarie_lund, lund).post(f"/personer/{kontakt_lund.pk}/ta-bort/")
    assert response.status_code == 302 and response["Location"] == "/personer/"
    assert not Membership.objects.filter(user=kontakt_lund, kommun=lund).exists()
    assert AuditEvent.objects.filter(action="membership.remove", actor=arkivarie_lund, kommun=lund).exists()
    after = theirs.get("/")
    assert after.status_code == 302 and after["Location"].startswith("/accounts/login/")
    assert not signed_in(theirs)


def test_the_forvaltning_deactivates_a_person_who_then_cannot_sign_in(lund, forvaltare, kontakt_lund, client_for):
    theirs = full_login(lund, kontakt_lund)
    response = client_for(forvaltare, lund).post(f"/personer/{kontakt_lund.pk}/stang-av/", follow=True)
    assert "kan inte längre logga in" in response.content.decode()
    kontakt_lund.refresh_from_db()
    assert not kontakt_lund.is_active
    event = AuditEvent.objects.get(action="user.deactivate")
    assert event.actor == forvaltare and event.kommun == lund and event.object_id == str(kontakt_lund.pk)
    assert theirs.get("/").status_code == 302 and not signed_in(theirs)
    again, _ = password_login(lund, kontakt_lund)
    assert not signed_in(again) and again.get("/").status_code == 302


def test_the_forvaltning_resets_a_lost_factor_and_the_person_sets_up_a_new_one(
    lund, forvaltare, kontakt_lund, client_for
):
    theirs = full_login(lund, kontakt_lund)
    response = client_for(forvaltare, lund).post(f"/personer/{kontakt_lund.pk}/aterstall-tvastegsverifiering/")
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=kontakt_lund).exists()
    event = AuditEvent.objects.get(action="mfa.reset")
    assert event.actor == forvaltare and event.kommun == lund and event.details["types"] == ["totp"]
    assert not signed_in(theirs) or theirs.get("/").status_code == 302
    assert not signed_in(theirs)
    # The password gets the person in, straight to setting up a new factor.
    client, answer = password_login(lund, kontakt_lund)
    assert signed_in(client) and client.get("/")["Location"] == "/tvastegsverifiering/"
