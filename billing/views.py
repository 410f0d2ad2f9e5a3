"""Consortium pages of billing: cost models (förvaltning writes, ledning reads), what-if, totals.

Statements are in views_statements.py. Each view checks the role through a selector (404 otherwise),
calls one service and renders.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from tenants.htmx import htmx_redirect, render_page_or_partial
from tenants.models import Kommun

from . import selectors
from .forms import BaseRowFormSet, CostLineForm, CostModelForm, WhatIfForm
from .models import CostModel
from .services import costs


def _error(request, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


class CostModelListView(View):
    """Every cost model; the förvaltning starts a new one here."""

    template_name = "billing/costmodel_list.html"

    def get(self, request, form=None, status=200):
        models = selectors.cost_models(user=request.user)
        can_edit = selectors.is_forvaltning(request.user)
        form = form or (CostModelForm() if can_edit else None)
        return render(
            request, self.template_name, {"models": models, "form": form, "can_edit": can_edit}, status=status
        )

    def post(self, request):
        selectors.require_forvaltning(request.user)
        form = CostModelForm(request.POST)
        if not form.is_valid():
            return self.get(request, form=form, status=422)
        previous = (
            CostModel.objects.filter(year__lt=form.cleaned_data["year"])
            .exclude(state=CostModel.State.UTKAST)
            .order_by("-year")
            .first()
        )
        model = costs.cost_model_create(
            year=form.cleaned_data["year"], name=form.cleaned_data["name"], actor=request.user, copy_from=previous
        )
        messages.success(request, _("Utkastet är skapat."))
        return htmx_redirect(request, reverse("billing:model_detail", args=[model.pk]))


class CostModelDetailView(View):
    """A model: its lines, and the allocation per kommun and line (key, base, share, amount)."""

    def get(self, request, pk: int):
        model = selectors.cost_model_get(user=request.user, pk=pk)
        table = selectors.allocation_table(user=request.user, model=model)
        context = {
            "model": model,
            "lines": list(model.lines.order_by("position", "pk")),
            "table": table,
            "can_edit": selectors.is_forvaltning(request.user),
            "fallback_years": sorted(
                {r.population_year for r in table.rows if r.population_year != model.year}, key=lambda y: y or 0
            ),
        }
        return render(request, "billing/costmodel_detail.html", context)


class CostModelActionView(View):
    """fix, correct, delete, refresh populations: one POST each, back to the model."""

    def post(self, request, pk: int, action: str):
        selectors.require_forvaltning(request.user)
        model = selectors.cost_model_get(user=request.user, pk=pk)
        target = reverse("billing:model_detail", args=[model.pk])
        try:
            if action == "fix":
                costs.cost_model_fix(model=model, actor=request.user)
                messages.success(request, _("Modellen är fastställd. Den kan inte längre ändras."))
            elif action == "correct":
                draft = costs.cost_model_correct(model=model, actor=request.user)
                target = reverse("billing:model_detail", args=[draft.pk])
                messages.success(request, _("En rättelse är skapad som utkast."))
            elif action == "delete":
                costs.cost_model_delete(model=model, actor=request.user)
                messages.success(request, _("Utkastet är borttaget."))
                target = reverse("billing:model_list")
            elif action == "populations":
                costs.cost_model_refresh_populations(model=model, actor=request.user)
                messages.success(request, _("Folkmängden är uppdaterad."))
        except ValidationError as exc:
            _error(request, exc)
        return htmx_redirect(request, target)


class CostLineEditView(View):
    """Add or change a budget line of a draft."""

    template_name = "billing/costline_form.html"

    def _objects(self, request, pk, line_pk):
        selectors.require_forvaltning(request.user)
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
                if hasattr(exc, "error_dict"):
                    for field, errors in exc.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, exc)
            else:
                messages.success(request, _("Budgetraden är sparad."))
                return htmx_redirect(request, reverse("billing:model_detail", args=[model.pk]))
        return render(request, self.template_name, {"model": model, "line": line, "form": form}, status=422)


class CostLineDeleteView(View):
    def post(self, request, pk: int, line_pk: int):
        selectors.require_forvaltning(request.user)
        model = selectors.cost_model_get(user=request.user, pk=pk)
        line = selectors.cost_line_get(user=request.user, model=model, pk=line_pk)
        try:
            costs.cost_line_delete(line=line, actor=request.user)
            messages.success(request, _("Budgetraden är borttagen."))
        except ValidationError as exc:
            _error(request, exc)
        return htmx_redirect(request, reverse("billing:model_detail", args=[model.pk]))


class CostBasesView(View):
    """The kommuner's bases of a draft: who takes part, connected systems, GB, deliveries, joining."""

    template_name = "billing/costbase_form.html"

    def _context(self, request, model, formset=None):
        bases = list(model.bases.select_related("kommun").order_by("kommun__kommunkod"))
        if formset is None:
            formset = BaseRowFormSet(
                initial=[
                    {
                        "base_id": b.pk,
                        "participates": True,
                        "systems": b.systems,
                        "gb": b.gb,
                        "deliveries": b.deliveries,
                        "joining": b.joining,
                    }
                    for b in bases
                ]
            )
        return {
            "model": model,
            "rows": list(zip(bases, formset.forms, strict=False)),
            "formset": formset,
            "joinable": selectors.joinable_kommuner(model=model),
        }

    def get(self, request, pk: int):
        selectors.require_forvaltning(request.user)
        model = selectors.cost_model_get(user=request.user, pk=pk)
        return render(request, self.template_name, self._context(request, model))

    def post(self, request, pk: int):
        selectors.require_forvaltning(request.user)
        model = selectors.cost_model_get(user=request.user, pk=pk)
        try:
            if request.POST.get("add_kommun"):
                kommun = Kommun.objects.members().filter(pk=request.POST["add_kommun"]).first()
                if kommun is not None:
                    costs.cost_base_add(model=model, kommun=kommun, actor=request.user)
                return htmx_redirect(request, reverse("billing:model_bases", args=[model.pk]))
            if request.POST.get("from_platform"):
                changed = costs.cost_bases_refresh_from_platform(model=model, actor=request.user)
                messages.success(
                    request,
                    _("Underlaget är hämtat från plattformen (%(n)s kommuner ändrade).") % {"n": len(changed)},
                )
                return htmx_redirect(request, reverse("billing:model_bases", args=[model.pk]))
            formset = BaseRowFormSet(request.POST)
            if not formset.is_valid():
                return render(request, self.template_name, self._context(request, model, formset), status=422)
            rows = {
                f.cleaned_data["base_id"]: {k: v for k, v in f.cleaned_data.items() if k != "base_id"}
                for f in formset.forms
            }
            costs.cost_bases_update(model=model, rows=rows, actor=request.user)
        except ValidationError as exc:
            _error(request, exc)
            return htmx_redirect(request, reverse("billing:model_detail", args=[model.pk]))
        messages.success(request, _("Underlaget är sparat."))
        return htmx_redirect(request, reverse("billing:model_detail", args=[model.pk]))


class WhatIfView(View):
    """Preview: kommuner join or leave, or a line changes; side by side with the model, per kommun."""

    template_name = "billing/whatif.html"

    def get(self, request, pk: int):
        model = selectors.cost_model_get(user=request.user, pk=pk)
        participants = Kommun.objects.filter(pk__in=model.bases.values("kommun_id")).order_by("name")
        joinable = Kommun.objects.members().exclude(pk__in=model.bases.values("kommun_id")).order_by("name")
        form = WhatIfForm(request.GET or None, model=model, joinable=joinable, participants=participants)
        result = None
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            result = selectors.what_if(
                user=request.user,
                model=model,
                join=list(data["join"]),
                new_name=data["new_name"],
                new_population=data["new_population"],
                leave=list(data["leave"]),
                line=data["line"],
                new_amount=data["new_amount"],
            )
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
        rows = []
        if totals.table:
            rows = [(row, totals.invoiced.get(row.kommun_id)) for row in totals.table.rows]
        return render(request, "billing/totals.html", {"year": year, "totals": totals, "rows": rows})


def index(request):
    return redirect("billing:model_list")
