"""allauth's social-account adapter: each site knows only its own IdP, and only known people enter.

allauth asks `list_apps` for the providers' configuration; it gets the app of the request's site alone
(tenants/sso/providers.py), so a response from kommun A's IdP that reaches kommun B's site finds no app (404)
or fails its checks there. `pre_social_login` is the gate: tenants.sso.services.sso_admit decides who enters.
"""

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.db import connection
from django.shortcuts import render

from tenants.models import Kommun

from . import selectors, services
from .providers import MetadataError, social_app

REFUSED_TEMPLATE = "sso/refused.html"


def _site(request) -> Kommun | None:
    site = getattr(request, "tenant", None) or getattr(connection, "tenant", None)
    return site if isinstance(site, Kommun) else None


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def list_apps(self, request, provider=None, client_id=None):
        site = _site(request)
        idp = selectors.identity_provider_of(site) if site is not None else None
        if idp is None:
            return []
        try:
            app = social_app(site, idp)
        except MetadataError:
            return []  # metadata that no longer parses: no SSO rather than a server error
        if provider and provider not in (app.provider, app.provider_id):
            return []
        if client_id and client_id != app.client_id:
            return []
        return [app]

    def is_open_for_signup(self, request, sociallogin) -> bool:
        return False  # accounts come from invitations; sso_admit creates them before allauth would

    def pre_social_login(self, request, sociallogin) -> None:
        site = _site(request)
        email = sociallogin.user.email or next((a.email for a in sociallogin.email_addresses), "")
        known = sociallogin.user if sociallogin.is_existing else None
        try:
            user = services.sso_admit(site=site, email=email, user=known, full_name=self._full_name(sociallogin))
        except services.SsoRefused as refusal:
            services.sso_audit(site=site, action="sso.refused", details={"email": refusal.email,
                               "reason": refusal.reason, "provider": sociallogin.account.provider})  # fmt: skip
            context = {"site": site, "reason": refusal.reason, "email": refusal.email}
            raise ImmediateHttpResponse(render(request, REFUSED_TEMPLATE, context, status=403)) from refusal
        if not sociallogin.is_existing:
            sociallogin.connect(request, user)
        services.sso_audit(site=site, action="sso.login", user=user, details={"provider": sociallogin.account.provider})

    def on_authentication_error(self, request, provider, error=None, exception=None, extra_context=None) -> None:
        """An answer from the IdP that allauth refused (bad signature, another audience, expired, wrong state)."""
        site = _site(request)
        reasons = (extra_context or {}).get("saml_last_error_reason") or (str(exception)[:200] if exception else "")
        details = {"provider": getattr(provider, "sub_id", ""), "error": str(error or "unknown"), "reason": reasons}
        if site is not None:
            services.sso_audit(site=site, action="sso.failed", details=details)

    def send_notification_mail(self, *args, **kwargs) -> None:
        """No "an account was connected" mail: linking the IdP account is part of the first SSO sign-in."""

    @staticmethod
    def _full_name(sociallogin) -> str:
        """The person's name as an OIDC IdP gives it (SAML IdPs name it in attributes of their own choosing)."""
        data = sociallogin.account.extra_data or {}
        claims = data.get("userinfo") or data.get("id_token") or {}
        name = claims.get("name") if isinstance(claims, dict) else ""
        return name if isinstance(name, str) else ""
