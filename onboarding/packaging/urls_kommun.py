"""A kommun's site: packages the platform builds from the kommun's export."""

from django.urls import path

from .views import builds, create

app_name = "packaging"

urlpatterns = [
    path("anslutningar/<int:pk>/paket/ny/", create.PackageCreateView.as_view(), name="new"),
    path("paket/<int:pk>/", builds.PackageBuildView.as_view(), name="build"),
    path("paket/<int:pk>/ladda-ned/", builds.PackageDownloadView.as_view(), name="download"),
    path("paket/<int:pk>/testleverans/", builds.PackageDeliverView.as_view(), name="deliver"),
]
