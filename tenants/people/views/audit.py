"""A kommun's audit trail: the newest events on a page, and all of them as CSV (streamed, Swedish headings)."""

import csv

from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from .. import selectors
from ..labels import action_label, details_text

PAGE_SIZE = 50


class _Echo:
    def write(self, value: str) -> str:
        return value


def _row(event) -> list[str]:
    at = timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M:%S")
    return [at, event.actor_email or _("(ingen inloggad)"), action_label(event.action), event.object_repr,
            details_text(event.details)]  # fmt: skip


def csv_lines(events):
    writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")
    yield "\ufeff"  # Excel reads UTF-8 (å, ä, ö) only with the byte-order mark
    yield writer.writerow([_("Tidpunkt"), _("Vem"), _("Händelse"), _("Gäller"), _("Detaljer")])
    for event in selectors.iterate(events):
        yield writer.writerow(_row(event))


class AuditTrailView(View):
    def get(self, request):
        events = selectors.audit_events_of_kommun(kommun=request.tenant, user=request.user)
        page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("sida"))
        rows = [(event, action_label(event.action), details_text(event.details)) for event in page]
        return render(request, "people/audit.html", {"page": page, "rows": rows, "kommun": request.tenant})


class AuditCsvView(View):
    def get(self, request):
        events = selectors.audit_events_of_kommun(kommun=request.tenant, user=request.user)
        response = StreamingHttpResponse(csv_lines(events), content_type="text/csv; charset=utf-8")
        name = f"handelselogg-{request.tenant.subdomain}-{timezone.localdate():%Y-%m-%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
