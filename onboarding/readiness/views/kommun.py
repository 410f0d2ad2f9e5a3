"""A kommun's site: its whole checklist (mark an action done with a comment) and its meetings."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from tenants.htmx import htmx_redirect

from .. import selectors, services
from ..forms import MarkDoneForm
from ..messages import MSG_MARKED_DONE


def _checklist(request, form=None, status=200):
    kommun = request.tenant
    readiness = selectors.checklist_for(user=request.user, kommun=kommun, today=timezone.localdate())
    context = {"readiness": readiness, "form": form, "can_mark": selectors.can_mark(request.user, kommun)}
    return render(request, "readiness/kommun_checklist.html", context, status=status)


class KommunChecklistView(View):
    def get(self, request):
        return _checklist(request)


class MarkDoneView(View):
    def post(self, request):
        kommun = request.tenant
        selectors.require_kommun_member(request.user, kommun)
        readiness = selectors.checklist_for(user=request.user, kommun=kommun, today=timezone.localdate())
        action = selectors.action_in(readiness, request.POST.get("action", ""))
        form = MarkDoneForm(request.POST)
        if form.is_valid():
            try:
                services.action_mark_done(
                    kommun=kommun, action=action, comment=form.cleaned_data["comment"], actor=request.user
                )
            except ValidationError as error:
                form.add_error(None, error)
        if form.errors:
            form.action_key = action.key
            return _checklist(request, form, status=422)
        messages.success(request, MSG_MARKED_DONE)
        return htmx_redirect(request, reverse("readiness:checklist") + f"#{action.key.replace(':', '-')}")


class KommunMeetingsView(View):
    def get(self, request):
        meetings = selectors.meetings_of_kommun(user=request.user, kommun=request.tenant)
        return render(request, "readiness/kommun_meetings.html", {"meetings": meetings})


class KommunMeetingView(View):
    def get(self, request, pk: int):
        meeting = selectors.meeting_of_kommun(user=request.user, kommun=request.tenant, pk=pk)
        return render(request, "readiness/meeting_detail.html", {"meeting": meeting, "actions": meeting.actions.all()})
