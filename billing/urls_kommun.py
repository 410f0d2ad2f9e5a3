"""Billing on a kommun's site: the kommun's own issued statements, their explanation and documents."""

from django.urls import path

from .views import statements

app_name = "billing"

urlpatterns = [
    path("fakturaunderlag/", statements.StatementListView.as_view(), name="statement_list"),
    path("fakturaunderlag/export.<str:fmt>", statements.statement_export, name="statement_export"),
    path("fakturaunderlag/<int:pk>/", statements.StatementDetailView.as_view(), name="statement_detail"),
    path("fakturaunderlag/<int:pk>/ubl.xml", statements.statement_xml, name="statement_xml"),
]
