"""The förvaltning's board across all kommuner (consortium site): one query on the public index."""

from django.shortcuts import render
from django.views import View

from onboarding.deliveries_index.selectors import (
    BoardFilters,
    archived_volume_by_kommun,
    board_columns,
    connection_entries,
)
from onboarding.portfolio.models import Product
from tenants import access
from tenants.models import Kommun

from ..forms import BoardFilterForm


class ConsortiumBoardView(View):
    """Connections of every kommun by phase, filtered by kommun and product; late ones marked."""

    template_name = "deliveries/board_consortium.html"

    def get(self, request):
        form = BoardFilterForm(
            request.GET or None,
            kommuner=Kommun.objects.members().order_by("name"),
            products=Product.objects.order_by("name", "vendor"),
        )
        data = form.cleaned_data if form.is_bound and form.is_valid() else {}
        filters = BoardFilters(
            kommun_id=data["kommun"].pk if data.get("kommun") else None,
            product_id=data["produkt"].pk if data.get("produkt") else None,
            late_only=bool(data.get("sena")),
        )
        entries = list(connection_entries(user=request.user, filters=filters))
        volume = archived_volume_by_kommun(user=request.user)
        context = {
            "form": form,
            "columns": board_columns(entries, late_only=filters.late_only),
            "total": len(entries),
            "volume": volume,
            "can_manage_backends": access.is_forvaltning(request.user),
            "volume_total": {
                "files": sum(v["files"] or 0 for v in volume),
                "bytes": sum(v["bytes"] or 0 for v in volume),
            },
        }
        return render(request, self.template_name, context)
