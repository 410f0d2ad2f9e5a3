"""Statement pages: the förvaltning's list, issue, credit and status on the consortium site; a kommun's
people see their own issued statements on their kommun's site. Downloads: UBL XML, CSV, xlsx."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views import View

from tenants import access, spreadsheet
from tenants.errors import errors_to_message
from tenants.htmx import htmx_redirect

from .. import exports, selectors
from .. import messages as msg
from ..forms import CreditForm, PrepareForm, StatementFilterForm
from ..models import Statement
from ..services import statements as services
from .actions import ActionView


def _kommun_of(request):
    """None on the consortium site; the host's kommun on a kommun's site."""
    return None if request.tenant.is_consortium else request.tenant


def _filtered(request):
    form = StatementFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    fields = ("year", "period", "status", "kind")
    qs = selectors.statements_for(user=request.user, kommun=_kommun_of(request), **{k: filters.get(k) for k in fields})
    return form, qs


def _list_page(request, prepare_form=None, status=200):
    form, qs = _filtered(request)
    kommun = _kommun_of(request)
    context = {
        "filter_form": form,
        "statements": list(qs),
        "kommun": kommun,
        "prepare_form": prepare_form or (PrepareForm() if kommun is None else None),
        "drafts": kommun is None and qs.filter(number__isnull=True).exists(),
        "query": request.GET.urlencode(),
    }
    return render(request, "billing/statement_list.html", context, status=status)


class _PeriodAction(View):
    """One POST by the förvaltning on a period's statements (the list's form); back to the period's list."""

    def post(self, request):
        access.require_forvaltning(request.user)
        form = PrepareForm(request.POST)
        if not form.is_valid():
            return _list_page(request, prepare_form=form, status=422)
        year, period = form.cleaned_data["year"], form.cleaned_data["period"]
        try:
            self.act(request, year, period)
        except ValidationError as exc:
            errors_to_message(request, exc)
        return htmx_redirect(request, f"{reverse('billing:statement_list')}?year={year}&period={period}")

    def act(self, request, year: int, period: str) -> None:
        raise NotImplementedError


class StatementListView(_PeriodAction):
    """Statements with filters; the förvaltning prepares a period's drafts here (POST)."""

    def get(self, request):
        return _list_page(request)

    def act(self, request, year: int, period: str) -> None:
        drafts = services.statements_prepare(year=year, period=period, actor=request.user)
        messages.success(request, msg.MSG_STATEMENTS_PREPARED % {"n": len(drafts)})


class StatementsIssueView(_PeriodAction):
    """Issue every draft of the period (the list form's second button)."""

    def act(self, request, year: int, period: str) -> None:
        issued = services.statements_issue_all(year=year, period=period, actor=request.user)
        messages.success(request, msg.MSG_STATEMENTS_ISSUED % {"n": len(issued)})


class StatementDetailView(View):
    """A statement with the explanation of every amount."""

    def get(self, request, pk: int):
        statement = selectors.statement_get(user=request.user, pk=pk, kommun=_kommun_of(request))
        next_status = services.NEXT_STATUS.get(statement.status)
        context = {
            "statement": statement,
            "lines": selectors.statement_lines(statement),
            "credit_notes": list(statement.credit_notes.all()),
            "can_edit": _kommun_of(request) is None,
            "credit_form": CreditForm(),
            "next_status": next_status,
            "next_status_label": Statement.Status(next_status).label if next_status else None,
        }
        return render(request, "billing/statement_detail.html", context)


class _StatementAction(ActionView):
    """An action on a statement (the consortium site only); refused, back to the statement."""

    def get_object(self, request, pk: int):
        return selectors.statement_get(user=request.user, pk=pk)

    def refused_url(self, obj) -> str:
        return reverse("billing:statement_detail", args=[obj.pk])


class StatementIssueView(_StatementAction):
    def act(self, request, statement) -> str:
        statement = services.statement_issue(statement=statement, actor=request.user)
        messages.success(request, msg.MSG_STATEMENT_ISSUED % {"n": statement.number})
        return reverse("billing:statement_detail", args=[statement.pk])


class StatementCreditView(_StatementAction):
    def act(self, request, statement) -> str:
        reason = CreditForm(request.POST).data.get("reason", "")
        credit = services.statement_credit(statement=statement, reason=reason, actor=request.user)
        messages.success(request, msg.MSG_CREDIT_NOTE_ISSUED % {"n": credit.number})
        return reverse("billing:statement_detail", args=[credit.pk])


class StatementStatusView(_StatementAction):
    def act(self, request, statement) -> str:
        services.statement_set_status(statement=statement, status=request.POST.get("status", ""), actor=request.user)
        messages.success(request, msg.MSG_STATUS_CHANGED)
        return reverse("billing:statement_detail", args=[statement.pk])


class StatementDeleteView(_StatementAction):
    def act(self, request, statement) -> str:
        services.statement_delete_draft(statement=statement, actor=request.user)
        messages.success(request, msg.MSG_DRAFT_DELETED)
        return reverse("billing:statement_list")


def statement_xml(request, pk: int):
    """The Peppol BIS Billing 3.0 document (Invoice or CreditNote) of an issued statement."""
    statement = selectors.statement_get(user=request.user, pk=pk, kommun=_kommun_of(request))
    if not statement.is_issued:
        raise Http404
    response = HttpResponse(services.statement_xml(statement), content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="{statement.number}.xml"'
    return response


def statement_export(request, fmt: str):
    """The filtered, issued statements as CSV or xlsx (one row per line, credit notes negative)."""
    fmt = spreadsheet.require_format(fmt)
    _form, qs = _filtered(request)
    issued = selectors.issued_with_lines(qs)
    data = exports.to_xlsx(issued) if fmt == "xlsx" else exports.to_csv(issued)
    return spreadsheet.download(data, f"fakturaunderlag.{fmt}", fmt)
