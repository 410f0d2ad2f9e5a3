"""Building a draft: asked for on the plan's start page, built in Celery, followed on the build's page."""

from django.contrib import messages
from django.urls import reverse
from django.views import View

from tenants import access
from tenants.htmx import htmx_redirect, render_page_or_partial

from .. import builds, selectors
from ..forms import BuildForm
from ..messages import MSG_DRAFT_BUILT
from ..models import PlanBuild


def _built(request, build: PlanBuild):
    messages.success(request, MSG_DRAFT_BUILT % {"n": build.plan.number})
    return htmx_redirect(request, reverse("planning:plan", args=[build.plan_id]))


def _is_built(build: PlanBuild) -> bool:
    return build.state == PlanBuild.State.DONE and bool(build.plan_id)


class PlanBuildView(View):
    """The draft is built in Celery; the build's page shows the progress, then leads to the draft."""

    def post(self, request):
        access.require_forvaltning(request.user)
        form = BuildForm(request.POST)
        form.is_valid()
        build = builds.plan_build_request(title=form.cleaned_data.get("title", ""), actor=request.user)
        build.refresh_from_db()
        if _is_built(build):  # already built (a worker in this process)
            return _built(request, build)
        return htmx_redirect(request, reverse("planning:build_status", args=[build.pk]))


class PlanBuildStatusView(View):
    """A draft being built: progress (HTMX polls the fragment), then the draft itself."""

    template_name = "planning/build.html"

    def get(self, request, pk: int):
        build = selectors.plan_build_get(user=request.user, pk=pk)
        if _is_built(build):
            return _built(request, build)
        context = {"build": build, "progress": builds.plan_build_progress(build)}
        return render_page_or_partial(request, self.template_name, context, partial="status")
