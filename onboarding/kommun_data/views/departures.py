"""Utträden (the consortium site, förvaltning only): register that a kommun leaves, set when its data is deleted,
delete it, and download the export kept from it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.views import View

from tenants.errors import errors_to_form
from tenants.htmx import htmx_redirect

from ..forms import DeleteForm, DepartureForm
from ..messages import MSG_DELETE_DATE_SET, MSG_DELETED, MSG_LEFT
from ..models import KommunExport
from ..selectors import departing_kommun_get, departure_of, departures_overview
from ..services.departure import departure_set_delete_date, kommun_data_delete, kommun_leave
from .exports import export_file_response


class DepartureListView(View):
    def get(self, request):
        return render(request, "kommun_data/departures.html", {"kommuner": departures_overview(user=request.user)})


def _page(request, subdomain: str, **forms) -> dict:
    kommun = departing_kommun_get(user=request.user, subdomain=subdomain)
    departure = departure_of(kommun)
    context = {"kommun": kommun, "departure": departure, "leave_form": DepartureForm(), "delete_form": DeleteForm()}
    if departure is not None:
        context["date_form"] = DepartureForm(initial={"delete_on": departure.delete_on})
    return {**context, **forms}


class DepartureView(View):
    """GET: the kommun's departure (or the form to register it). POST: register it."""

    template_name = "kommun_data/departure.html"

    def get(self, request, subdomain: str):
        return render(request, self.template_name, _page(request, subdomain))

    def post(self, request, subdomain: str):
        context = _page(request, subdomain, leave_form=DepartureForm(request.POST))
        form = context["leave_form"]
        if form.is_valid():
            try:
                kommun_leave(kommun=context["kommun"], actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, MSG_LEFT)
                return htmx_redirect(request, reverse("kommun_data:departure", args=[subdomain]))
        return render(request, self.template_name, context, status=400)


class DeleteDateView(View):
    def post(self, request, subdomain: str):
        context = _page(request, subdomain, date_form=DepartureForm(request.POST))
        form = context["date_form"]
        if context["departure"] is not None and form.is_valid():
            try:
                departure_set_delete_date(departure=context["departure"], actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, MSG_DELETE_DATE_SET)
                return htmx_redirect(request, reverse("kommun_data:departure", args=[subdomain]))
        return render(request, DepartureView.template_name, context, status=400)


class DeleteView(View):
    def post(self, request, subdomain: str):
        context = _page(request, subdomain, delete_form=DeleteForm(request.POST))
        form = context["delete_form"]
        if context["departure"] is not None and form.is_valid():
            try:
                kommun_data_delete(departure=context["departure"], confirm=form.cleaned_data["confirm"],
                                   actor=request.user)  # fmt: skip
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, MSG_DELETED)
                return htmx_redirect(request, reverse("kommun_data:departure", args=[subdomain]))
        return render(request, DepartureView.template_name, context, status=400)


class KeptExportDownloadView(View):
    """The export kept from a departed kommun, downloadable by the förvaltning after the kommun's site is gone."""

    def get(self, request, subdomain: str, uuid):
        kommun = departing_kommun_get(user=request.user, subdomain=subdomain)
        export = KommunExport.objects.filter(kommun=kommun, uuid=uuid).select_related("kommun").first()
        if export is None:
            export = KommunExport(state=KommunExport.State.FAILED)  # 404 below
        return export_file_response(export)
