"""A kommun's site: its readiness checklist and its meetings."""

from django.urls import path

from .views import kommun

app_name = "readiness"

urlpatterns = [
    path("beredskap/", kommun.KommunChecklistView.as_view(), name="checklist"),
    path("beredskap/klar/", kommun.MarkDoneView.as_view(), name="mark_done"),
    path("moten/", kommun.KommunMeetingsView.as_view(), name="meetings"),
    path("moten/<int:pk>/", kommun.KommunMeetingView.as_view(), name="meeting"),
]
