"""The login page of a site with an IdP: its button first, the password form only where the förvaltning allows."""

import pytest

from tenants.models import Role
from tenants.services import membership_set_role
from tenants.sso.messages import MSG_PASSWORD_LOGIN_CLOSED
from tests.e2e.helpers import current_totp_code
from tests.sso import oidc
from tests.sso.saml import client_on
from tests.world import PASSWORD

pytestmark = pytest.mark.django_db


def _log_in_with_password(site, user):
    client = client_on(site)
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    return client, response


def test_site_without_idp_shows_only_the_password_form(lund):
    page = client_on(lund).get("/accounts/login/").content.decode()
    assert "inloggning</button>" not in page
    assert 'name="password"' in page


def test_site_with_idp_shows_its_button_first_and_the_password_form_where_allowed(lund, bjuv, forvaltare):
    oidc.configure(lund, "https://login.lund.example", forvaltare)
    page = client_on(lund).get("/accounts/login/?next=/system/").content.decode()
    assert page.index("Logga in med Lunds inloggning") < page.index('name="password"')
    assert 'action="/accounts/oidc/lund-oidc/login/"' in page and 'name="next" value="/system/"' in page
    assert "inloggning</button>" not in client_on(bjuv).get("/accounts/login/").content.decode()  # Bjuv's own page


def test_password_login_closed_by_the_forvaltning(lund, forvaltare, kontakt_lund):
    oidc.configure(lund, "https://login.lund.example", forvaltare, password_login_allowed=False)
    page = client_on(lund).get("/accounts/login/").content.decode()
    assert "Logga in med Lunds inloggning" in page and 'name="password"' not in page

    client, response = _log_in_with_password(lund, kontakt_lund)
    message = MSG_PASSWORD_LOGIN_CLOSED % {"site": "Lund", "site_genitive": "Lunds"}
    assert message in response.content.decode()
    assert client.get("/").status_code == 302  # still not signed in


def test_a_kommun_that_requires_sso_cannot_be_bypassed_on_another_site(consortium, lund, bjuv, forvaltare,
                                                                        kontakt_lund):  # fmt: skip
    """Karin works for Lund (SSO only) and Bjuv (passwords allowed): a password on Bjuv's site would give her a
    session for Lund too, so it is refused there as well."""
    membership_set_role(user=kontakt_lund, kommun=bjuv, role=Role.KONTAKT, actor=forvaltare)
    oidc.configure(lund, "https://login.lund.example", forvaltare, password_login_allowed=False)

    client, response = _log_in_with_password(bjuv, kontakt_lund)

    assert "Inloggning med lösenord är avstängd för Lund" in response.content.decode()
    assert client.get("/").status_code == 302


def test_password_login_still_works_where_allowed(lund, forvaltare, kontakt_lund):
    oidc.configure(lund, "https://login.lund.example", forvaltare)
    client, response = _log_in_with_password(lund, kontakt_lund)
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/authenticate/"  # every role
    client.post("/accounts/2fa/authenticate/", {"code": current_totp_code(kontakt_lund)})
    assert client.get("/").status_code == 200
