"""A kommun's site: connections, submission agreements and deliveries."""

from django.urls import path

from .views import connections, deliveries

app_name = "deliveries"

urlpatterns = [
    path("anslutningar/", connections.ConnectionBoardView.as_view(), name="board"),
    path("anslutningar/<int:pk>/", connections.ConnectionDetailView.as_view(), name="connection"),
    path("anslutningar/<int:pk>/fas/", connections.ConnectionTransitionView.as_view(), name="transition"),
    path("anslutningar/<int:pk>/kvartal/", connections.ConnectionQuarterView.as_view(), name="quarter"),
    path("anslutningar/<int:pk>/overenskommelse/ny/", connections.AgreementCreateView.as_view(), name="agreement_new"),
    path(
        "anslutningar/<int:pk>/overenskommelse/<int:version>/godkann/<str:party>/",
        connections.AgreementApproveView.as_view(),
        name="agreement_approve",
    ),
    path(
        "anslutningar/<int:pk>/overenskommelse/<int:version>.pdf",
        connections.AgreementPdfView.as_view(),
        name="agreement_pdf",
    ),
    path("anslutningar/<int:pk>/leveranser/", deliveries.DeliveryUploadView.as_view(), name="upload"),
    path("leveranser/<int:pk>/", deliveries.DeliveryDetailView.as_view(), name="delivery"),
    path("leveranser/<int:pk>/rapport.json", deliveries.DeliveryReportJsonView.as_view(), name="report_json"),
    path("leveranser/<int:pk>/godkann/", deliveries.DeliveryAcceptView.as_view(), name="accept"),
    path("leveranser/<int:pk>/overlamna-igen/", deliveries.DeliveryHandOverRetryView.as_view(), name="retry"),
]
