"""A kommun's site: the published (decided) connection plan."""

from django.shortcuts import render
from django.views import View

from .. import selectors
from ..models import PlanVersion


class KommunPlanView(View):
    """The decided plan, the kommun's own systems with their quarters, the timeline by product."""

    template_name = "planning/kommun_plan.html"

    def get(self, request):
        published = selectors.kommun_published_plan(user=request.user, kommun=request.tenant)
        context = {"published": published, "kommun": request.tenant, "State": PlanVersion.State}
        return render(request, self.template_name, context)
