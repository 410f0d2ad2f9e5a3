"""URLs of the consortium site (the public schema): the förvaltning's and leadership's workspace."""

from django.contrib import admin
from django.urls import include, path

from tenants import views as tenant_views

urlpatterns = [
    path("", tenant_views.ConsortiumStartView.as_view(), name="start"),
    path("", include("config.urls_common")),
    path("", include("billing.urls")),
    path("admin/", admin.site.urls),
]
