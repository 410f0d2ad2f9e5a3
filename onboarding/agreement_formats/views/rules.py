"""Show an agreement version's format rules with the policy they change; set one; remove one. 404 for other kommuner."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.views import View

from onboarding.deliveries import selectors
from onboarding.formatpolicy.forms import FormatRuleForm, FormatRuleRemoveForm
from onboarding.formatpolicy.selectors import policy_effective
from tenants.htmx import htmx_redirect

from .. import services
from ..messages import MSG_AGREEMENT_RULE_REMOVED, MSG_AGREEMENT_RULE_SAVED

TEMPLATE = "agreement_formats/rules.html"


def _agreement(request, pk: int, version: int):
    return selectors.agreement_get(user=request.user, kommun=request.tenant, connection_pk=pk, version=version)


def _page(request, agreement, form=None, status=200):
    policy = policy_effective(agreement=agreement)
    context = {"agreement": agreement, "connection": agreement.connection, "rules": policy.as_list(), "policy": policy}
    return render(request, TEMPLATE, context | {"form": form or FormatRuleForm()}, status=status)


def _url(agreement) -> str:
    return reverse("agreement_formats:rules", args=[agreement.connection_id, agreement.version])


class AgreementFormatRulesView(View):
    def get(self, request, pk: int, version: int):
        return _page(request, _agreement(request, pk, version))


class AgreementFormatRuleSetView(View):
    def post(self, request, pk: int, version: int):
        agreement = _agreement(request, pk, version)
        form = FormatRuleForm(request.POST)
        if not form.is_valid():
            return _page(request, agreement, form, status=422)
        try:
            rule = services.agreement_format_rule_set(agreement=agreement, **form.cleaned_data, actor=request.user)
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, exc.messages if isinstance(exc, ValidationError) else str(exc))
            return _page(request, agreement, form, status=422 if isinstance(exc, ValidationError) else 403)
        messages.success(request, MSG_AGREEMENT_RULE_SAVED % {"puid": rule.puid})
        return htmx_redirect(request, _url(agreement))


class AgreementFormatRuleRemoveView(View):
    def post(self, request, pk: int, version: int):
        agreement = _agreement(request, pk, version)
        form = FormatRuleRemoveForm(request.POST)
        puid = form.data.get("puid", "")
        try:
            services.agreement_format_rule_remove(agreement=agreement, puid=puid, actor=request.user)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, MSG_AGREEMENT_RULE_REMOVED % {"puid": puid})
        return htmx_redirect(request, _url(agreement))
