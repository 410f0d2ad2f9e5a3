"""The förvaltning's board across all kommuner (consortium site): one query on the public index."""

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from onboarding.deliveries_index.selectors import (
    archived_volume_by_kommun,
    board_columns,
    connection_entries,
    volume_total,
)
from onboarding.portfolio.models import Product
from tenants import access, spreadsheet
from tenants.formatting import quarter_code
from tenants.models import Kommun
from tenants.sizes import GB
from tenants.swedish import ordered

from ..forms import BoardFilterForm


def _board_form(request) -> BoardFilterForm:
    return BoardFilterForm(
        request.GET or None,
        kommuner=Kommun.objects.members().order_by(ordered("name")),
        products=Product.objects.order_by("name", "vendor"),
    )


class ConsortiumBoardView(View):
    """Connections of every kommun by phase, filtered by kommun and product; late ones marked."""

    template_name = "deliveries/board_consortium.html"

    def get(self, request):
        access.require_consortium_reader(request.user)
        form = _board_form(request)
        filters = form.filters()
        entries = list(connection_entries(user=request.user, filters=filters))
        volume = archived_volume_by_kommun(user=request.user)
        context = {
            "form": form,
            "columns": board_columns(entries, late_only=filters.late_only),
            "total": len(entries),
            "volume": volume,
            "can_manage_backends": access.is_forvaltning(request.user),
            "volume_total": volume_total(volume),
        }
        return render(request, self.template_name, context)


def board_export(request, fmt: str):
    """The board as xlsx or CSV with its filters: one row per connection, phase by phase as the page shows them."""
    access.require_consortium_reader(request.user)
    spreadsheet.require_format(fmt)  # before any query
    filters = _board_form(request).filters()
    columns = board_columns(connection_entries(user=request.user, filters=filters), late_only=filters.late_only)
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
    rows = [
        (
            str(column["label"]),
            row.kommun.name,
            row.system_name,
            str(row.product) if row.product else "",
            quarter_code(row.planned_quarter) if row.planned_quarter else "",
            _("Försenad") if row.is_late else _("Enligt plan"),
            row.archived_files,
            round(row.archived_bytes / GB, 2),
        )
        for column in columns
        for row in column["rows"]
    ]
    return spreadsheet.table_download(
        fmt,
        title=_("Anslutningar"),
        header=header,
        rows=rows,
        filename=f"anslutningar-{timezone.localdate():%Y%m%d}",
        number_formats={7: "#,##0.00"},
    )
