"""URLs of a kommun's site (<subdomain>.PLATFORM_DOMAIN, the kommun's schema)."""

from django.urls import include, path

from reports import views as report_views

urlpatterns = [
    path("", report_views.KommunStartView.as_view(), name="start"),
    path("system/", include("onboarding.urls_kommun")),
    path("", include("config.urls_common")),
    path("", include("onboarding.deliveries.urls_kommun")),
    path("", include("onboarding.agreement_formats.urls_kommun")),
    path("", include("onboarding.packaging.urls_kommun")),
    path("", include("billing.urls_kommun")),
    path("", include("reports.urls_common")),
    path("", include("onboarding.planning.urls_kommun")),
    path("", include("onboarding.news.urls_common")),
    path("", include("onboarding.kommun_data.urls_kommun")),
    path("", include("onboarding.readiness.urls_kommun")),
]
