"""Billing on the consortium site: cost models, what-if, totals, every kommun's statements."""

from django.urls import path

from .views import costs, statements

app_name = "billing"

urlpatterns = [
    path("kostnader/", costs.CostModelListView.as_view(), name="model_list"),
    path("kostnader/summering/", costs.TotalsView.as_view(), name="totals"),
    path("kostnader/<int:pk>/", costs.CostModelDetailView.as_view(), name="model_detail"),
    path("kostnader/<int:pk>/underlag/", costs.CostBasesView.as_view(), name="model_bases"),
    path("kostnader/<int:pk>/underlag/lagg-till/", costs.CostBaseAddView.as_view(), name="model_base_add"),
    path(
        "kostnader/<int:pk>/underlag/fran-plattformen/",
        costs.CostBasesFromPlatformView.as_view(),
        name="model_bases_from_platform",
    ),
    path("kostnader/<int:pk>/vad-om/", costs.WhatIfView.as_view(), name="model_whatif"),
    path("kostnader/<int:pk>/rader/ny/", costs.CostLineEditView.as_view(), name="line_create"),
    path("kostnader/<int:pk>/rader/<int:line_pk>/", costs.CostLineEditView.as_view(), name="line_edit"),
    path("kostnader/<int:pk>/rader/<int:line_pk>/ta-bort/", costs.CostLineDeleteView.as_view(), name="line_delete"),
    path("kostnader/<int:pk>/fix/", costs.CostModelFixView.as_view(), name="model_fix"),
    path("kostnader/<int:pk>/correct/", costs.CostModelCorrectView.as_view(), name="model_correct"),
    path("kostnader/<int:pk>/delete/", costs.CostModelDeleteView.as_view(), name="model_delete"),
    path("kostnader/<int:pk>/populations/", costs.CostModelPopulationsView.as_view(), name="model_populations"),
    path("fakturaunderlag/", statements.StatementListView.as_view(), name="statement_list"),
    path("fakturaunderlag/utfarda/", statements.StatementsIssueView.as_view(), name="statements_issue"),
    path("fakturaunderlag/export.<str:fmt>", statements.statement_export, name="statement_export"),
    path("fakturaunderlag/<int:pk>/", statements.StatementDetailView.as_view(), name="statement_detail"),
    path("fakturaunderlag/<int:pk>/ubl.xml", statements.statement_xml, name="statement_xml"),
    path("fakturaunderlag/<int:pk>/issue/", statements.StatementIssueView.as_view(), name="statement_issue"),
    path("fakturaunderlag/<int:pk>/credit/", statements.StatementCreditView.as_view(), name="statement_credit"),
    path("fakturaunderlag/<int:pk>/status/", statements.StatementStatusView.as_view(), name="statement_status"),
    path("fakturaunderlag/<int:pk>/delete/", statements.StatementDeleteView.as_view(), name="statement_delete"),
]
