"""The page everyone signed in without a second factor is sent to, before anything else."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.views import View

from tenants import access

from .. import gate


class SecondFactorRequiredView(View):
    def get(self, request):
        if not request.user.is_authenticated:
            return redirect("account_login")
        if not gate.second_factor_satisfied(request):
            return render(request, "people/mfa_required.html")
        # Nothing to set up: the site's start page, for those who may read this site.
        if not access.can_read_kommun(request.user, request.tenant):
            raise Http404
        return redirect("start")
