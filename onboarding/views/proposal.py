"""The kommun's proposal: the arkivarie ranks the systems for connection; everyone who reads the kommun sees it."""

from dataclasses import replace

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.views import View

from onboarding import rules, selectors
from onboarding.messages import MSG_PROPOSAL_MOVED, MSG_PROPOSAL_SAVED, MSG_RANK_NOT_INTEGER
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


MOVES = ("upp", "ned", "sist")


def _moved(rows: list[ProposalRow], move: str) -> tuple[list[ProposalRow], ProposalRow | None]:
    """The rows after a move button ("<system id>:upp", ":ned" or ":sist" for an unranked system): the ranked
    systems numbered 1, 2, 3 … in their order, the chosen one one place up or down, or added last. Nobody
    renumbers by hand; the typed numbers still decide the order the move starts from."""
    pk, _sep, direction = move.partition(":")
    if direction not in MOVES or not pk.isdigit():
        return rows, None
    ranked = sorted((r for r in rows if r.rank is not None), key=lambda r: r.rank)
    if direction == "sist":
        ranked += [r for r in rows if r.rank is None and r.system_id == int(pk)]
    order = [r.system_id for r in ranked]
    if int(pk) not in order:
        return rows, None
    at = order.index(int(pk))
    other = at - 1 if direction == "upp" else at + 1 if direction == "ned" else at
    if 0 <= other < len(order):
        order[at], order[other] = order[other], order[at]
    rank = {system_id: index for index, system_id in enumerate(order, start=1)}
    rows = [replace(r, rank=rank.get(r.system_id)) for r in rows]
    return rows, next(r for r in rows if r.system_id == int(pk))


def _focus_after(moved: ProposalRow, move: str, *, ranked: int) -> str | None:
    """The button that has the focus after a move: the same one, or the moved system's other one when it went
    to the top or the bottom (where its button is gone); none when it is the only system with a place."""
    if ranked < 2:
        return None
    pk, _sep, direction = move.partition(":")
    if direction == "upp" and moved.rank == 1:
        return f"{pk}:ned"
    if direction in ("ned", "sist") and moved.rank == ranked:
        return f"{pk}:upp"
    return move


def _context(proposal, **extra) -> dict:
    """The page's context; `ranked_count` is how many systems have a place (the last of them has no "Ned")."""
    ranked = sum(1 for s in proposal.systems if s.proposal_rank is not None)
    return {"systems": proposal.systems, "proposal": proposal, "ranked_count": ranked, **extra}


def _show_posted(systems, rows: list[ProposalRow], errors: dict[int, str]) -> None:
    """The page shows what was typed, not what is stored, when it comes back with an error or after a move."""
    posted = {row.system_id: row for row in rows}
    for system in systems:
        row = posted[system.pk]
        system.proposal_rank, system.proposal_motivation, system.first_choice = (
            row.rank,
            row.motivation,
            row.first_choice,
        )
        system.rank_error = errors.get(system.pk)


class ProposalView(View):
    def get(self, request):
        proposal = selectors.proposal_systems(user=request.user, kommun=request.tenant)
        return render(request, TEMPLATE, _context(proposal, can_rank=rules.can_rank(request.user, request.tenant)))

    def post(self, request):
        proposal = selectors.proposal_systems(user=request.user, kommun=request.tenant)
        if not rules.can_rank(request.user, request.tenant):
            raise PermissionDenied
        rows, errors = _rows_from_post(request.POST, proposal.systems)
        move = request.POST.get("move") if not errors else None
        rows, moved = _moved(rows, move) if move else (rows, None)
        if moved is None and not errors:
            try:
                proposal_set(rows=rows, actor=request.user)
            except ValidationError as exc:
                errors[None] = " ".join(exc.messages)
            else:
                messages.success(request, MSG_PROPOSAL_SAVED)
                return htmx_redirect(request, reverse("onboarding:proposal"))
        _show_posted(proposal.systems, rows, errors)
        if moved is None:
            context = _context(proposal, can_rank=True, posted=True, error=errors.get(None))
            return render(request, TEMPLATE, context, status=form_error_status(request))
        proposal.systems.sort(key=lambda s: (s.proposal_rank is None, s.proposal_rank or 0, s.name))
        name = next(s.name for s in proposal.systems if s.pk == moved.system_id)
        context = _context(proposal, can_rank=True, posted=True)
        context["focus"] = _focus_after(moved, move, ranked=context["ranked_count"])
        context["moved_message"] = MSG_PROPOSAL_MOVED % {"name": name, "rank": moved.rank}
        return render(request, TEMPLATE, context)
