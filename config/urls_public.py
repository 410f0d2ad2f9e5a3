"""URLs of the consortium site (the public schema): the förvaltning's and leadership's workspace."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from onboarding.deliveries.api import api
from reports import views as report_views

urlpatterns = [
    path("", report_views.ConsortiumStartView.as_view(), name="start"),
    path("", include("onboarding.portfolio.urls_consortium")),
    path("", include("config.urls_common")),
    path("", include("billing.urls_consortium")),
    path("", include("onboarding.deliveries.urls_consortium")),
    path("api/", api.urls),
    path("", include("reports.urls_common")),
    path("", include("reports.urls_consortium")),
    path("", include("onboarding.planning.urls_consortium")),
    path("", include("onboarding.formatpolicy.urls_consortium")),
    path("", include("tenants.sso.urls_consortium")),
    path("", include("onboarding.news.urls_consortium")),
    path("", include("onboarding.news.urls_common")),
    path("", include("onboarding.kommun_data.urls_consortium")),
    path("", include("onboarding.readiness.urls_consortium")),
]
if settings.PLATFORM_ADMIN:
    urlpatterns.append(path("admin/", admin.site.urls))
