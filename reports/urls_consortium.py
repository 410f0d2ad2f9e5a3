"""The consortium site's pages of the reports app: one kommun's figures (the förvaltning and ledning)."""

from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("oversikt/kommuner/<int:kommun_id>/", views.KommunOverviewView.as_view(), name="kommun"),
]
