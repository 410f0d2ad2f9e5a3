"""The page everyone signed in without a second factor is sent to, before anything else."""

from django.shortcuts import redirect, render
from django.views import View

from .. import gate


class SecondFactorRequiredView(View):
    def get(self, request):
        if not request.user.is_authenticated:
            return redirect("account_login")
        if gate.second_factor_satisfied(request):
            return redirect("start")
        return render(request, "people/mfa_required.html")
