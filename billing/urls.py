"""Billing on the consortium site: cost models, what-if, totals, every kommun's statements."""

from django.urls import path

from . import views, views_statements

app_name = "billing"

urlpatterns = [
    path("kostnader/", views.CostModelListView.as_view(), name="model_list"),
    path("kostnader/summering/", views.TotalsView.as_view(), name="totals"),
    path("kostnader/<int:pk>/", views.CostModelDetailView.as_view(), name="model_detail"),
    path("kostnader/<int:pk>/underlag/", views.CostBasesView.as_view(), name="model_bases"),
    path("kostnader/<int:pk>/vad-om/", views.WhatIfView.as_view(), name="model_whatif"),
    path("kostnader/<int:pk>/rader/ny/", views.CostLineEditView.as_view(), name="line_create"),
    path("kostnader/<int:pk>/rader/<int:line_pk>/", views.CostLineEditView.as_view(), name="line_edit"),
    path("kostnader/<int:pk>/rader/<int:line_pk>/ta-bort/", views.CostLineDeleteView.as_view(), name="line_delete"),
    path("kostnader/<int:pk>/<str:action>/", views.CostModelActionView.as_view(), name="model_action"),
    path("fakturaunderlag/", views_statements.StatementListView.as_view(), name="statement_list"),
    path("fakturaunderlag/export.<str:fmt>", views_statements.statement_export, name="statement_export"),
    path("fakturaunderlag/<int:pk>/", views_statements.StatementDetailView.as_view(), name="statement_detail"),
    path("fakturaunderlag/<int:pk>/ubl.xml", views_statements.statement_xml, name="statement_xml"),
    path(
        "fakturaunderlag/<int:pk>/<str:action>/",
        views_statements.StatementActionView.as_view(),
        name="statement_action",
    ),
]
