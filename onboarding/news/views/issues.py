"""The förvaltning's newsletter issues: the list, gathering items into the next numbered issue, and an
issue's page, from which its PDF/A is ordered through the reports (made by a worker, archived there)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.views import View

from tenants.errors import errors_to_form
from tenants.htmx import htmx_redirect

from .. import selectors, services
from ..forms import IssueForm
from ..messages import MSG_ISSUE_SAVED


class IssueListView(View):
    def get(self, request):
        issues = list(selectors.issues_for_user(user=request.user).prefetch_related("entries")[:100])
        return render(request, "news/issue_list.html", {"issues": issues})


class IssueCreateView(View):
    template_name = "news/issue_form.html"

    def get(self, request):
        selectors.issues_for_user(user=request.user)  # 404 for all but the förvaltning
        return render(request, self.template_name, {"form": IssueForm(items=selectors.items_for_issue())})

    def post(self, request):
        selectors.issues_for_user(user=request.user)
        form = IssueForm(request.POST, items=selectors.items_for_issue())
        if form.is_valid():
            try:
                issue = services.newsletter_issue_create(**form.arguments(), actor=request.user)
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, MSG_ISSUE_SAVED)
                return htmx_redirect(request, reverse("news_consortium:issue_detail", args=[issue.pk]))
        return render(request, self.template_name, {"form": form}, status=422)


class IssueDetailView(View):
    """An issue's items in order, and the button that orders its PDF (a report of kind "newsletter")."""

    def get(self, request, pk: int):
        issue = selectors.issue_get_for_user(user=request.user, pk=pk)
        entries = list(issue.entries.select_related("item"))
        return render(request, "news/issue_detail.html", {"issue": issue, "entries": entries})
