"""A version of the plan: its page, one small view per action of its buttons, the comparison, the xlsx."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from tenants import access, spreadsheet
from tenants.errors import errors_to_message
from tenants.htmx import htmx_redirect, render_page_or_partial

from .. import exports, selectors, services
from ..forms import DecideForm, StartQuarterForm
from ..messages import MSG_DECIDED, MSG_DRAFT_DELETED, MSG_PROPOSED, MSG_QUARTER_STARTED

# ?lista=...: a folded list of the plan page, read when it is opened (the fragment for HTMX, else the whole page).
LISTS = {"missar": "misses", "ej-planerade": "unplanned"}


def _plan_page(request, plan, decide_form=None, status=200):
    wanted = request.GET.get("lista", "") if request.method == "GET" else ""
    summary = selectors.plan_summary(plan, with_misses=wanted == "missar")
    page, unplanned = request.GET.get("sida"), wanted == "ej-planerade"
    schedule = selectors.plan_page(plan=plan, page_number=page, with_unplanned=unplanned, summary=summary.figures)
    context = {
        "open_list": wanted,
        "summary": summary,  # its figures, the number of missed dates and those shown
        "show_unplanned": schedule.unplanned_in_page,
        "plan": plan,
        "quarters": schedule.quarters,
        "blocks": schedule.blocks,
        "page": schedule.page,
        "page_query": "",  # the plan page has no filters: the pager's links carry only the page
        "unplanned": schedule.unplanned,
        "unplanned_count": schedule.unplanned_count,
        "unplanned_shown": selectors.UNPLANNED_SHOWN,
        "others": selectors.plan_others(user=request.user, plan=plan),
        "can_write": access.is_forvaltning(request.user),
        "decide_form": decide_form or DecideForm(),
        "started_quarters": selectors.plan_started_quarters(plan),
        "optimality": selectors.plan_optimality(plan, summary.figures),
    }
    if wanted in LISTS:
        return render_page_or_partial(request, "planning/plan.html", context, partial=LISTS[wanted], status=status)
    return render(request, "planning/plan.html", context, status=status)


class PlanDetailView(View):
    """A version of the plan quarter by quarter; its actions follow its status."""

    def get(self, request, pk: int):
        return _plan_page(request, selectors.plan_get(user=request.user, pk=pk, with_summary=False))


class PlanActionView(View):
    """A button of the plan page, the förvaltning's only (404 for everyone else).

    `act` does the one thing; a refusal of the service comes back as a message on the plan's page.
    It returns a response of its own, or None to go back to the plan.
    """

    def get(self, request, pk: int):
        """Someone who opens or reloads a button's address lands on the plan, not on a 405 page."""
        access.require_forvaltning(request.user)
        plan = selectors.plan_get(user=request.user, pk=pk)
        return redirect("planning:plan", plan.pk)

    def post(self, request, pk: int):
        access.require_forvaltning(request.user)
        plan = selectors.plan_get(user=request.user, pk=pk)
        try:
            response = self.act(request, plan)
        except ValidationError as exc:
            errors_to_message(request, exc)
            response = None
        return response or htmx_redirect(request, reverse("planning:plan", args=[plan.pk]))

    def act(self, request, plan):
        raise NotImplementedError


class PlanProposeView(PlanActionView):
    """utkast -> förslag: the draft goes to samverkansrådet."""

    def act(self, request, plan):
        services.plan_propose(plan=plan, actor=request.user)
        messages.success(request, MSG_PROPOSED)


class PlanDecideView(PlanActionView):
    """förslag -> beslutad, with the date and the minutes of samverkansrådet's decision."""

    def act(self, request, plan):
        form = DecideForm(request.POST)
        if not form.is_valid():
            return _plan_page(request, plan, decide_form=form, status=422)
        services.plan_decide(plan=plan, actor=request.user, **form.cleaned_data)
        messages.success(request, MSG_DECIDED)
        return None


class PlanDeleteDraftView(PlanActionView):
    """A draft nobody needs goes away; back to the plan's start page."""

    def act(self, request, plan):
        services.plan_delete_draft(plan=plan, actor=request.user)
        messages.success(request, MSG_DRAFT_DELETED)
        return htmx_redirect(request, reverse("planning:home"))


class PlanStartQuarterView(PlanActionView):
    """The decided plan reaches a quarter: its systems' connections begin."""

    def act(self, request, plan):
        form = StartQuarterForm(request.POST)
        if not form.is_valid():
            raise Http404
        started = services.plan_start_quarter(plan=plan, quarter=form.cleaned_data["quarter"], actor=request.user)
        messages.success(request, MSG_QUARTER_STARTED % {"n": len(started)})


class PlanCompareView(View):
    """What moved between two versions, by how many quarters, and why."""

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
    """The version as a spreadsheet: the plan, its quarters, what cannot be held, its inputs."""

    def get(self, request, pk: int):
        plan = selectors.plan_get(user=request.user, pk=pk)
        return spreadsheet.download(exports.plan_xlsx(plan), f"anslutningsplan-v{plan.number}.xlsx", "xlsx")
