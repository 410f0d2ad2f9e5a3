"""A kommun's urlconf plus a route whose parameter no registry entry fills: the suite must refuse it."""

from django.http import HttpResponse
from django.urls import path

from config.urls_tenant import urlpatterns as kommun_urlpatterns

urlpatterns = [*kommun_urlpatterns, path("lackor/<int:nummer>/", lambda request, nummer: HttpResponse("?"))]
