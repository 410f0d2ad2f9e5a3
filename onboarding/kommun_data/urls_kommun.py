"""A kommun's site: exports of the kommun's data."""

from django.urls import path

from .views import exports

app_name = "kommun_data"

urlpatterns = [
    path("data/export/", exports.ExportListView.as_view(), name="exports"),
    path("data/export/<uuid:uuid>/", exports.ExportView.as_view(), name="export"),
    path("data/export/<uuid:uuid>/ladda-ned/", exports.ExportDownloadView.as_view(), name="download"),
]
