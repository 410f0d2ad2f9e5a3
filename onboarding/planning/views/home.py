"""The plan's inputs: the start page (scoring model, versions), the weights, capacity and rules."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.views import View

from tenants import access
from tenants.errors import errors_to_form
from tenants.htmx import htmx_redirect

from .. import inputs, selectors, services
from ..forms import BuildForm, SettingsForm, WeightsForm
from ..messages import MSG_SETTINGS_SAVED, MSG_WEIGHTS_NEW_VERSION, MSG_WEIGHTS_SAVED


def _home_page(request, weights_form=None, status=200):
    settings_row = inputs.current_settings()
    model = settings_row.scoring_model
    weights_form = weights_form or WeightsForm(weights=model.weights())
    context = {
        "settings": settings_row,
        "model": model,
        "weights_form": weights_form,
        "weights_total": weights_form.shares(),
        "plans": selectors.plan_list(user=request.user),
        "decided": selectors.decided_plan(),
        "build_form": BuildForm(),
        "can_write": access.is_forvaltning(request.user),
    }
    return render(request, "planning/home.html", context, status=status)


class PlanningHomeView(View):
    """The plan's inputs (scoring model, capacity, rules) and its versions."""

    def get(self, request):
        access.require_consortium_reader(request.user)
        return _home_page(request)


def _weights_saved(old, new) -> str:
    if new.pk != old.pk:
        return MSG_WEIGHTS_NEW_VERSION % {"old": old.version, "new": new.version}
    return str(MSG_WEIGHTS_SAVED)


class WeightsView(View):
    """The scoring model's weights; a model a decided plan used gets a new version instead."""

    def post(self, request):
        access.require_forvaltning(request.user)
        model = inputs.current_settings().scoring_model
        form = WeightsForm(request.POST, weights=model.weights())
        if form.is_valid():
            try:
                new = services.scoring_model_set_weights(
                    model=model, weights=form.weights(), actor=request.user, note=form.cleaned_data["note"]
                )
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, _weights_saved(model, new))
                return htmx_redirect(request, reverse("planning:home"))
        return _home_page(request, weights_form=form, status=422)


class SettingsView(View):
    """The draft inputs: start quarter, horizon, fairness rule, effort, the capacity of each quarter."""

    template_name = "planning/settings.html"

    def get(self, request):
        access.require_consortium_reader(request.user)
        form = SettingsForm(instance=inputs.current_settings(), capacity=selectors.plan_capacity())
        return render(request, self.template_name, {"form": form, "can_write": access.is_forvaltning(request.user)})

    def post(self, request):
        access.require_forvaltning(request.user)
        row = inputs.current_settings()
        form = SettingsForm(request.POST, instance=row, capacity=selectors.plan_capacity())
        if not form.is_valid():
            return render(request, self.template_name, {"form": form, "can_write": True}, status=422)
        data = {f: form.cleaned_data[f] for f in SettingsForm.Meta.fields}
        services.settings_update(data=data, capacity=form.capacity(), actor=request.user)
        messages.success(request, MSG_SETTINGS_SAVED)
        return htmx_redirect(request, reverse("planning:settings"))
