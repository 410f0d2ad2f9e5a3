"""Show the accepted-formats policy, set a rule, remove the förvaltning's rule. 404 for all but the förvaltning."""

from django.contrib import messages
from django.shortcuts import render
from django.urls import reverse
from django.views import View

from tenants.htmx import htmx_redirect

from .. import selectors, services
from ..forms import FormatRuleForm, FormatRuleRemoveForm
from ..messages import MSG_RULE_REMOVED, MSG_RULE_SAVED

TEMPLATE = "formatpolicy/policy.html"


def _page(request, form=None, status=200):
    policy = selectors.policy_for_forvaltning(user=request.user)
    context = {"policy": policy, "rules": policy.as_list(), "form": form or FormatRuleForm()}
    return render(request, TEMPLATE, context, status=status)


class FormatPolicyView(View):
    def get(self, request):
        return _page(request)


class FormatRuleSetView(View):
    def post(self, request):
        selectors.policy_for_forvaltning(user=request.user)  # 404 before the form is read
        form = FormatRuleForm(request.POST)
        if not form.is_valid():
            return _page(request, form, status=422)
        rule = services.format_rule_set(**form.cleaned_data, actor=request.user)
        messages.success(request, MSG_RULE_SAVED % {"puid": rule.puid})
        return htmx_redirect(request, reverse("formatpolicy:policy"))


class FormatRuleRemoveView(View):
    def post(self, request):
        form = FormatRuleRemoveForm(request.POST)
        rule = selectors.format_rule_get(user=request.user, puid=form.data.get("puid", ""))
        services.format_rule_remove(rule=rule, actor=request.user)
        messages.success(request, MSG_RULE_REMOVED % {"puid": rule.puid})
        return htmx_redirect(request, reverse("formatpolicy:policy"))
