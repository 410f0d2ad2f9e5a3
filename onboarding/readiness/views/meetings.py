"""The consortium site's meetings: the list with when each kommun was last met, a new meeting (with an action for
one kommun or every kommun), a meeting and more actions from it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.views import View

from tenants import access
from tenants.htmx import htmx_redirect
from tenants.models import Kommun
from tenants.swedish import ordered

from .. import selectors, services
from ..forms import ActionFields, MeetingForm
from ..messages import MSG_ACTION_ADDED, MSG_MEETING_SAVED, MSG_TITLE_REQUIRED


def _kommuner() -> list[Kommun]:
    return list(Kommun.objects.members().active().order_by(ordered("name")))


class MeetingListView(View):
    def get(self, request):
        context = {
            "meetings": selectors.meetings(user=request.user),
            "last_met": selectors.last_met(user=request.user),
            "can_edit": access.is_forvaltning(request.user),
        }
        return render(request, "readiness/meetings.html", context)


class MeetingCreateView(View):
    def get(self, request):
        access.require_forvaltning(request.user)
        return render(request, "readiness/meeting_form.html", {"form": MeetingForm(kommuner=_kommuner())})

    def post(self, request):
        access.require_forvaltning(request.user)
        form = MeetingForm(request.POST, kommuner=_kommuner())
        if form.is_valid():
            action = form.action()
            try:
                meeting = services.meeting_create(
                    actor=request.user, actions=[action] if action else [], **form.meeting()
                )
            except ValidationError as error:
                form.add_error(None, error)
        if form.errors:
            return render(request, "readiness/meeting_form.html", {"form": form}, status=422)
        messages.success(request, MSG_MEETING_SAVED)
        return htmx_redirect(request, reverse("readiness:meeting", args=[meeting.pk]))


def _meeting_page(request, meeting, form=None, status=200):
    context = {
        "meeting": meeting,
        "actions": meeting.actions.all(),
        "can_edit": access.is_forvaltning(request.user),
        "action_form": form or ActionFields(kommuner=list(meeting.kommuner.all())),
    }
    return render(request, "readiness/meeting_detail.html", context, status=status)


class MeetingView(View):
    def get(self, request, pk: int):
        return _meeting_page(request, selectors.meeting_get(user=request.user, pk=pk))


class MeetingActionAddView(View):
    def post(self, request, pk: int):
        access.require_forvaltning(request.user)
        meeting = selectors.meeting_get(user=request.user, pk=pk)
        form = ActionFields(request.POST, kommuner=list(meeting.kommuner.all()))
        if form.is_valid() and form.action() is None:
            form.add_error("action_title", ValidationError(MSG_TITLE_REQUIRED))
        if form.is_valid():
            try:
                services.meeting_action_add(meeting=meeting, actor=request.user, **form.action())
            except ValidationError as error:
                form.add_error(None, error)
        if form.errors:
            return _meeting_page(request, meeting, form, status=422)
        messages.success(request, MSG_ACTION_ADDED)
        return htmx_redirect(request, reverse("readiness:meeting", args=[meeting.pk]))
