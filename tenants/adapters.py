"""django-allauth adapter: no open signup, and land on the right site after login."""

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """People join by invitation only; SSO (OIDC/SAML) can be added beside this later."""

    def is_open_for_signup(self, request) -> bool:
        return False

    def get_login_redirect_url(self, request) -> str:
        return "/"
