"""The förvaltning's board across all kommuner (consortium site): one query on the public index."""

from django.shortcuts import render
from django.views import View

from onboarding.deliveries_index.selectors import (
    archived_volume_by_kommun,
    board_columns,
    connection_entries,
    volume_total,
)
from onboarding.portfolio.models import Product
from tenants import access
from tenants.models import Kommun

from ..forms import BoardFilterForm


class ConsortiumBoardView(View):
    """Connections of every kommun by phase, filtered by kommun and product; late ones marked."""

    template_name = "deliveries/board_consortium.html"

    def get(self, request):
        access.require_consortium_reader(request.user)
        form = BoardFilterForm(
            request.GET or None,
            kommuner=Kommun.objects.members().order_by("name"),
            products=Product.objects.order_by("name", "vendor"),
        )
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
