"""A kommun's urlconf plus a view that forgets whose statement it shows (it reads the shared schema by id).

Only for test_isolation: the suite must find this view by walking the urlconf, with nobody listing it.
"""

from django.http import HttpResponse
from django.urls import path

from billing.models import Statement
from config.urls_tenant import urlpatterns as kommun_urlpatterns


def statement_print(request, pk: int):
    return HttpResponse(Statement.objects.get(pk=pk).number or "utkast")


urlpatterns = [*kommun_urlpatterns, path("fakturaunderlag/<int:pk>/utskrift/", statement_print)]
