"""The förvaltning's and ledning's read-only list of every kommun's systems, from the public portfolio index."""

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.views import View

from onboarding.choices import SystemStatus
from onboarding.portfolio.selectors import portfolio_entries
from tenants.htmx import render_page_or_partial


class PortfolioView(View):
    """One query on the index (plus a count): it does not grow with the number of kommuner."""

    def get(self, request):
        entries = portfolio_entries(user=request.user)
        q = (request.GET.get("q") or "").strip()[:100]
        status = request.GET.get("status") or ""
        if q:
            entries = entries.filter(
                Q(name__icontains=q) | Q(product__name__icontains=q) | Q(kommun__name__icontains=q)
            )
        if status in SystemStatus.values:
            entries = entries.filter(status=status)
        page = Paginator(entries, 100).get_page(request.GET.get("sida"))
        products = (
            entries.exclude(product=None)
            .values("product__name", "product__vendor")
            .annotate(kommuner=Count("kommun", distinct=True), system=Count("id"))
            .order_by("-kommuner", "product__name")[:10]
        )
        context = {"page": page, "q": q, "status": status, "statuses": SystemStatus.choices, "products": products}
        return render_page_or_partial(request, "onboarding/portfolio.html", context, partial="results")
