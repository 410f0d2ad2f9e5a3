"""One system of the portfolio: its explained score, the förvaltning's assessment and its pin/hold/exclusion.

The page sits among the portfolio's (planering/portfolj/<kommun>/<system>/), but everything on it but the
system's facts is the plan's: the score, the assessment, the constraint.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.views import View

from tenants import access
from tenants.errors import errors_to_form
from tenants.htmx import htmx_redirect

from .. import selectors, services
from ..forms import AssessmentForm, ConstraintForm
from ..messages import MSG_ASSESSMENT_SAVED, MSG_CONSTRAINT_SAVED


class PortfolioSystemView(View):
    """GET: the system's page. POST form=assessment saves the assessment; any other form, the constraint."""

    template_name = "planning/system.html"

    def _render(self, request, detail, assessment_form=None, constraint_form=None, status=200):
        context = {
            "detail": detail,
            "can_write": access.is_forvaltning(request.user),
            "assessment_form": assessment_form or AssessmentForm.of(detail.assessment),
            "constraint_form": constraint_form or ConstraintForm.of(detail.constraint),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request, kommun_id: int, system_id: int):
        detail = selectors.system_detail(user=request.user, kommun_id=kommun_id, system_id=system_id)
        return self._render(request, detail)

    def post(self, request, kommun_id: int, system_id: int):
        access.require_forvaltning(request.user)
        detail = selectors.system_detail(user=request.user, kommun_id=kommun_id, system_id=system_id)
        save = self._assessment if request.POST.get("form") == "assessment" else self._constraint
        return save(request, detail) or htmx_redirect(request, reverse("planning:system", args=[kommun_id, system_id]))

    def _assessment(self, request, detail):
        form = AssessmentForm(request.POST)
        if not form.is_valid():
            return self._render(request, detail, assessment_form=form, status=422)
        entry = detail.entry
        services.assessment_set(kommun=entry.kommun, system_id=entry.system_id, actor=request.user, **form.cleaned_data)
        messages.success(request, MSG_ASSESSMENT_SAVED)
        return None

    def _constraint(self, request, detail):
        form = ConstraintForm(request.POST)
        if not form.is_valid():
            return self._render(request, detail, constraint_form=form, status=422)
        where = {"kommun": detail.entry.kommun, "system_id": detail.entry.system_id, "actor": request.user}
        try:
            if form.cleaned_data["kind"]:
                services.constraint_set(**where, **form.cleaned_data)
            else:
                services.constraint_remove(**where)
        except ValidationError as exc:
            errors_to_form(form, exc)
            return self._render(request, detail, constraint_form=form, status=422)
        messages.success(request, MSG_CONSTRAINT_SAVED)
        return None
