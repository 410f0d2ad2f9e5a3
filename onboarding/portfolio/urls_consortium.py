"""Consortium site: the portfolio of every kommun's systems (the förvaltning and ledning read it)."""

from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "portfolio"
urlpatterns = [
    path("planering/portfolj/", views.PortfolioView.as_view(), name="list"),
    path("planering/portfolj/export.<str:fmt>", views.portfolio_export, name="export"),
    path("planering/portfolj/produkter/", views.PortfolioByProductView.as_view(), name="products"),
    # The old address of the cross-kommun system list.
    path(
        "portfolj/",
        RedirectView.as_view(pattern_name="portfolio:list", permanent=True, query_string=True),
        name="old_address",
    ),
]
