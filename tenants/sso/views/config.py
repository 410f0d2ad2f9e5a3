"""The förvaltning configures each site's identity provider. 404 for everyone else."""

from django.contrib import messages
from django.shortcuts import render
from django.urls import reverse
from django.views import View

from tenants.htmx import htmx_redirect

from .. import selectors, services
from ..forms import NONE, IdentityProviderForm
from ..messages import MSG_REMOVED, MSG_SAVED
from ..providers import platform_addresses


class SiteListView(View):
    def get(self, request):
        sites = selectors.sites_for_configuration(user=request.user)
        return render(request, "sso/sites.html", {"sites": sites})


def _initial(idp) -> dict:
    if idp is None:
        return {"protocol": NONE}
    return {name: getattr(idp, name) for name in services.CONFIG_FIELDS}


def _edit_page(request, site, idp, form, status=200):
    context = {"site": site, "idp": idp, "form": form, "addresses": platform_addresses(site)}
    return render(request, "sso/edit.html", context, status=status)


class IdentityProviderEditView(View):
    def get(self, request, pk):
        site = selectors.site_for_configuration(user=request.user, pk=pk)
        idp = selectors.identity_provider_of(site)
        form = IdentityProviderForm(initial=_initial(idp), has_secret=bool(idp and idp.has_secret))
        return _edit_page(request, site, idp, form)

    def post(self, request, pk):
        site = selectors.site_for_configuration(user=request.user, pk=pk)
        idp = selectors.identity_provider_of(site)
        form = IdentityProviderForm(request.POST, has_secret=bool(idp and idp.has_secret))
        if not form.is_valid():
            return _edit_page(request, site, idp, form, status=422)
        if form.cleaned_data["protocol"] == NONE:
            services.identity_provider_remove(kommun=site, actor=request.user)
            messages.success(request, MSG_REMOVED % {"site": site.name})
        else:
            services.identity_provider_save(kommun=site, actor=request.user, **form.cleaned_data)
            messages.success(request, MSG_SAVED % {"site": site.name})
        return htmx_redirect(request, reverse("sso:sites"))
