"""The kommun's connection board, a connection's page, its phase moves, quarter and submission agreement."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views import View

from onboarding.deliveries import rules, selectors, services
from onboarding.deliveries.forms import (
    AgreementForm,
    ConnectionCreateForm,
    DeliveryUploadForm,
    QuarterForm,
    TransitionForm,
)
from onboarding.deliveries.messages import (
    MSG_AGREEMENT_APPROVED,
    MSG_AGREEMENT_SAVED,
    MSG_CONNECTION_CREATED,
    MSG_PHASE_NOW,
    MSG_QUARTER_SAVED,
)
from onboarding.deliveries.services.deliveries import kind_for_phase
from onboarding.deliveries_index import phases
from onboarding.deliveries_index.selectors import archived_volume_by_system
from tenants import formatting
from tenants.errors import errors_to_form, errors_to_message
from tenants.htmx import htmx_redirect
from tenants.pdf import pdf_from_html


class ConnectionBoardView(View):
    """The kommun's own board: its connections by phase, late ones marked, and the volume archived."""

    template_name = "deliveries/board_kommun.html"

    def get(self, request, form=None, status=200):
        kommun, user = request.tenant, request.user
        can_create = rules.can_create_connection(user, kommun)
        if can_create and form is None:
            form = ConnectionCreateForm(systems=selectors.systems_without_connection(user=user, kommun=kommun))
        context = {
            "columns": selectors.connection_board(user=user, kommun=kommun),
            "create_form": form if can_create else None,
            "volume": archived_volume_by_system(kommun=kommun),
        }
        return render(request, self.template_name, context, status=status)

    def post(self, request):
        kommun, user = request.tenant, request.user
        if not rules.can_create_connection(user, kommun):
            raise Http404
        form = ConnectionCreateForm(
            request.POST, systems=selectors.systems_without_connection(user=user, kommun=kommun)
        )
        if form.is_valid():
            try:
                conn = services.connection_create(
                    system=form.cleaned_data["system"],
                    planned_quarter=form.cleaned_data["planned_quarter"],
                    actor=user,
                )
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, MSG_CONNECTION_CREATED % {"system": conn.system})
                return _to_connection(request, conn.pk)
        return self.get(request, form=form, status=422)


def _to_connection(request, pk: int):
    return htmx_redirect(request, reverse("deliveries:connection", args=[pk]))


def connection_context(request, conn, **extra) -> dict:
    """The connection's page: its history, agreements and deliveries, and the forms the role may use."""
    agreements = list(conn.agreements.all())
    return {
        "connection": conn,
        "transitions": list(conn.transitions.all()),
        "agreements": agreements,
        "latest_agreement": agreements[0] if agreements else None,
        "deliveries": list(conn.deliveries.all()),
        "upload_kind": kind_for_phase(conn.phase),
        **_connection_forms(request, conn, extra),
        **_agreement_rights(request, conn, agreements[0] if agreements else None),
        **extra,
    }


def _connection_forms(request, conn, extra: dict) -> dict:
    """The forms on the page the role may use (a form that came back with errors replaces the empty one)."""
    kommun, user = request.tenant, request.user
    targets = phases.targets_for(conn.phase, rules.role_of(user, kommun), conn.paused_from)
    may_upload = rules.can_deliver(user, kommun) and kind_for_phase(conn.phase)
    return {
        "transition_form": extra.pop("transition_form", None) or (TransitionForm(targets=targets) if targets else None),
        "quarter_form": QuarterForm(
            initial={"planned_quarter": conn.planned_quarter and formatting.quarter_code(conn.planned_quarter)}
        )
        if rules.can_set_quarter(user, kommun)
        else None,
        "upload_form": (extra.pop("upload_form", None) or DeliveryUploadForm()) if may_upload else None,
    }


def _agreement_rights(request, conn, latest) -> dict:
    kommun, user = request.tenant, request.user
    return {
        "can_edit_agreement": rules.can_edit_agreement(user, kommun) and not conn.is_final,
        "can_approve_kommun": latest is not None
        and not latest.kommun_approved_on
        and rules.can_approve_agreement(user, kommun, "kommun"),
        "can_approve_arkiv": latest is not None
        and not latest.archive_approved_on
        and rules.can_approve_agreement(user, kommun, "arkiv"),
    }


class ConnectionDetailView(View):
    template_name = "deliveries/connection_detail.html"

    def get(self, request, pk: int):
        conn = selectors.connection_get(user=request.user, kommun=request.tenant, pk=pk)
        return render(request, self.template_name, connection_context(request, conn))


class ConnectionTransitionView(View):
    """Move the connection to another phase (the buttons offer only what the role may do)."""

    def post(self, request, pk: int):
        kommun, user = request.tenant, request.user
        conn = selectors.connection_get(user=user, kommun=kommun, pk=pk)
        targets = phases.targets_for(conn.phase, rules.role_of(user, kommun), conn.paused_from)
        if not targets:
            raise Http404
        form = TransitionForm(request.POST, targets=targets)
        if form.is_valid() and self._move(conn, form, user):
            messages.success(request, MSG_PHASE_NOW % {"phase": conn.get_phase_display()})
            return _to_connection(request, conn.pk)
        conn = selectors.connection_get(user=user, kommun=kommun, pk=pk)
        context = connection_context(request, conn, transition_form=form)
        return render(request, ConnectionDetailView.template_name, context, status=422)

    @staticmethod
    def _move(conn, form, user) -> bool:
        """True when the connection moved; a refusal lands on the form."""
        try:
            services.connection_transition(
                connection=conn,
                to_phase=form.cleaned_data["to_phase"],
                comment=form.cleaned_data["comment"],
                actor=user,
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
            return False
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
            return False
        return True


class ConnectionQuarterView(View):
    """The förvaltning records the quarter the decided plan gives the connection."""

    def post(self, request, pk: int):
        kommun, user = request.tenant, request.user
        conn = selectors.connection_get(user=user, kommun=kommun, pk=pk)
        if not rules.can_set_quarter(user, kommun):
            raise Http404
        form = QuarterForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(form.errors.as_text())
            services.connection_set_planned_quarter(
                connection=conn, planned_quarter=form.cleaned_data["planned_quarter"], actor=user
            )
        except ValidationError as exc:
            errors_to_message(request, exc)
        else:
            messages.success(request, MSG_QUARTER_SAVED)
        return _to_connection(request, conn.pk)


class AgreementCreateView(View):
    """Write a new version of the submission agreement (prefilled from the latest version)."""

    template_name = "deliveries/agreement_form.html"

    def _conn(self, request, pk):
        conn = selectors.connection_get(user=request.user, kommun=request.tenant, pk=pk)
        if not rules.can_edit_agreement(request.user, request.tenant) or conn.is_final:
            raise Http404
        return conn

    def get(self, request, pk: int):
        conn = self._conn(request, pk)
        latest = conn.agreements.first()
        initial = {f: getattr(latest, f) for f in AgreementForm.Meta.fields} if latest else _initial_from_system(conn)
        return render(request, self.template_name, {"connection": conn, "form": AgreementForm(initial=initial)})

    def post(self, request, pk: int):
        conn = self._conn(request, pk)
        form = AgreementForm(request.POST)
        if form.is_valid():
            try:
                agreement = services.agreement_create_version(
                    connection=conn, data=form.cleaned_data, actor=request.user
                )
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, MSG_AGREEMENT_SAVED % {"v": agreement.version})
                return _to_connection(request, conn.pk)
        return render(request, self.template_name, {"connection": conn, "form": form}, status=422)


def _initial_from_system(conn) -> dict:
    system = conn.system
    return {
        "manager_name": system.manager_name,
        "administrator_name": system.administrator_name,
        "supplier_name": system.product.vendor if system.product_id else "",
        "information_types": ", ".join(it.name for it in system.information_types.all()),
    }


class AgreementApproveView(View):
    def post(self, request, pk: int, version: int, party: str):
        kommun, user = request.tenant, request.user
        agreement = selectors.agreement_get(user=user, kommun=kommun, connection_pk=pk, version=version)
        if not rules.can_approve_agreement(user, kommun, party):
            raise Http404
        try:
            services.agreement_approve(agreement=agreement, party=party, actor=user)
        except ValidationError as exc:
            errors_to_message(request, exc)
        else:
            messages.success(request, MSG_AGREEMENT_APPROVED % {"v": version})
        return _to_connection(request, pk)


class AgreementPdfView(View):
    """The agreement as a PDF (WeasyPrint), for signing and for the records."""

    def get(self, request, pk: int, version: int):
        agreement = selectors.agreement_get(user=request.user, kommun=request.tenant, connection_pk=pk, version=version)
        html = render_to_string("deliveries/agreement_pdf.html", {"agreement": agreement, "kommun": request.tenant})
        # Never the request's host as base URL, never WeasyPrint's default fetcher: text in the agreement
        # must not make the server fetch a URL or read a file.
        response = HttpResponse(pdf_from_html(html).pdf, content_type="application/pdf")
        name = f"leveransoverenskommelse-{pk}-v{version}.pdf"
        response["Content-Disposition"] = f'inline; filename="{name}"'
        return response
