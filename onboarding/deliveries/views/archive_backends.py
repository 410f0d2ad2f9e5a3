"""The förvaltning's page for the archive backends' API tokens (consortium site): create, rotate, revoke.

A new token is shown once, on the page that answers the POST (never stored, never redirected with it).
Everyone but the förvaltning gets 404, like the rest of the förvaltning's pages.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.views import View

from onboarding.deliveries.messages import MSG_TOKEN_REVOKED
from onboarding.deliveries_index import selectors, services
from tenants import access
from tenants.errors import errors_to_message
from tenants.htmx import htmx_redirect

from ..forms import ArchiveBackendForm, ArchiveTokenRotateForm

TEMPLATE = "deliveries/archive_backends.html"


def _page(request, *, create_form=None, rotate_forms=None, new_secret=None, status=200):
    backends = selectors.archive_backends(user=request.user)
    rotate_forms = rotate_forms or {}
    rows = [
        {"backend": b, "rotate_form": rotate_forms.get(b.pk) or ArchiveTokenRotateForm(prefix=f"b{b.pk}")}
        for b in backends
    ]
    context = {"rows": rows, "create_form": create_form or ArchiveBackendForm(), "new_secret": new_secret}
    response = render(request, TEMPLATE, context, status=status)
    response["Cache-Control"] = "no-store"  # the page may carry a token that is shown once
    return response


class ArchiveBackendListView(View):
    def get(self, request):
        return _page(request)

    def post(self, request):
        access.require_forvaltning(request.user)
        form = ArchiveBackendForm(request.POST)
        if form.is_valid():
            try:
                backend, secret = services.archive_backend_create(
                    name=form.cleaned_data["name"], days=form.cleaned_data["days"], actor=request.user
                )
            except ValidationError as exc:
                form.add_error(None, exc)  # a dict of field errors lands on its fields
            else:
                return _page(request, new_secret={"backend": backend.name, "token": secret})
        return _page(request, create_form=form, status=422)


class ArchiveTokenRotateView(View):
    def post(self, request, pk: int):
        backend = selectors.archive_backend_get(user=request.user, pk=pk)
        form = ArchiveTokenRotateForm(request.POST, prefix=f"b{backend.pk}")
        if form.is_valid():
            try:
                _token, secret = services.archive_token_rotate(
                    backend=backend,
                    days=form.cleaned_data["days"],
                    overlap_days=form.cleaned_data["overlap_days"],
                    actor=request.user,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return _page(request, new_secret={"backend": backend.name, "token": secret})
        return _page(request, rotate_forms={backend.pk: form}, status=422)


class ArchiveTokenRevokeView(View):
    def post(self, request, pk: int):
        token = selectors.archive_token_get(user=request.user, pk=pk)
        try:
            services.archive_token_revoke(token=token, actor=request.user)
        except ValidationError as exc:
            errors_to_message(request, exc)
        else:
            messages.success(
                request,
                MSG_TOKEN_REVOKED % {"prefix": token.prefix, "backend": token.backend.name},
            )
        return htmx_redirect(request, reverse("deliveries_board:archive_backends"))
