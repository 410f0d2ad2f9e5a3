"""Reports on every site (the consortium's and each kommun's, hence urls_common like config/urls_common.py):
the selectors decide what each person sees."""

from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("rapporter/", views.ReportListView.as_view(), name="list"),
    path("rapporter/<int:pk>/", views.ReportDetailView.as_view(), name="detail"),
    path("rapporter/<int:pk>/pdf/", views.ReportDownloadView.as_view(), name="download"),
]
