"""Uploading a delivery, its validation progress and report (page and JSON), acceptance and hand-over retry."""

import json

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from onboarding.deliveries import rules, selectors, services
from onboarding.deliveries.findings import finding_text, localized, progress_text
from onboarding.deliveries.forms import DeliveryUploadForm
from onboarding.deliveries.messages import MSG_DELIVERY_ACCEPTED, MSG_DELIVERY_RECEIVED, MSG_HANDOVER_RETRIED
from onboarding.validation.report import ERROR, INFO, WARNING
from tenants.errors import errors_to_form, errors_to_message
from tenants.htmx import htmx_redirect, render_page_or_partial

from .connections import ConnectionDetailView, connection_context

SEVERITY_LABELS = {
    ERROR: gettext_lazy("Fel (MUST)"),
    WARNING: gettext_lazy("Varning (SHOULD)"),
    INFO: gettext_lazy("Information (MAY)"),
}


# Multipart framing around the file (boundaries, part headers, the CSRF token): a request whose
# declared length exceeds the limit by more than this cannot hold an acceptable package.
MULTIPART_OVERHEAD = 64 * 1024


@method_decorator(csrf_exempt, name="dispatch")
class DeliveryUploadView(View):
    """Upload a package. Django streams files beyond 2 MB to a temporary file; the service moves it into place.

    A request that declares a size over DELIVERY_MAX_BYTES is refused before its body is read, so
    nothing is written to disk. That is why the CSRF check runs in `_receive` (after the size check)
    and not in the middleware, which would read the whole body to find the token: the refusal
    changes nothing and shows only the connection page the person may already see.
    """

    def post(self, request, pk: int):
        kommun, user = request.tenant, request.user
        conn = selectors.connection_get(user=user, kommun=kommun, pk=pk)
        if not rules.can_deliver(user, kommun):
            raise Http404
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > settings.DELIVERY_MAX_BYTES + MULTIPART_OVERHEAD:
            return self._page(request, conn, DeliveryUploadForm.too_big())
        return self._receive(request, conn)

    @method_decorator(csrf_protect)
    def _receive(self, request, conn):
        form = DeliveryUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                delivery = services.delivery_upload(
                    connection=conn, uploaded_file=form.cleaned_data["file"], actor=request.user
                )
            except ValidationError as exc:
                errors_to_form(form, exc)
            except PermissionDenied as exc:
                raise Http404 from exc
            else:
                messages.success(request, MSG_DELIVERY_RECEIVED)
                return htmx_redirect(request, reverse("deliveries:delivery", args=[delivery.pk]))
        return self._page(request, conn, form)

    def _page(self, request, conn, form):
        context = connection_context(request, conn, upload_form=form)
        # htmx swaps no 4xx answer: it gets the page with the errors as a 200.
        return render(request, ConnectionDetailView.template_name, context, status=200 if request.htmx else 422)


class DeliveryDetailView(View):
    """A delivery: validation progress (polled while it runs), the report's findings, acceptance, hand-over."""

    template_name = "deliveries/delivery_detail.html"

    def get(self, request, pk: int):
        kommun, user = request.tenant, request.user
        delivery = selectors.delivery_get(user=user, kommun=kommun, pk=pk, with_report=True)
        findings = (delivery.report or {}).get("findings", [])
        context = {
            "delivery": delivery,
            "connection": delivery.connection,
            "findings": [
                {**localized(f), "severity_label": SEVERITY_LABELS.get(f["severity"], f["severity"])} for f in findings
            ],
            "can_accept": rules.can_accept(user, kommun),
            "progress_label": progress_text(delivery.progress_label),
        }
        return render_page_or_partial(request, self.template_name, context, partial="status")


class DeliveryReportJsonView(View):
    """The validation report as JSON (the validator's own format), as a download: each finding's Swedish
    message, key and parameters, and its "text" in the reader's language."""

    def get(self, request, pk: int):
        delivery = selectors.delivery_get(user=request.user, kommun=request.tenant, pk=pk, with_report=True)
        if delivery.is_running:
            raise Http404
        report = dict(delivery.report)
        report["findings"] = [{**f, "text": finding_text(f)} for f in report.get("findings", [])]
        body = json.dumps(report, ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="valideringsrapport-{delivery.pk}.json"'
        return response


class DeliveryAcceptView(View):
    def post(self, request, pk: int):
        kommun, user = request.tenant, request.user
        delivery = selectors.delivery_get(user=user, kommun=kommun, pk=pk)
        if not rules.can_accept(user, kommun):
            raise Http404
        try:
            services.delivery_accept(delivery=delivery, actor=user)
        except ValidationError as exc:
            errors_to_message(request, exc)
        else:
            messages.success(request, MSG_DELIVERY_ACCEPTED)
        return htmx_redirect(request, reverse("deliveries:delivery", args=[pk]))


class DeliveryHandOverRetryView(View):
    def post(self, request, pk: int):
        kommun, user = request.tenant, request.user
        delivery = selectors.delivery_get(user=user, kommun=kommun, pk=pk)
        if not rules.can_accept(user, kommun):
            raise Http404
        try:
            services.delivery_hand_over_retry(delivery=delivery, actor=user)
        except ValidationError as exc:
            errors_to_message(request, exc)
        else:
            messages.success(request, MSG_HANDOVER_RETRIED)
        return htmx_redirect(request, reverse("deliveries:delivery", args=[pk]))
