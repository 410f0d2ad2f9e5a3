"""The old address of the cross-kommun system list: one portfolio now, planning's (with filters and scores)."""

from django.urls import path
from django.views.generic import RedirectView

app_name = "portfolio"

urlpatterns = [
    path(
        "",
        RedirectView.as_view(pattern_name="planning:portfolio", permanent=True, query_string=True),
        name="portfolio",
    )
]
