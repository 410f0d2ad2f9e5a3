"""The consortium's site: kommuner that leave (förvaltning only)."""

from django.urls import path

from .views import departures

app_name = "kommun_data"

urlpatterns = [
    path("kommuner/uttraden/", departures.DepartureListView.as_view(), name="departures"),
    path("kommuner/<slug:subdomain>/uttrade/", departures.DepartureView.as_view(), name="departure"),
    path("kommuner/<slug:subdomain>/uttrade/raderingsdatum/", departures.DeleteDateView.as_view(), name="delete_date"),
    path("kommuner/<slug:subdomain>/uttrade/radera/", departures.DeleteView.as_view(), name="delete"),
    path("kommuner/<slug:subdomain>/uttrade/export/<uuid:uuid>/ladda-ned/", departures.KeptExportDownloadView.as_view(),
         name="kept_download"),
]  # fmt: skip
