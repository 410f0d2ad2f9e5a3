"""The consortium site: every kommun's readiness, the checklist template in versions, one kommun's checklist
(reopen an action, set its planned first connection). The förvaltning writes; ledning reads."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from tenants import access
from tenants.htmx import htmx_redirect

from .. import selectors, services
from ..forms import ChecklistItemForm, FirstConnectionForm, PublishForm, ReopenForm
from ..messages import MSG_DRAFT_CREATED, MSG_ITEM_REMOVED, MSG_ITEM_SAVED, MSG_PLAN_SAVED, MSG_PUBLISHED, MSG_REOPENED


class OverviewView(View):
    def get(self, request):
        sort = request.GET.get("sortera", "kommun")
        rows = selectors.overview(user=request.user, today=timezone.localdate(), sort=sort)
        context = {"rows": rows, "sort": sort if sort in selectors.SORTS else "kommun"}
        return render(request, "readiness/overview.html", context)


def _template_page(request, item_form=None, publish_form=None, status=200):
    versions = selectors.versions(user=request.user)
    draft = next((v for v in versions if not v.is_published), None)
    context = {
        "versions": versions,
        "draft": draft,
        "can_edit": access.is_forvaltning(request.user),
        "item_form": item_form or ChecklistItemForm(),
        "publish_form": publish_form or PublishForm(),
    }
    return render(request, "readiness/template.html", context, status=status)


class TemplateView(View):
    def get(self, request):
        return _template_page(request)


class DraftCreateView(View):
    def post(self, request):
        access.require_forvaltning(request.user)
        try:
            draft = services.checklist_draft_create(actor=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, MSG_DRAFT_CREATED % {"number": draft.number})
        return htmx_redirect(request, reverse("readiness:template"))


class DraftItemAddView(View):
    def post(self, request):
        draft = selectors.draft_get(user=request.user)
        form = ChecklistItemForm(request.POST)
        if form.is_valid():
            try:
                item = services.checklist_item_add(version=draft, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
        if form.errors:
            return _template_page(request, item_form=form, status=422)
        messages.success(request, MSG_ITEM_SAVED % {"title": item.title})
        return htmx_redirect(request, reverse("readiness:template"))


class DraftItemRemoveView(View):
    def post(self, request, pk: int):
        item = selectors.draft_item_get(user=request.user, pk=pk)
        services.checklist_item_remove(item=item, actor=request.user)
        messages.success(request, MSG_ITEM_REMOVED % {"title": item.title})
        return htmx_redirect(request, reverse("readiness:template"))


class PublishView(View):
    def post(self, request):
        draft = selectors.draft_get(user=request.user)
        form = PublishForm(request.POST)
        if form.is_valid():
            try:
                services.checklist_publish(version=draft, note=form.cleaned_data["note"], actor=request.user)
            except ValidationError as error:
                form.add_error(None, error)
        if form.errors:
            return _template_page(request, publish_form=form, status=422)
        messages.success(request, MSG_PUBLISHED % {"number": draft.number})
        return htmx_redirect(request, reverse("readiness:template"))


def _kommun_page(request, kommun, reopen_form=None, plan_form=None, status=200):
    readiness = selectors.checklist_for(user=request.user, kommun=kommun, today=timezone.localdate())
    initial = {"first_connection": readiness.first_connection}
    context = {
        "readiness": readiness,
        "kommun": kommun,
        "can_edit": access.is_forvaltning(request.user),
        "reopen_form": reopen_form,
        "plan_form": plan_form or FirstConnectionForm(initial=initial),
    }
    return render(request, "readiness/consortium_kommun.html", context, status=status)


class KommunChecklistView(View):
    def get(self, request, kommun_id: int):
        return _kommun_page(request, selectors.kommun_for_consortium(user=request.user, kommun_id=kommun_id))


class ReopenView(View):
    def post(self, request, kommun_id: int):
        access.require_forvaltning(request.user)
        kommun = selectors.kommun_for_consortium(user=request.user, kommun_id=kommun_id)
        readiness = selectors.checklist_for(user=request.user, kommun=kommun, today=timezone.localdate())
        action = selectors.action_in(readiness, request.POST.get("action", ""))
        form = ReopenForm(request.POST)
        if form.is_valid():
            try:
                services.action_reopen(
                    kommun=kommun, action=action, reason=form.cleaned_data["reason"], actor=request.user
                )
            except ValidationError as error:
                form.add_error(None, error)
        if form.errors:
            form.action_key = action.key
            return _kommun_page(request, kommun, reopen_form=form, status=422)
        messages.success(request, MSG_REOPENED)
        return htmx_redirect(request, reverse("readiness:kommun", args=[kommun.pk]))


class FirstConnectionView(View):
    def post(self, request, kommun_id: int):
        access.require_forvaltning(request.user)
        kommun = selectors.kommun_for_consortium(user=request.user, kommun_id=kommun_id)
        form = FirstConnectionForm(request.POST)
        if not form.is_valid():
            return _kommun_page(request, kommun, plan_form=form, status=422)
        services.kommun_plan_set(
            kommun=kommun, first_connection=form.cleaned_data["first_connection"], actor=request.user
        )
        messages.success(request, MSG_PLAN_SAVED % {"kommun": kommun.name})
        return htmx_redirect(request, reverse("readiness:kommun", args=[kommun.pk]))
