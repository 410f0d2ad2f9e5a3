"""URLs served on every site: accounts, language, accessibility statement, security.txt, invitations."""

from django.urls import include, path

from tenants import views as tenant_views

urlpatterns = [
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path(".well-known/security.txt", tenant_views.security_txt, name="security_txt"),
    # Browsers and tools that ask for /favicon.ico without reading the page get the icon, not a 404.
    path("favicon.ico", tenant_views.favicon, name="favicon"),
    path("tillganglighet/", tenant_views.AccessibilityStatementView.as_view(), name="accessibility"),
    path("", include("tenants.urls_common")),
    path("", include("tenants.people.urls")),
]
