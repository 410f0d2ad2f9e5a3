"""Reads of the catalogue and the portfolio index."""

import difflib

from django.db.models import QuerySet
from django.http import Http404

from tenants import access
from tenants.models import User

from .models import PortfolioEntry, Product
from .normalize import normalize_name

SIMILARITY = 0.8


def _similar(a: str, b: str) -> float:
    """1.0 for equal names; high when one name's words are all in the other ("procapita" in "procapita voo")."""
    if a == b:
        return 1.0
    tokens_a, tokens_b = set(a.split()), set(b.split())
    if tokens_a and tokens_b and (tokens_a <= tokens_b or tokens_b <= tokens_a):
        return 0.9
    compact_a, compact_b = a.replace(" ", ""), b.replace(" ", "")
    if compact_a == compact_b:
        return 0.95
    return difflib.SequenceMatcher(None, compact_a, compact_b).ratio()


def product_similar(name: str, *, limit: int = 5) -> list[Product]:
    """Existing products whose name is close to `name`, closest first (the catalogue is small: hundreds)."""
    wanted = normalize_name(name)
    if not wanted:
        return []
    scored = []
    for product in Product.objects.only("id", "name", "vendor"):
        score = _similar(wanted, normalize_name(product.name))
        if score >= SIMILARITY:
            scored.append((-score, product.name, product))
    scored.sort(key=lambda row: row[:2])
    return [row[2] for row in scored[:limit]]


def product_suggest(query: str, *, limit: int = 10) -> list[Product]:
    """Suggestions while typing: names containing the text first, then near matches."""
    query = (query or "").strip()
    if len(query) < 2:
        return []
    found = list(Product.objects.filter(name__icontains=query).order_by("name", "vendor")[:limit])
    for product in product_similar(query, limit=limit):
        if len(found) >= limit:
            break
        if product not in found:
            found.append(product)
    return found


def portfolio_entries(*, user: User) -> QuerySet[PortfolioEntry]:
    """Every kommun's systems for the förvaltning and ledning: one query on the public index."""
    if access.consortium_role(user) is None:
        raise Http404
    return PortfolioEntry.objects.select_related("kommun", "product").order_by("kommun__name", "name")
