"""Kommun sites: the published (decided) connection plan."""

from django.urls import path

from . import views

app_name = "planning_kommun"
urlpatterns = [
    path("anslutningsplan/", views.KommunPlanView.as_view(), name="plan"),
]
