"""The portfolio pages of the consortium site: every kommun's systems, and the same grouped by product.

The förvaltning and ledning read them; nobody else learns they exist (404). A system's own page, with
its explained score and the förvaltning's assessment, is planning's (planning:system).
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from tenants import access, spreadsheet
from tenants.htmx import query_without, render_page_or_partial

from . import selectors
from .forms import PortfolioFilterForm


def _filter_form(request) -> PortfolioFilterForm:
    return PortfolioFilterForm(request.GET or None, kommuner=selectors.portfolio_kommuner())


def _list_context(request, form, page, sort, sorts: dict, default: str) -> dict:
    """What both pages show around their rows: the filters, the sort and the pager's links."""
    return {
        "form": form,
        "page": page,
        "sort": sort,
        "headers": selectors.sort_headers(sorts, sort, default),
        "query": query_without(request, "sida", "sort"),
        "page_query": query_without(request, "sida"),
    }


class PortfolioView(View):
    """Every system of every kommun: search, filters, sorting, pages. HTMX swaps the results."""

    template_name = "portfolio/portfolio.html"

    def get(self, request):
        access.require_consortium_reader(request.user)
        form = _filter_form(request)
        filters = form.filters()
        page = selectors.portfolio_page(user=request.user, filters=filters, page=request.GET.get("sida"))
        context = _list_context(request, form, page, filters.sort, selectors.SORTS, "kommun")
        context["product"] = selectors.product_name(filters.product)
        context["without_product"] = query_without(request, "sida", "produkt")
        return render_page_or_partial(request, self.template_name, context, partial="results")


class PortfolioByProductView(View):
    """The portfolio grouped by product: one connection of a product can serve every kommun that runs it."""

    template_name = "portfolio/products.html"

    def get(self, request):
        access.require_consortium_reader(request.user)
        form = _filter_form(request)
        filters = form.filters()
        sort = filters.sort if filters.sort.removeprefix("-") in selectors.PRODUCT_SORTS else "kommuner"
        page = selectors.portfolio_by_product(
            user=request.user, filters=filters, sort=sort, page=request.GET.get("sida")
        )
        context = _list_context(request, form, page, sort, selectors.PRODUCT_SORTS, "kommuner")
        return render_page_or_partial(request, self.template_name, context, partial="results")


def export_header() -> list[str]:
    return [
        _("Kommun"),
        _("System"),
        _("Produkt"),
        _("Leverantör"),
        _("Status"),
        _("Konfidentialitet (K)"),
        _("Riktighet (R)"),
        _("Tillgänglighet (T)"),
        _("Personuppgifter"),
        _("Avvecklas"),
        _("Exportmöjlighet"),
        _("Volym (GB)"),
        _("Varav bevaras (GB)"),
    ]


GB_COLUMNS = (11, 12)


def portfolio_export(request, fmt: str):
    """The portfolio as xlsx or CSV: every system the page shows with its filters and sort (all pages)."""
    access.require_consortium_reader(request.user)
    spreadsheet.require_format(fmt)  # before any query
    filters = _filter_form(request).filters()
    rows = selectors.portfolio_export_rows(user=request.user, filters=filters)
    return spreadsheet.table_download(
        fmt,
        title=_("Portfölj"),
        header=export_header(),
        rows=rows,
        filename=f"portfolj-{timezone.localdate():%Y%m%d}",
        number_formats=dict.fromkeys(GB_COLUMNS, "#,##0.00"),
    )
