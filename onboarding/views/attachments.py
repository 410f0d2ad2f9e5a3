"""Attachments of a system: upload (kommun writers) and download through an access check (never MEDIA_URL)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import render
from django.urls import reverse
from django.views import View

from onboarding import rules, selectors
from onboarding.forms import AttachmentForm
from onboarding.messages import MSG_ATTACHMENT_SAVED
from onboarding.services.attachments import attachment_add
from tenants.htmx import htmx_redirect

from .systems import system_context


class AttachmentUploadView(View):
    def post(self, request, pk: int):
        system = selectors.system_get(user=request.user, kommun=request.tenant, pk=pk)
        if not rules.can_edit(request.user, request.tenant, system):
            raise PermissionDenied
        form = AttachmentForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                attachment_add(
                    system=system, upload=form.cleaned_data["file"], kind=form.cleaned_data["kind"], actor=request.user
                )
            except ValidationError as exc:
                form.add_error("file", exc)
        if not form.is_valid():
            context = system_context(request, system, attachment_form=form)
            return render(request, "onboarding/system_detail.html", context, status=422)
        messages.success(request, MSG_ATTACHMENT_SAVED)
        return htmx_redirect(request, reverse("onboarding:system_detail", args=[system.pk]) + "#bilagor")


def attachment_download(request, pk: int, attachment_pk: int):
    attachment = selectors.attachment_get(user=request.user, kommun=request.tenant, system_pk=pk, pk=attachment_pk)
    response = FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name)
    response["Content-Type"] = "application/octet-stream"  # never rendered by the browser
    return response
