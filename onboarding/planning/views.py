"""Pages of the portfolio and the connection plan (consortium site), and the published plan (kommun sites).

The förvaltning writes; the ledning reads; nobody else sees these pages (404). Each view is thin:
it validates its form, calls one selector or service, and renders.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from tenants import access, spreadsheet
from tenants.htmx import htmx_redirect, render_page_or_partial

from . import builds, exports, inputs, selectors, services
from .forms import (
    AssessmentForm,
    BuildForm,
    ConstraintForm,
    DecideForm,
    PortfolioFilterForm,
    SettingsForm,
    StartQuarterForm,
    WeightsForm,
)
from .models import PlanBuild, PlanCapacity, PlanVersion


def _require_writer(request) -> None:
    selectors.require_consortium(request.user)
    if not access.is_forvaltning(request.user):
        raise PermissionDenied


def _query_without(request, *names) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def _filter_form(request) -> PortfolioFilterForm:
    return PortfolioFilterForm(request.GET or None, kommuner=selectors.portfolio_kommuner())


class PortfolioView(View):
    """Every system of every kommun: search, filters, sorting, pages. HTMX swaps the results."""

    template_name = "planning/portfolio.html"

    def get(self, request):
        selectors.require_consortium(request.user)
        form = _filter_form(request)
        filters = form.filters()
        page = selectors.portfolio_page(user=request.user, filters=filters, page=request.GET.get("sida"))
        context = {
            "form": form,
            "page": page,
            "sort": filters.sort,
            "query": _query_without(request, "sida", "sort"),
            "page_query": _query_without(request, "sida"),
            "product": selectors.product_name(filters.product),
            "without_product": _query_without(request, "sida", "produkt"),
        }
        return render_page_or_partial(request, self.template_name, context, partial="results")


class PortfolioByProductView(View):
    """The portfolio grouped by product: one connection of a product can serve every kommun that runs it."""

    template_name = "planning/portfolio_products.html"

    def get(self, request):
        selectors.require_consortium(request.user)
        form = _filter_form(request)
        filters = form.filters()
        sort = filters.sort if filters.sort in selectors.PRODUCT_SORTS else "kommuner"
        page = selectors.portfolio_by_product(
            user=request.user, filters=filters, sort=sort, page=request.GET.get("sida")
        )
        context = {
            "form": form,
            "page": page,
            "sort": sort,
            "query": _query_without(request, "sida", "sort"),
            "page_query": _query_without(request, "sida"),
        }
        return render_page_or_partial(request, self.template_name, context, partial="results")


class PortfolioSystemView(View):
    """One system: its explained score, the förvaltning's assessment and its pin/hold/exclusion."""

    template_name = "planning/system.html"

    def _render(self, request, detail, assessment_form=None, constraint_form=None, status=200):
        a, c = detail.assessment, detail.constraint
        context = {
            "detail": detail,
            "can_write": access.is_forvaltning(request.user),
            "assessment_form": assessment_form
            or AssessmentForm(
                initial={
                    "benefit": a.benefit if a else None,
                    "pilot": a.pilot if a else False,
                    "comment": a.comment if a else "",
                }
            ),
            "constraint_form": constraint_form
            or ConstraintForm(
                initial={
                    "kind": c.kind if c else "",
                    "quarter": c.quarter if c else "",
                    "reason": c.reason if c else "",
                }
            ),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request, kommun_id: int, system_id: int):
        detail = selectors.portfolio_system(user=request.user, kommun_id=kommun_id, system_id=system_id)
        return self._render(request, detail)

    def post(self, request, kommun_id: int, system_id: int):
        detail = selectors.portfolio_system(user=request.user, kommun_id=kommun_id, system_id=system_id)
        _require_writer(request)
        kommun = detail.entry.kommun
        if request.POST.get("form") == "assessment":
            form = AssessmentForm(request.POST)
            if not form.is_valid():
                return self._render(request, detail, assessment_form=form, status=422)
            services.assessment_set(kommun=kommun, system_id=system_id, actor=request.user, **form.cleaned_data)
            messages.success(request, _("Bedömningen är sparad."))
        else:
            form = ConstraintForm(request.POST)
            if not form.is_valid():
                return self._render(request, detail, constraint_form=form, status=422)
            try:
                if form.cleaned_data["kind"]:
                    services.constraint_set(kommun=kommun, system_id=system_id, actor=request.user, **form.cleaned_data)
                else:
                    services.constraint_remove(kommun=kommun, system_id=system_id, actor=request.user)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
                return self._render(request, detail, constraint_form=form, status=422)
            messages.success(request, _("Villkoret är sparat."))
        return htmx_redirect(request, reverse("planning:system", args=[kommun_id, system_id]))


class PlanningHomeView(View):
    """The plan's inputs (scoring model, capacity, rules) and its versions."""

    template_name = "planning/home.html"

    def get(self, request, weights_form=None, status=200):
        selectors.require_consortium(request.user)
        settings_row = inputs.current_settings()
        model = settings_row.scoring_model
        context = {
            "settings": settings_row,
            "model": model,
            "weights_form": weights_form or WeightsForm(weights=model.weights()),
            "plans": selectors.plan_list(user=request.user),
            "decided": selectors.decided_plan(),
            "build_form": BuildForm(),
            "can_write": access.is_forvaltning(request.user),
        }
        return render(request, self.template_name, context, status=status)


class WeightsView(View):
    def post(self, request):
        _require_writer(request)
        model = inputs.current_settings().scoring_model
        form = WeightsForm(request.POST, weights=model.weights())
        if not form.is_valid():
            return PlanningHomeView().get(request, weights_form=form, status=422)
        try:
            new = services.scoring_model_set_weights(
                model=model, weights=form.weights(), actor=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
            return PlanningHomeView().get(request, weights_form=form, status=422)
        if new.pk != model.pk:
            messages.success(
                request,
                _("Poängmodellen v%(old)s används i en beslutad plan; vikterna sparades som v%(new)s.")
                % {"old": model.version, "new": new.version},
            )
        else:
            messages.success(request, _("Vikterna är sparade."))
        return htmx_redirect(request, reverse("planning:home"))


class SettingsView(View):
    template_name = "planning/settings.html"

    def _capacity(self):
        return dict(PlanCapacity.objects.values_list("quarter", "person_days"))

    def get(self, request):
        selectors.require_consortium(request.user)
        form = SettingsForm(instance=inputs.current_settings(), capacity=self._capacity())
        return render(request, self.template_name, {"form": form, "can_write": access.is_forvaltning(request.user)})

    def post(self, request):
        _require_writer(request)
        row = inputs.current_settings()
        form = SettingsForm(request.POST, instance=row, capacity=self._capacity())
        if not form.is_valid():
            return render(request, self.template_name, {"form": form, "can_write": True}, status=422)
        data = {f: form.cleaned_data[f] for f in SettingsForm.Meta.fields}
        row.refresh_from_db()
        services.settings_update(data=data, capacity=form.capacity(), actor=request.user)
        messages.success(request, _("Planeringsindata är sparade."))
        return htmx_redirect(request, reverse("planning:settings"))


def _built(request, build: PlanBuild):
    messages.success(request, _("Utkast v%(n)s är byggt.") % {"n": build.plan.number})
    return htmx_redirect(request, reverse("planning:plan", args=[build.plan_id]))


class PlanBuildView(View):
    """The draft is built in Celery; the build's page shows the progress, then leads to the draft."""

    def post(self, request):
        _require_writer(request)
        form = BuildForm(request.POST)
        form.is_valid()
        build = builds.plan_build_request(title=form.cleaned_data.get("title", ""), actor=request.user)
        build.refresh_from_db()
        if build.state == PlanBuild.State.DONE and build.plan_id:  # already built (a worker in this process)
            return _built(request, build)
        return htmx_redirect(request, reverse("planning:build_status", args=[build.pk]))


class PlanBuildStatusView(View):
    """A draft being built: progress (HTMX polls the fragment), then the draft itself."""

    template_name = "planning/build.html"

    def get(self, request, pk: int):
        build = selectors.plan_build_get(user=request.user, pk=pk)
        if build.state == PlanBuild.State.DONE and build.plan_id:
            return _built(request, build)
        context = {"build": build, "progress": builds.plan_build_progress(build)}
        return render_page_or_partial(request, self.template_name, context, partial="status")


class PlanDetailView(View):
    """A version of the plan quarter by quarter; its actions follow its status."""

    template_name = "planning/plan.html"

    def get(self, request, pk: int, decide_form=None, status=200):
        plan = selectors.plan_get(user=request.user, pk=pk)
        blocks, unplanned = selectors.plan_schedule(plan=plan)
        others = [p for p in selectors.plan_list(user=request.user) if p.pk != plan.pk]
        context = {
            "plan": plan,
            "blocks": blocks,
            "unplanned": unplanned,
            "others": others,
            "can_write": access.is_forvaltning(request.user),
            "decide_form": decide_form or DecideForm(),
            "started_quarters": set(plan.starts.values_list("quarter", flat=True)),
            "optimality": selectors.plan_optimality(plan),
        }
        return render(request, self.template_name, context, status=status)


class PlanActionView(View):
    """propose, decide, delete (a draft), start a quarter (of the decided plan)."""

    def post(self, request, pk: int, action: str):
        plan = selectors.plan_get(user=request.user, pk=pk)
        _require_writer(request)
        try:
            if action == "foresla":
                services.plan_propose(plan=plan, actor=request.user)
                messages.success(request, _("Planen är lagd som förslag till samverkansrådet."))
            elif action == "besluta":
                form = DecideForm(request.POST)
                if not form.is_valid():
                    return PlanDetailView().get(request, pk, decide_form=form, status=422)
                services.plan_decide(
                    plan=plan,
                    decided_on=form.cleaned_data["decided_on"],
                    actor=request.user,
                    minutes_reference=form.cleaned_data["minutes_reference"],
                    body=form.cleaned_data["body"],
                )
                messages.success(request, _("Planen är beslutad och publicerad för kommunerna."))
            elif action == "ta-bort":
                services.plan_delete_draft(plan=plan, actor=request.user)
                messages.success(request, _("Utkastet är borttaget."))
                return htmx_redirect(request, reverse("planning:home"))
            elif action == "starta":
                form = StartQuarterForm(request.POST)
                if not form.is_valid():
                    raise Http404
                started = services.plan_start_quarter(
                    plan=plan, quarter=form.cleaned_data["quarter"], actor=request.user
                )
                messages.success(request, _("%(n)s anslutningar är påbörjade.") % {"n": len(started)})
            else:
                raise Http404
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return htmx_redirect(request, reverse("planning:plan", args=[plan.pk]))


class PlanCompareView(View):
    template_name = "planning/compare.html"

    def get(self, request, pk: int):
        plan = selectors.plan_get(user=request.user, pk=pk)
        other_pk = request.GET.get("med", "")
        if not other_pk.isdigit():
            raise Http404
        other = selectors.plan_get(user=request.user, pk=int(other_pk))
        older, newer = sorted([plan, other], key=lambda p: p.number)
        moves = selectors.plan_compare(user=request.user, a=older, b=newer)
        return render(request, self.template_name, {"older": older, "newer": newer, "moves": moves})


class PlanExportView(View):
    def get(self, request, pk: int):
        plan = selectors.plan_get(user=request.user, pk=pk)
        return spreadsheet.download(exports.plan_xlsx(plan), f"anslutningsplan-v{plan.number}.xlsx", "xlsx")


class KommunPlanView(View):
    """On a kommun's site: the decided plan, its own systems with their quarters, the timeline by product."""

    template_name = "planning/kommun_plan.html"

    def get(self, request):
        published = selectors.kommun_published_plan(user=request.user, kommun=request.tenant)
        return render(
            request, self.template_name, {"published": published, "kommun": request.tenant, "State": PlanVersion.State}
        )
