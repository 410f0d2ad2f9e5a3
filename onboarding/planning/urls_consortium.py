"""Consortium site: the connection plan (förvaltning writes, ledning reads). The portfolio's lists are
onboarding.portfolio.urls_consortium; a system's page among them (its score and assessment) is here."""

from django.urls import path

from .views import builds, home, plans, system

app_name = "planning"
urlpatterns = [
    path("planering/portfolj/<int:kommun_id>/<int:system_id>/", system.PortfolioSystemView.as_view(), name="system"),
    path("planering/", home.PlanningHomeView.as_view(), name="home"),
    path("planering/poangmodell/", home.WeightsView.as_view(), name="weights"),
    path("planering/indata/", home.SettingsView.as_view(), name="settings"),
    path("planering/bygg/", builds.PlanBuildView.as_view(), name="build"),
    path("planering/bygg/<int:pk>/", builds.PlanBuildStatusView.as_view(), name="build_status"),
    path("planering/plan/<int:pk>/", plans.PlanDetailView.as_view(), name="plan"),
    path("planering/plan/<int:pk>/jamfor/", plans.PlanCompareView.as_view(), name="compare"),
    path("planering/plan/<int:pk>/anslutningsplan.xlsx", plans.PlanExportView.as_view(), name="export"),
    path("planering/plan/<int:pk>/foresla/", plans.PlanProposeView.as_view(), name="propose"),
    path("planering/plan/<int:pk>/besluta/", plans.PlanDecideView.as_view(), name="decide"),
    path("planering/plan/<int:pk>/ta-bort/", plans.PlanDeleteDraftView.as_view(), name="delete"),
    path("planering/plan/<int:pk>/starta/", plans.PlanStartQuarterView.as_view(), name="start_quarter"),
]
