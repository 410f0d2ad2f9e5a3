"""Kommun sites: the published (decided) connection plan."""

from django.urls import path

from .views import kommun

app_name = "planning_kommun"
urlpatterns = [
    path("anslutningsplan/", kommun.KommunPlanView.as_view(), name="plan"),
]
