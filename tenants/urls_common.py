"""Invitations and the health check, on every site (included by config/urls_common.py, hence the name)."""

from django.urls import path

from . import views

urlpatterns = [
    path("inbjudningar/", views.InvitationCreateView.as_view(), name="invitation_create"),
    path("inbjudningar/<int:pk>/aterkalla/", views.InvitationRevokeView.as_view(), name="invitation_revoke"),
    path("inbjudan/<str:token>/", views.InvitationAcceptView.as_view(), name="invitation_accept"),
    path("healthz", views.healthz, name="healthz"),
]
