"""The login page's single sign-on part: the site's IdP button, and whether the password form is shown."""

from allauth.socialaccount.adapter import get_adapter
from django import template

from ..messages import MSG_LOGIN_BUTTON
from ..providers import genitive
from ..selectors import identity_provider_of

register = template.Library()


@register.simple_tag(takes_context=True)
def sso_login(context) -> dict:
    """{"login_url", "button_text", "password_allowed"}; login_url is empty where the site has no IdP."""
    request = context.get("request")
    site = getattr(request, "tenant", None)
    idp = identity_provider_of(site) if site is not None else None
    apps = get_adapter().list_apps(request) if idp is not None else []
    if not apps:
        return {"login_url": "", "password_allowed": True}
    provider = apps[0].get_provider(request)
    return {
        "login_url": provider.get_login_url(request),
        "button_text": MSG_LOGIN_BUTTON % {"site_genitive": genitive(site.name)},
        "password_allowed": idp.password_login_allowed,
    }
