"""Exportera data (a kommun's site, for its arkivarie and the förvaltning): order an export, follow it, download it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.views import View

from tenants.htmx import htmx_redirect, render_page_or_partial

from ..messages import MSG_EXPORT_QUEUED
from ..models import KommunExport
from ..selectors import export_get, exports_of
from ..services.jobs import kommun_export_request


class ExportListView(View):
    """GET: the kommun's exports and the button. POST: order a new export (optionally with the packages)."""

    template_name = "kommun_data/exports.html"

    def get(self, request):
        context = {"exports": exports_of(user=request.user, kommun=request.tenant), "kommun": request.tenant}
        return render(request, self.template_name, context)

    def post(self, request):
        exports_of(user=request.user, kommun=request.tenant)  # the 404 for everyone who may not export
        with_packages = request.POST.get("with_packages") == "on"
        try:
            export = kommun_export_request(kommun=request.tenant, with_packages=with_packages, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return htmx_redirect(request, reverse("kommun_data:exports"))
        messages.success(request, MSG_EXPORT_QUEUED)
        return htmx_redirect(request, reverse("kommun_data:export", args=[export.uuid]))


class ExportView(View):
    """One export: its progress, polled while it runs; then its size, sum and download link."""

    template_name = "kommun_data/export_detail.html"

    def get(self, request, uuid):
        export = export_get(user=request.user, kommun=request.tenant, uuid=uuid)
        return render_page_or_partial(request, self.template_name, {"export": export}, partial="status")


def export_file_response(export: KommunExport) -> FileResponse:
    """The zip streamed from disk (FileResponse reads it in blocks)."""
    if export.state != KommunExport.State.DONE or not export.path:
        raise Http404
    response = FileResponse(open(export.path, "rb"), as_attachment=True, filename=export.download_name)
    response["Content-Type"] = "application/zip"
    return response


class ExportDownloadView(View):
    def get(self, request, uuid):
        return export_file_response(export_get(user=request.user, kommun=request.tenant, uuid=uuid))
