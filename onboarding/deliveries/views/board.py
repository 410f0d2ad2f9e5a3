"""The förvaltning's board across all kommuner (consortium site): one query on the public index."""

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from onboarding.deliveries_index.models import ConnectionEntry
from onboarding.deliveries_index.phases import Phase
from onboarding.deliveries_index.selectors import (
    archived_volume_by_kommun,
    board_export_rows,
    board_page,
    volume_total,
)
from onboarding.portfolio.models import Product
from tenants import access, spreadsheet
from tenants.formatting import quarter_code
from tenants.htmx import query_without
from tenants.models import Kommun
from tenants.sizes import GB
from tenants.swedish import ordered

from ..forms import BoardFilterForm


def _board_form(request) -> BoardFilterForm:
    return BoardFilterForm(
        request.GET or None,
        kommuner=Kommun.objects.members().order_by(ordered("name")).values_list("id", "name"),
        # Only products some connection has: the catalogue holds ~3,000 at 290 kommuner, most never on the board.
        products=Product.objects.filter(pk__in=ConnectionEntry.objects.values("product_id"))
        .order_by("name", "vendor")
        .values_list("id", "name", "vendor"),
    )


class ConsortiumBoardView(View):
    """Connections of every kommun by phase, filtered by kommun and product; late ones marked."""

    template_name = "deliveries/board_consortium.html"

    def get(self, request):
        access.require_consortium_reader(request.user)
        form = _board_form(request)
        board = board_page(user=request.user, filters=form.filters(), page_number=request.GET.get("sida"))
        volume = archived_volume_by_kommun(user=request.user)
        context = {
            "form": form,
            "columns": board.columns,
            "page": board.page,
            "page_query": query_without(request, "sida"),
            "total": board.total,
            "volume": volume,
            "can_manage_backends": access.is_forvaltning(request.user),
            "volume_total": volume_total(volume),
        }
        return render(request, self.template_name, context)


def board_export(request, fmt: str):
    """The board as xlsx or CSV with its filters: one row per connection, phase by phase as the page shows them."""
    access.require_consortium_reader(request.user)
    spreadsheet.require_format(fmt)  # before any query
    rows = board_export_rows(user=request.user, filters=_board_form(request).filters())
    header = [
        _("Fas"),
        _("Kommun"),
        _("System"),
        _("Produkt"),
        _("Planerat kvartal"),
        _("Läge"),
        _("Arkiverade filer"),
        _("Arkiverad volym (GB)"),
    ]
    labels = {phase: str(label) for phase, label in Phase.choices}
    late_label, on_time_label = _("Försenad"), _("Enligt plan")
    rows = [
        (
            labels.get(phase, phase),
            kommun,
            system,
            (f"{product} ({vendor})" if vendor else product) if product else "",
            quarter_code(quarter) if quarter else "",
            late_label if late else on_time_label,
            files,
            round(size / GB, 2),
        )
        for phase, kommun, system, product, vendor, quarter, late, files, size in rows
    ]
    return spreadsheet.table_download(
        fmt,
        title=_("Anslutningar"),
        header=header,
        rows=rows,
        filename=f"anslutningar-{timezone.localdate():%Y%m%d}",
        number_formats={7: "#,##0.00"},
    )
