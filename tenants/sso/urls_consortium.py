"""The consortium site: the förvaltning's configuration of each site's identity provider."""

from django.urls import path

from .views.config import IdentityProviderEditView, SiteListView

app_name = "sso"

urlpatterns = [
    path("inloggning/", SiteListView.as_view(), name="sites"),
    path("inloggning/<int:pk>/", IdentityProviderEditView.as_view(), name="edit"),
]
