"""Two gates that run on every request after authentication: session limits, then the second factor."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect

from . import gate
from .messages import MSG_SESSION_ENDED_IDLE, MSG_SESSION_ENDED_MAX

STARTED_KEY = "platform.session_started"
ACTIVE_KEY = "platform.session_active"
# The last-activity stamp is rewritten at most this often (a session save is a query).
ACTIVE_RESOLUTION = 60

# Pages a person without a second factor may still open: to set one up, to sign out, to read the
# accessibility statement; static files; and the admin, which has its own stricter TOTP gate (admin_site.py).
SETUP_PREFIXES = (
    "/admin/",
    "/accounts/",
    "/tvastegsverifiering/",
    "/i18n/",
    "/tillganglighet/",
    "/.well-known/",
    "/healthz",
    settings.STATIC_URL,
)
SETUP_URL_NAME = "people:mfa_required"


def stamp(session, now: float | None = None) -> None:
    """A new sign-in: both clocks start now."""
    now = time.time() if now is None else now
    session[STARTED_KEY] = now
    session[ACTIVE_KEY] = now


class SessionLimitMiddleware:
    """A session ends PLATFORM_SESSION_MAX_HOURS after sign-in, and after PLATFORM_SESSION_IDLE_MINUTES idle."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            ended = self._ended(request.session, time.time())
            if ended:
                logout(request)  # user_logged_out: audited with the reason (signals.py)
                messages.info(request, ended)
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)

    @staticmethod
    def _ended(session, now: float) -> str | None:
        started = session.get(STARTED_KEY)
        active = session.get(ACTIVE_KEY)
        if started is None or active is None:
            stamp(session, now)  # a session from before the limits existed starts counting now
            return None
        if now - started > settings.PLATFORM_SESSION_MAX_HOURS * 3600:
            session["platform.ended_because"] = "max"
            return MSG_SESSION_ENDED_MAX % {"hours": f"{settings.PLATFORM_SESSION_MAX_HOURS:g}"}
        if now - active > settings.PLATFORM_SESSION_IDLE_MINUTES * 60:
            session["platform.ended_because"] = "idle"
            return MSG_SESSION_ENDED_IDLE % {"minutes": f"{settings.PLATFORM_SESSION_IDLE_MINUTES:g}"}
        if now - active >= ACTIVE_RESOLUTION:
            session[ACTIVE_KEY] = now
        return None


class SecondFactorMiddleware:
    """Everyone signed in by password must have a second factor before any page (gate.py); SSO sessions pass."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and not request.path_info.startswith(SETUP_PREFIXES):
            if not gate.second_factor_satisfied(request):
                return redirect(SETUP_URL_NAME)
        return self.get_response(request)
