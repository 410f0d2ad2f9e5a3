"""Report pages on both sites: the list and order form, a report's status (polled by HTMX while a worker
renders it) and the download. Every lookup goes through a selector that answers 404."""

import hashlib

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views import View

from tenants import views as tenant_views
from tenants.errors import errors_to_form
from tenants.htmx import htmx_redirect, render_page_or_partial

from . import dashboard, selectors, services
from .forms import DashboardKommunForm, ReportOrderForm
from .messages import MSG_REPORT_ORDERED

LIST_LIMIT = 100


def _list_context(request, form=None) -> dict:
    site = request.tenant
    reports = list(selectors.reports_for_site(user=request.user, site=site)[:LIST_LIMIT])
    return {
        "reports": reports,
        "form": form if form is not None else ReportOrderForm(user=request.user, site=site),
        "site": site,
    }


class ReportListView(View):
    """Issued reports this person may read here, newest first, and the order form."""

    def get(self, request):
        return render(request, "reports/report_list.html", _list_context(request))

    def post(self, request):
        site = request.tenant
        selectors.reports_for_site(user=request.user, site=site)  # 404 for those who may not be here
        form = ReportOrderForm(request.POST, user=request.user, site=site)
        if form.is_valid():
            try:
                report = services.report_request(**form.order(), actor=request.user)
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, MSG_REPORT_ORDERED)
                return htmx_redirect(request, reverse("reports:detail", args=[report.pk]))
        return render(request, "reports/report_list.html", _list_context(request, form=form), status=422)


class ReportDetailView(View):
    """One report: its progress while it is made (the status fragment polls itself), then the download."""

    def get(self, request, pk: int):
        report = selectors.report_get_for_user(user=request.user, site=request.tenant, pk=pk)
        return render_page_or_partial(request, "reports/report_detail.html", {"report": report}, partial="status")


class ReportDownloadView(View):
    """The stored PDF, only to those who may read it, and only if it still matches its checksum."""

    def get(self, request, pk: int):
        report = selectors.report_get_for_user(user=request.user, site=request.tenant, pk=pk)
        if not report.is_done:
            raise Http404
        path = services.report_path(report)
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise Http404 from exc
        if hashlib.sha256(content).hexdigest() != report.sha256:
            raise Http404  # never hand out a file that is not the one issued
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{report.filename}"'
        response["Cache-Control"] = "private, no-store"
        return response


class ConsortiumStartView(tenant_views.ConsortiumStartView):
    """The consortium's start page with the state of the archive: tiles, the months' chart, the pipeline."""

    def get_context_data(self, **kwargs):
        kommuner = dashboard.member_names()
        split = DashboardKommunForm(self.request.GET or None, kommuner=kommuner)
        figures = dashboard.dashboard(kommuner=kommuner, split_kommun_id=split.chosen())
        return {**super().get_context_data(**kwargs), "dashboard": figures, "split_form": split}


class KommunStartView(tenant_views.KommunStartView):
    """A kommun's start page with its own figures and the person's to-do list."""

    def get_context_data(self, **kwargs):
        kommun = self.request.tenant
        return {
            **super().get_context_data(**kwargs),
            "dashboard": dashboard.dashboard(kommun_id=kommun.pk),
            "todo": dashboard.kommun_todo(user=self.request.user, kommun=kommun),
        }


class KommunOverviewView(View):
    """The consortium site's page about one kommun: the start page's figures for that kommun only."""

    def get(self, request, kommun_id: int):
        kommun = dashboard.kommun_for_overview(user=request.user, kommun_id=kommun_id)
        context = {"kommun": kommun, "dashboard": dashboard.dashboard(kommun_id=kommun.pk)}
        return render(request, "reports/kommun_overview.html", context)
