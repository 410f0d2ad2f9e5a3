"""Consortium pages of billing: cost models (förvaltning writes, ledning reads), what-if, totals.

One small view per action; each checks the role through tenants.access or a selector (404 otherwise),
calls one service and goes back to the model.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from tenants import access
from tenants.errors import errors_to_form, errors_to_message
from tenants.htmx import htmx_redirect, render_page_or_partial

from .. import messages as msg
from .. import selectors
from ..forms import BaseRowFormSet, CostLineForm, CostModelForm, WhatIfForm
from ..services import costs
from .actions import ActionView


def _model_url(model) -> str:
    return reverse("billing:model_detail", args=[model.pk])


class CostModelListView(View):
    """Every cost model; the förvaltning starts a new one here."""

    template_name = "billing/costmodel_list.html"

    def get(self, request, form=None, status=200):
        models = selectors.cost_models(user=request.user)
        can_edit = access.is_forvaltning(request.user)
        form = form or (CostModelForm() if can_edit else None)
        context = {"models": models, "form": form, "can_edit": can_edit}
        return render(request, self.template_name, context, status=status)

    def post(self, request):
        access.require_forvaltning(request.user)
        form = CostModelForm(request.POST)
        if not form.is_valid():
            return self.get(request, form=form, status=422)
        year = form.cleaned_data["year"]
        previous = selectors.cost_model_before(user=request.user, year=year)
        model = costs.cost_model_create(
            year=year, name=form.cleaned_data["name"], actor=request.user, copy_from=previous
        )
        messages.success(request, msg.MSG_DRAFT_CREATED)
        return htmx_redirect(request, _model_url(model))


class CostModelDetailView(View):
    """A model: its lines, and the allocation per kommun and line (key, base, share, amount)."""

    def get(self, request, pk: int):
        model = selectors.cost_model_get(user=request.user, pk=pk)
        table = selectors.allocation_table(user=request.user, model=model)
        context = {
            "model": model,
            "lines": list(model.lines.order_by("position", "pk")),
            "table": table,
            "can_edit": access.is_forvaltning(request.user),
            "fallback_years": table.fallback_years(model.year),
        }
        return render(request, "billing/costmodel_detail.html", context)


class _CostModelAction(ActionView):
    """An action on a cost model; refused, back to the model."""

    def get_object(self, request, pk: int):
        return selectors.cost_model_get(user=request.user, pk=pk)

    def refused_url(self, obj) -> str:
        return _model_url(obj)


class CostModelFixView(_CostModelAction):
    def act(self, request, model) -> str:
        costs.cost_model_fix(model=model, actor=request.user)
        messages.success(request, msg.MSG_MODEL_FIXED)
        return _model_url(model)


class CostModelCorrectView(_CostModelAction):
    def act(self, request, model) -> str:
        draft = costs.cost_model_correct(model=model, actor=request.user)
        messages.success(request, msg.MSG_CORRECTION_CREATED)
        return _model_url(draft)


class CostModelDeleteView(_CostModelAction):
    def act(self, request, model) -> str:
        costs.cost_model_delete(model=model, actor=request.user)
        messages.success(request, msg.MSG_DRAFT_DELETED)
        return reverse("billing:model_list")


class CostModelPopulationsView(_CostModelAction):
    def act(self, request, model) -> str:
        costs.cost_model_refresh_populations(model=model, actor=request.user)
        messages.success(request, msg.MSG_POPULATIONS_REFRESHED)
        return _model_url(model)


class CostLineEditView(View):
    """Add or change a budget line of a draft."""

    template_name = "billing/costline_form.html"

    def _objects(self, request, pk, line_pk):
        access.require_forvaltning(request.user)
        model = selectors.cost_model_get(user=request.user, pk=pk)
        line = selectors.cost_line_get(user=request.user, model=model, pk=line_pk) if line_pk else None
        return model, line

    def get(self, request, pk: int, line_pk: int | None = None):
        model, line = self._objects(request, pk, line_pk)
        return render(request, self.template_name, {"model": model, "line": line, "form": CostLineForm(instance=line)})

    def post(self, request, pk: int, line_pk: int | None = None):
        model, line = self._objects(request, pk, line_pk)
        form = CostLineForm(request.POST, instance=line)
        if form.is_valid():
            data = {k: form.cleaned_data[k] for k in form.Meta.fields}
            try:
                if line is None:
                    costs.cost_line_create(model=model, actor=request.user, **data)
                else:
                    costs.cost_line_update(line=line, actor=request.user, **data)
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, msg.MSG_LINE_SAVED)
                return htmx_redirect(request, _model_url(model))
        return render(request, self.template_name, {"model": model, "line": line, "form": form}, status=422)


class CostLineDeleteView(View):
    def post(self, request, pk: int, line_pk: int):
        access.require_forvaltning(request.user)
        model = selectors.cost_model_get(user=request.user, pk=pk)
        line = selectors.cost_line_get(user=request.user, model=model, pk=line_pk)
        try:
            costs.cost_line_delete(line=line, actor=request.user)
            messages.success(request, msg.MSG_LINE_DELETED)
        except ValidationError as exc:
            errors_to_message(request, exc)
        return htmx_redirect(request, _model_url(model))


class CostBasesView(View):
    """The kommuner's bases of a draft: who takes part, connected systems, GB, deliveries, joining."""

    template_name = "billing/costbase_form.html"

    def _context(self, model, formset):
        bases = selectors.cost_bases(model=model)
        formset = formset or BaseRowFormSet(initial=[BaseRowFormSet.initial_of(b) for b in bases])
        return {
            "model": model,
            "rows": list(zip(bases, formset.forms, strict=False)),
            "formset": formset,
            "joinable": selectors.joinable_kommuner(model=model),
        }

    def get(self, request, pk: int):
        access.require_forvaltning(request.user)
        model = selectors.cost_model_get(user=request.user, pk=pk)
        return render(request, self.template_name, self._context(model, None))

    def post(self, request, pk: int):
        access.require_forvaltning(request.user)
        model = selectors.cost_model_get(user=request.user, pk=pk)
        formset = BaseRowFormSet(request.POST)
        if not formset.is_valid():
            return render(request, self.template_name, self._context(model, formset), status=422)
        try:
            costs.cost_bases_update(model=model, rows=formset.rows(), actor=request.user)
        except ValidationError as exc:
            errors_to_message(request, exc)
        else:
            messages.success(request, msg.MSG_BASES_SAVED)
        return htmx_redirect(request, _model_url(model))


class CostBaseAddView(_CostModelAction):
    """A member kommun joins the draft (an unknown or taken kommun changes nothing); back to the bases."""

    def act(self, request, model) -> str:
        kommun = selectors.member_kommun(pk=request.POST.get("add_kommun"))
        if kommun is not None:
            costs.cost_base_add(model=model, kommun=kommun, actor=request.user)
        return reverse("billing:model_bases", args=[model.pk])


class CostBasesFromPlatformView(_CostModelAction):
    """Connected systems, GB and deliveries counted from the platform; back to the bases."""

    def act(self, request, model) -> str:
        changed = costs.cost_bases_refresh_from_platform(model=model, actor=request.user)
        messages.success(request, msg.MSG_BASES_FROM_PLATFORM % {"n": len(changed)})
        return reverse("billing:model_bases", args=[model.pk])


class WhatIfView(View):
    """Preview: kommuner join or leave, or a line changes; side by side with the model, per kommun."""

    template_name = "billing/whatif.html"

    def get(self, request, pk: int):
        model = selectors.cost_model_get(user=request.user, pk=pk)
        participants, joinable = selectors.participants_and_joinable(model=model)
        form = WhatIfForm(request.GET or None, model=model, joinable=joinable, participants=participants)
        result = None
        if form.is_bound and form.is_valid():
            result = selectors.what_if(user=request.user, model=model, **form.cleaned_data)
        context = {"model": model, "form": form, "result": result}
        return render_page_or_partial(request, self.template_name, context, partial="result")


class TotalsView(View):
    """Ledning (and the förvaltning): the fixed model of a year per kommun and line, and what was invoiced."""

    def get(self, request):
        try:
            year = int(request.GET.get("year") or timezone.localdate().year)
        except ValueError:
            year = timezone.localdate().year
        totals = selectors.totals_for_ledning(user=request.user, year=year)
        rows = [(row, totals.invoiced.get(row.kommun_id)) for row in totals.table.rows] if totals.table else []
        return render(request, "billing/totals.html", {"year": year, "totals": totals, "rows": rows})
