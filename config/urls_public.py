"""URLs of the consortium site (the public schema): the förvaltning's and leadership's workspace."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from onboarding.deliveries_index.api import api
from reports import views as report_views

urlpatterns = [
    path("", report_views.ConsortiumStartView.as_view(), name="start"),
    path("portfolj/", include("onboarding.portfolio.urls")),
    path("", include("config.urls_common")),
    path("", include("billing.urls_consortium")),
    path("", include("onboarding.deliveries.urls_public")),
    path("api/", api.urls),
    path("", include("reports.urls_common")),
    path("", include("reports.urls_consortium")),
    path("", include("onboarding.planning.urls")),
]
if settings.PLATFORM_ADMIN:
    urlpatterns.append(path("admin/", admin.site.urls))
