"""Access to a site: anonymous people log in, people without a role there get 404. (The second factor
everyone needs is checked before, by tenants.people.middleware.SecondFactorMiddleware.)

Runs after TenantMainMiddleware (request.tenant is the kommun of the host) and
after authentication. Views still check what a role may do; this is the gate.
"""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.utils import translation

from . import access

# Pages anyone may open: logging in, the accessibility statement, invitation links, static files,
# /.well-known/ (security.txt). /api/ authenticates by its own token (the archive backend), never by session.
OPEN_PREFIXES = (
    "/accounts/", "/i18n/", "/tillganglighet/", "/inbjudan/", "/healthz", "/api/", "/.well-known/",
    "/nyheter/flode/",  # the news feed: its address carries a personal token (feed readers cannot sign in)
    settings.STATIC_URL,
)  # fmt: skip


class KommunAccessMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        user = request.user
        tenant = request.tenant
        if path.startswith("/admin/") and tenant.is_consortium:
            return self.get_response(request)  # the admin lets in only staff who passed the TOTP step (admin_site)
        if path.startswith(OPEN_PREFIXES):
            return self.get_response(request)
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not tenant.is_consortium:
            access.require_read_kommun(user, tenant)
        elif not access.memberships(user):
            raise Http404
        return self.get_response(request)


class SwedishFirstLocaleMiddleware:
    """Swedish unless the person chose another language (the language cookie from the footer menu).

    Django's LocaleMiddleware would follow the browser's Accept-Language, and an English
    browser would then get a half-translated page; Swedish is the platform's language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
