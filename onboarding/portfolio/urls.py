"""The consortium site's read-only list of all kommuners systems (from the portfolio index)."""

from django.urls import path

from onboarding.views.portfolio import PortfolioView

app_name = "portfolio"

urlpatterns = [path("", PortfolioView.as_view(), name="portfolio")]
