"""Consortium site: the portfolio and the connection plan (förvaltning writes, ledning reads)."""

from django.urls import path

from . import views

app_name = "planning"
urlpatterns = [
    path("planering/portfolj/", views.PortfolioView.as_view(), name="portfolio"),
    path("planering/portfolj/produkter/", views.PortfolioByProductView.as_view(), name="portfolio_products"),
    path("planering/portfolj/<int:kommun_id>/<int:system_id>/", views.PortfolioSystemView.as_view(), name="system"),
    path("planering/", views.PlanningHomeView.as_view(), name="home"),
    path("planering/poangmodell/", views.WeightsView.as_view(), name="weights"),
    path("planering/indata/", views.SettingsView.as_view(), name="settings"),
    path("planering/bygg/", views.PlanBuildView.as_view(), name="build"),
    path("planering/bygg/<int:pk>/", views.PlanBuildStatusView.as_view(), name="build_status"),
    path("planering/plan/<int:pk>/", views.PlanDetailView.as_view(), name="plan"),
    path("planering/plan/<int:pk>/jamfor/", views.PlanCompareView.as_view(), name="compare"),
    path("planering/plan/<int:pk>/anslutningsplan.xlsx", views.PlanExportView.as_view(), name="export"),
    path("planering/plan/<int:pk>/<slug:action>/", views.PlanActionView.as_view(), name="action"),
]
