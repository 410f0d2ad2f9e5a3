"""Skapa paket: the export, its information types and the pre-filled metadata, checked by the person."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views import View

from onboarding.deliveries import rules
from onboarding.deliveries.selectors import connection_get
from onboarding.packaging.forms import PackageBuildForm
from onboarding.packaging.services.builds import package_build_request
from onboarding.packaging.services.metadata import default_metadata, latest_agreement
from tenants.errors import errors_to_form
from tenants.htmx import htmx_redirect


def _page(request, pk: int, data=None, files=None) -> dict:
    """The connection and the form, or why no package can be built on it now; 404 for a role that may not build."""
    conn = connection_get(user=request.user, kommun=request.tenant, pk=pk)
    if not rules.can_deliver(request.user, request.tenant):
        raise Http404
    try:
        agreement = latest_agreement(conn)
    except ValidationError as exc:
        return {"connection": conn, "form": None, "refusal": " ".join(exc.messages)}
    defaults = default_metadata(kommun=request.tenant, connection=conn, agreement=agreement)
    form = PackageBuildForm(data, files, agreement=agreement, defaults=defaults)
    return {"connection": conn, "form": form, "agreement": agreement, "defaults": defaults}


class PackageCreateView(View):
    """GET: the form, pre-filled. POST: store the export and queue the build, then follow its progress."""

    template_name = "packaging/package_new.html"

    def get(self, request, pk: int):
        return render(request, self.template_name, _page(request, pk))

    def post(self, request, pk: int):
        context = _page(request, pk, request.POST, request.FILES)
        form = context["form"]
        if form is not None and form.is_valid():
            try:
                build = package_build_request(
                    connection=context["connection"],
                    files=form.cleaned_data["files"],
                    information_types=form.cleaned_data["information_types"],
                    metadata=form.metadata(),
                    actor=request.user,
                )
            except PermissionDenied as exc:
                raise Http404 from exc
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                return htmx_redirect(request, reverse("packaging:build", args=[build.pk]))
        return render(request, self.template_name, context, status=422)
