"""URLs of a kommun's site (<subdomain>.PLATFORM_DOMAIN, the kommun's schema)."""

from django.urls import include, path

from reports import views as report_views

urlpatterns = [
    path("", report_views.KommunStartView.as_view(), name="start"),
    path("system/", include("onboarding.urls")),
    path("", include("config.urls_common")),
    path("", include("onboarding.deliveries.urls")),
    path("", include("billing.urls_kommun")),
    path("", include("reports.urls_common")),
    path("", include("onboarding.planning.urls_kommun")),
]
