"""Import (upload → preview → import, in Celery with progress) and export of the kommun's inventory."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from onboarding import rules, selectors
from onboarding.forms import ImportUploadForm, SystemFilterForm
from onboarding.inventory.writer import template_xlsx
from onboarding.messages import MSG_IMPORT_STARTED
from onboarding.services import imports
from onboarding.services.exports import CONTENT_TYPES, export_inventory
from onboarding.views.systems import filters_from
from tenants import access
from tenants.htmx import htmx_redirect, render_page_or_partial


def _download(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class ImportView(View):
    """The upload form and the kommun's recent imports."""

    template_name = "onboarding/import.html"

    def _allowed(self, request):
        if not rules.can_import(request.user, request.tenant):
            raise PermissionDenied

    def get(self, request):
        self._allowed(request)
        return render(request, self.template_name, {"form": ImportUploadForm()})

    def post(self, request):
        self._allowed(request)
        form = ImportUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=422)
        try:
            job = imports.import_job_create(upload=form.cleaned_data["file"], actor=request.user)
        except ValidationError as exc:
            form.add_error("file", exc)
            return render(request, self.template_name, {"form": form}, status=422)
        return htmx_redirect(request, reverse("onboarding:import_job", args=[job.pk]))


class ImportJobView(View):
    """A job's page: progress while Celery works (HTMX polls the status fragment), then the preview."""

    template_name = "onboarding/import_job.html"

    def get(self, request, pk: int):
        job = selectors.import_job_get(user=request.user, kommun=request.tenant, pk=pk)
        context = {"job": job, "percent": imports.import_job_percent(job)}
        return render_page_or_partial(request, self.template_name, context, partial="status")

    def post(self, request, pk: int):
        """Confirm the preview: import (all or nothing)."""
        job = selectors.import_job_get(user=request.user, kommun=request.tenant, pk=pk)
        if not rules.can_import(request.user, request.tenant):
            raise PermissionDenied
        imports.import_job_start(job=job, actor=request.user)
        messages.info(request, MSG_IMPORT_STARTED)
        return htmx_redirect(request, reverse("onboarding:import_job", args=[job.pk]))


def import_template(request):
    """The empty template with Swedish headings and an instructions sheet."""
    access.require_read_kommun(request.user, request.tenant)
    return _download(template_xlsx(), "systemmall.xlsx", CONTENT_TYPES["xlsx"])


def export(request, fmt: str):
    """The kommun's systems as xlsx or CSV, in the import format: those the system list shows with the same
    filters and sort (all pages), every system when the address has no filters."""
    access.require_read_kommun(request.user, request.tenant)
    if fmt not in CONTENT_TYPES:
        raise Http404
    filters = filters_from(SystemFilterForm(request.GET))
    systems = selectors.system_list_with_information_types(user=request.user, kommun=request.tenant, filters=filters)
    data = export_inventory(fmt=fmt, systems=systems)
    name = f"system-{request.tenant.subdomain}-{timezone.localdate():%Y%m%d}.{fmt}"
    return _download(data, name, CONTENT_TYPES[fmt])
