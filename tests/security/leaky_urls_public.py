"""The consortium's urlconf plus a view that forgets to ask for a consortium role (any signed-in person may use it).

Only for test_isolation: the suite must find this view by walking the urlconf, with nobody listing it.
"""

from django.http import HttpResponse
from django.urls import path

from billing.models import CostModel
from config.urls_public import urlpatterns as consortium_urlpatterns


def cost_model_copy(request, pk: int):
    return HttpResponse(CostModel.objects.get(pk=pk).name)


# First, so that "kopia" is not taken for one of the model's actions.
urlpatterns = [path("kostnader/<int:pk>/kopia/", cost_model_copy), *consortium_urlpatterns]
