"""The one rule for second factors: every signed-in person has one, unless their identity provider vouched.

Password logins: allauth asks for the second factor of everyone who has one (its MFA stage), and
`SecondFactorMiddleware` sends everyone who has none to set one up before any other page. Single sign-on: the
kommun's identity provider does MFA, so a session signed in through allauth.socialaccount (its authentication
record "socialaccount") is satisfied; any other flow that trusts an IdP calls `mark_satisfied_by_idp`.

The answer is kept in the session (no query per request); removing a factor forgets it, and the förvaltning's
reset ends the person's sessions.
"""

from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.http import HttpRequest

IDP_SESSION_KEY = "platform.mfa_by_idp"
HAS_FACTOR_SESSION_KEY = "platform.has_second_factor"
IDP_METHODS = {"socialaccount"}
FACTOR_TYPES = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


def mark_satisfied_by_idp(request: HttpRequest) -> None:
    """This session's sign-in was made by an identity provider that does MFA itself (SSO)."""
    request.session[IDP_SESSION_KEY] = True


def signed_in_by_idp(request: HttpRequest) -> bool:
    if request.session.get(IDP_SESSION_KEY):
        return True
    return any(record.get("method") in IDP_METHODS for record in get_authentication_records(request, request.user))


def has_second_factor(user) -> bool:
    """A TOTP app or a passkey / security key (recovery codes alone are not a factor to sign in with)."""
    return is_mfa_enabled(user, types=FACTOR_TYPES)


def remember(request: HttpRequest, user) -> bool:
    """Read (one query) and keep in the session whether the person has a second factor."""
    has = has_second_factor(user)
    request.session[HAS_FACTOR_SESSION_KEY] = has
    return has


def forget(request: HttpRequest) -> None:
    request.session.pop(HAS_FACTOR_SESSION_KEY, None)


def second_factor_satisfied(request: HttpRequest) -> bool:
    """True when the signed-in person has a second factor, or the session came from single sign-on."""
    if request.session.get(HAS_FACTOR_SESSION_KEY) or signed_in_by_idp(request):
        return True
    return remember(request, request.user)
