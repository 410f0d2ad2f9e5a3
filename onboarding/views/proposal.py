"""The kommun's proposal: the arkivarie ranks the systems for connection; everyone who reads the kommun sees it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.views import View

from onboarding import rules, selectors
from onboarding.messages import MSG_PROPOSAL_SAVED, MSG_RANK_NOT_INTEGER
from onboarding.services.proposals import ProposalRow, proposal_set
from tenants.htmx import htmx_redirect

from . import form_error_status

TEMPLATE = "onboarding/proposal.html"


def _rows_from_post(post, systems) -> tuple[list[ProposalRow], dict[int, str]]:
    rows, errors = [], {}
    for system in systems:
        raw = (post.get(f"rank-{system.pk}") or "").strip()
        rank = None
        if raw:
            if raw.isdigit() and 0 < int(raw) < 10000:
                rank = int(raw)
            else:
                errors[system.pk] = MSG_RANK_NOT_INTEGER
        rows.append(
            ProposalRow(
                system_id=system.pk,
                rank=rank,
                motivation=(post.get(f"motivation-{system.pk}") or "")[:2000],
                first_choice=post.get(f"first-{system.pk}") == "on",
            )
        )
    return rows, errors


class ProposalView(View):
    def get(self, request):
        systems = selectors.proposal_systems(user=request.user, kommun=request.tenant)
        return render(request, TEMPLATE, {"systems": systems, "can_rank": rules.can_rank(request.user, request.tenant)})

    def post(self, request):
        systems = selectors.proposal_systems(user=request.user, kommun=request.tenant)
        if not rules.can_rank(request.user, request.tenant):
            raise PermissionDenied
        rows, errors = _rows_from_post(request.POST, systems)
        error = None
        if not errors:
            try:
                proposal_set(rows=rows, actor=request.user)
            except ValidationError as exc:
                error = " ".join(exc.messages)
            else:
                messages.success(request, MSG_PROPOSAL_SAVED)
                return htmx_redirect(request, reverse("onboarding:proposal"))
        posted = {row.system_id: row for row in rows}
        for system in systems:
            row = posted[system.pk]
            system.proposal_rank, system.proposal_motivation, system.first_choice = (
                row.rank,
                row.motivation,
                row.first_choice,
            )
            system.rank_error = errors.get(system.pk)
        context = {"systems": systems, "can_rank": True, "error": error, "posted": True}
        return render(request, TEMPLATE, context, status=form_error_status(request))
