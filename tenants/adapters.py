"""django-allauth adapter: no open signup, land on the right site after login, one rate limit for all sites."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings

from tenants.login_stages import login_stages


class AccountAdapter(DefaultAccountAdapter):
    """People join by invitation only (single sign-on admits only members and invitees: tenants.sso)."""

    def is_open_for_signup(self, request) -> bool:
        return False

    def get_login_stages(self) -> list[str]:
        return login_stages(super().get_login_stages())

    def get_login_redirect_url(self, request) -> str:
        return "/"

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # allauth counts failed logins per host name ("<site domain>:<login>"), and every kommun has a host of
        # its own: count them once for the platform (the cache key itself is global, see tenants/cache.py).
        login = credentials.get("email", credentials.get("username", "")).lower()
        return f"{settings.PLATFORM_DOMAIN}:{login}"
