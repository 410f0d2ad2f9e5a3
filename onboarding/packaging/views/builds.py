"""A build's page (progress polled while it runs), its download, and its hand-over as the test delivery."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from onboarding.deliveries import rules
from onboarding.packaging.models import PackageBuild
from onboarding.packaging.selectors import package_build_get
from onboarding.packaging.services.builds import package_build_deliver
from tenants.htmx import htmx_redirect, render_page_or_partial


class PackageBuildView(View):
    template_name = "packaging/package_detail.html"

    def get(self, request, pk: int):
        build = package_build_get(user=request.user, kommun=request.tenant, pk=pk)
        context = {
            "build": build,
            "connection": build.connection,
            "can_deliver": rules.can_deliver(request.user, request.tenant),
        }
        return render_page_or_partial(request, self.template_name, context, partial="status")


class PackageDownloadView(View):
    """The package as a download, streamed from disk."""

    def get(self, request, pk: int):
        build = package_build_get(user=request.user, kommun=request.tenant, pk=pk)
        if build.state != PackageBuild.State.DONE:
            raise Http404
        response = FileResponse(open(build.package_path, "rb"), as_attachment=True, filename=build.download_name)
        response["Content-Type"] = "application/zip"
        return response


class PackageDeliverView(View):
    """One click: the built package becomes the connection's test delivery, validated like any other."""

    def post(self, request, pk: int):
        build = package_build_get(user=request.user, kommun=request.tenant, pk=pk)
        try:
            delivery = package_build_deliver(build=build, actor=request.user)
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return htmx_redirect(request, reverse("packaging:build", args=[pk]))
        messages.success(request, _("Paketet är lämnat som testleverans och valideras nu."))
        return htmx_redirect(request, reverse("deliveries:delivery", args=[delivery.pk]))
