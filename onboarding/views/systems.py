"""The systems list, a system's page, the review actions (submit, mark ready, ask for completion) and deletion."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.views import View

from onboarding import rules, selectors, services
from onboarding.completeness import completeness
from onboarding.forms import AttachmentForm, CompletionRequestForm, SystemFilterForm
from onboarding.messages import (
    MSG_COMPLETION_ASKED,
    MSG_MARKED_READY,
    MSG_NOT_ALLOWED,
    MSG_SUBMITTED,
    MSG_SYSTEM_DELETED,
    MSG_SYSTEM_HAS_CONNECTION,
)
from onboarding.planning.selectors import system_plan_status
from onboarding.portfolio.selectors import product_suggest
from onboarding.selectors import SystemFilters
from tenants.errors import errors_to_message
from tenants.htmx import htmx_redirect, query_without, render_page_or_partial


def filters_from(form: SystemFilterForm) -> SystemFilters:
    data = form.cleaned_data if form.is_valid() else {}
    return SystemFilters(
        q=data.get("q") or "",
        status=data.get("status") or "",
        min_confidentiality=data.get("k"),
        personal_data=data.get("personuppgifter") or "",
        decommission_12m=bool(data.get("avveckling")),
        export_capability=data.get("export") or "",
        sort=data.get("sort") or "namn",
    )


def _with_progress(systems: list) -> list:
    """Each row's "7 av 10", translated once for the page rather than a blocktranslate a row."""
    progress = gettext("%(done)s av %(total)s")
    for system in systems:
        system.progress = progress % {"done": system.state.done, "total": system.state.total}
    return systems


class SystemListView(View):
    """Search, filter and sort the kommun's systems. HTMX swaps the results; plain GET works the same."""

    template_name = "onboarding/system_list.html"

    def get(self, request):
        kommun = request.tenant
        form = SystemFilterForm(request.GET)
        filters = filters_from(form)
        page = selectors.system_list_page(
            user=request.user, kommun=kommun, filters=filters, number=request.GET.get("sida")
        )
        context = {
            "form": form,
            "page": page,
            "systems": _with_progress(page.object_list),
            "sort": filters.sort,
            "query": query_without(request, "sida", "sort"),
            "can_create": rules.can_create(request.user, kommun),
            "can_rank": rules.can_rank(request.user, kommun),
        }
        return render_page_or_partial(request, self.template_name, context, partial="results")


def _if_any(system, flag: str, related) -> list:
    """The related rows, unless the system's own query said there are none (selectors.system_get_for_page);
    a system from system_get says nothing, and they are read."""
    return list(related.all()) if getattr(system, flag, True) else []


def system_context(request, system, **extra) -> dict:
    kommun = request.tenant
    user = request.user
    info_types = list(system.information_types.all())
    can_edit = rules.can_edit(user, kommun, system)
    can_request_completion = rules.can_request_completion(user, system)
    return {
        "system": system,
        "info_types": info_types,
        "state": completeness(system, info_types),
        "history": selectors.system_history(system=system, kommun=kommun),
        "completion_requests": _if_any(system, "has_completion_requests", system.completion_requests),
        "attachments": _if_any(system, "has_attachments", system.attachments),
        "can_edit": can_edit,
        "can_delete": rules.can_delete(user, kommun, system),
        "can_submit": rules.can_submit(user, kommun, system),
        "can_mark_ready": rules.can_mark_ready(user, kommun, system),
        "can_request_completion": can_request_completion,
        # Each form is made only for the person who is shown it.
        "completion_form": extra.pop("completion_form", None)
        or (CompletionRequestForm() if can_request_completion else None),
        "attachment_form": extra.pop("attachment_form", None) or (AttachmentForm() if can_edit else None),
        "plan_status": system_plan_status(kommun=kommun, system_id=system.pk),
        **extra,
    }


class SystemDetailView(View):
    """Everything about one system: facts, completeness, requests, attachments and history."""

    def get(self, request, pk: int):
        system = selectors.system_get_for_page(user=request.user, kommun=request.tenant, pk=pk)
        return render(request, "onboarding/system_detail.html", system_context(request, system))


class _SystemReviewView(View):
    """A review step on a system (a POST), answered with a redirect to its page; a refusal as a message."""

    def post(self, request, pk: int):
        system = selectors.system_get(user=request.user, kommun=request.tenant, pk=pk)
        try:
            answer = self.act(request, system)
        except ValidationError as exc:
            errors_to_message(request, exc)
            answer = None
        return answer or htmx_redirect(request, reverse("onboarding:system_detail", args=[system.pk]))

    def act(self, request, system):
        raise NotImplementedError


class SystemSubmitView(_SystemReviewView):
    """The kommun sends the system in to the förvaltning."""

    def act(self, request, system):
        services.system_submit(system=system, actor=request.user)
        messages.success(request, MSG_SUBMITTED)


class SystemMarkReadyView(_SystemReviewView):
    """The förvaltning marks the system ready for prioritisation."""

    def act(self, request, system):
        services.system_mark_ready(system=system, actor=request.user)
        messages.success(request, MSG_MARKED_READY)


class SystemCompletionView(_SystemReviewView):
    """The förvaltning asks the kommun to complete the system's facts (a comment is required)."""

    def act(self, request, system):
        form = CompletionRequestForm(request.POST)
        if not form.is_valid():
            context = system_context(request, system, completion_form=form)
            return render(request, "onboarding/system_detail.html", context, status=422)
        services.system_request_completion(system=system, comment=form.cleaned_data["comment"], actor=request.user)
        messages.success(request, MSG_COMPLETION_ASKED)
        return None


class SystemDeleteView(View):
    """GET: what would be deleted, and a button to confirm (a page, or a panel for HTMX). POST: delete.

    A system with a connection to the e-archive cannot be deleted: the page says so, and a POST
    answers the same message on the system's page (nothing is changed).
    """

    template_name = "onboarding/system_delete.html"

    def _system(self, request, pk: int):
        system = selectors.system_get(user=request.user, kommun=request.tenant, pk=pk)
        if not rules.can_delete(request.user, request.tenant, system):
            raise PermissionDenied(MSG_NOT_ALLOWED)
        return system

    def get(self, request, pk: int):
        system = self._system(request, pk)
        context = {
            "system": system,
            "info_types": list(system.information_types.all()),
            "attachments": list(system.attachments.all()),
            "refused": MSG_SYSTEM_HAS_CONNECTION if selectors.system_has_connection(system) else "",
        }
        return render_page_or_partial(request, self.template_name, context, partial="confirm")

    def post(self, request, pk: int):
        system = self._system(request, pk)
        try:
            services.system_delete(system=system, actor=request.user)
        except ValidationError as exc:
            errors_to_message(request, exc)
            return htmx_redirect(request, reverse("onboarding:system_detail", args=[system.pk]))
        messages.success(request, MSG_SYSTEM_DELETED % {"name": system.name})
        return htmx_redirect(request, reverse("onboarding:system_list"))


def product_suggestions(request):
    """Products matching what is typed (HTMX fills a datalist; without JS a plain list page)."""
    products = product_suggest(request.GET.get("product_name") or request.GET.get("q", ""))
    template = "onboarding/partials/product_options.html" if request.htmx else "onboarding/product_suggestions.html"
    return render(request, template, {"products": products, "q": request.GET.get("q", "")})
