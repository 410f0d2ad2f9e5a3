"""Reads of the catalogue and the portfolio index: products, the portfolio pages, every row for the plan.

The portfolio pages read public tables only (the index): their query count does not grow with the
number of kommuner. Only the förvaltning and ledning see them (404 for everyone else).
"""

import difflib
import gc
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.postgres.aggregates import ArrayAgg
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    Min,
    OrderBy,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Collate
from django.http import Http404

from onboarding.inventory.choices import ExportCapability, SystemStatus, YesNoUnknown
from tenants import access
from tenants.models import Kommun, User
from tenants.swedish import COLLATION, ordered

from .models import MB_PER_GB, PortfolioEntry, Product, gb_from_mb
from .normalize import normalize_name

SIMILARITY = 0.8
PAGE_SIZE = 50
KOMMUN, NAME = ordered("kommun__name"), ordered("name")
SORTS = {
    "kommun": (KOMMUN, NAME),
    "namn": (NAME, KOMMUN),
    "produkt": (OrderBy(Collate(F("product__name"), COLLATION), nulls_last=True), KOMMUN, NAME),
    "avveckling": (F("decommission_date").asc(nulls_last=True), KOMMUN, NAME),
    "volym": ("-total_mb", KOMMUN, NAME),
    "status": ("status", KOMMUN, NAME),
}
# The by-product page groups by product_id alone and reads the product's name as an aggregate (product_name):
# see portfolio_by_product.
PRODUCT_NAME = ordered("product_name")
PRODUCT_SORTS = {
    "kommuner": ("-kommuner", PRODUCT_NAME),
    "produkt": (PRODUCT_NAME,),
    "volym": ("-total_gb", PRODUCT_NAME),
    "avveckling": (F("earliest").asc(nulls_last=True), PRODUCT_NAME),
}


@dataclass(frozen=True)
class SortHeader:
    """A sortable column's state: `aria` is its aria-sort ("ascending", "descending" or "" when the list is
    sorted by another column), `next` the sort its link asks for (the other direction when it is the sort now)."""

    aria: str
    next: str


def _reversed(field):
    if isinstance(field, str):
        return field[1:] if field.startswith("-") else f"-{field}"
    return OrderBy(field.expression, descending=not field.descending, nulls_last=True)  # empty dates stay last


def _descending(field) -> bool:
    return field.startswith("-") if isinstance(field, str) else field.descending


def ordering(sorts: dict, sort: str, default: str) -> list:
    """The ORDER BY of `sort`: a key of `sorts` in its natural direction, or "-key" for the other one."""
    key = sort.removeprefix("-")
    if key not in sorts:
        return list(sorts[default])
    fields = list(sorts[key])
    if sort.startswith("-"):
        fields[0] = _reversed(fields[0])
    return fields


def sort_headers(sorts: dict, sort: str, default: str) -> dict[str, SortHeader]:
    """Every column's header state, for the table: which one sorts the list, which way, and what a click does."""
    current = sort if sort.removeprefix("-") in sorts else default
    headers = {}
    for key in sorts:
        if current.removeprefix("-") != key:
            headers[key] = SortHeader(aria="", next=key)
            continue
        descending = _descending(ordering(sorts, current, default)[0])
        headers[key] = SortHeader(aria="descending" if descending else "ascending", next=_reversed(current))
    return headers


def sort_choices() -> list[tuple[str, str]]:
    """The values the hidden sort field accepts: each key of both pages, either way."""
    keys = {**SORTS, **PRODUCT_SORTS}
    return [(k, k) for key in keys for k in (key, f"-{key}")]


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


# The facts of a system that cross-kommun work (prioritisation, the plan, reports) reads for every row.
PORTFOLIO_FACTS = (
    "kommun_id",
    "system_id",
    "name",
    "product_id",
    "status",
    "confidentiality",
    "integrity",
    "availability",
    "personal_data",
    "sensitive_personal_data",
    "decommission_date",
    "export_capability",
    "total_mb",
    "preserved_mb",
    "proposal_rank",
    "first_choice",
)


@contextmanager
def _gc_paused():
    """Pause the cyclic garbage collector while a big result is turned into tuples.

    Fetching 14,500 rows allocates 14,500 tuples, which triggers dozens of collections that
    walk the young objects (and now and then the whole heap); tuples of numbers, strings,
    dates and decimals cannot form reference cycles, so the collector has nothing to find.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def portfolio_rows(*, columns: tuple[str, ...] = PORTFOLIO_FACTS, kommun_ids: list[int] | None = None) -> list[tuple]:
    """Every kommun's systems as plain tuples of `columns` (in that order): one query on the public index.

    Volumes come as whole MB (total_mb, preserved_mb; see models.gb_from_mb and preserved_share).

    The read path for "all rows of the index" (14,500 rows at 290 kommuner x 50 systems), for
    callers that compute over every system (prioritisation, the plan): no model instances, no
    join, no ORDER BY the caller did not ask for, only the columns asked for, and all rows
    taken from the cursor at once instead of the ORM's chunks of 100, volumes as integers.
    Measured at 290 x 50, what is left is about 70 ns per value, half of it PostgreSQL writing
    and sending the value, half psycopg2 converting it (tests/benchmarks/test_bench_onboarding.py).
    Callers that only need counts or sums per kommun or product should aggregate in SQL instead.

    The index only holds rows of member kommuner (`index_upsert` refuses the consortium schema),
    so no join on the kommun table is needed to leave the consortium out.
    """
    unknown = set(columns) - set(PORTFOLIO_FACTS)
    if unknown:
        raise ValueError(f"Not a portfolio fact: {', '.join(sorted(unknown))}")
    qs = PortfolioEntry.objects.order_by()
    if kommun_ids is not None:
        qs = qs.filter(kommun_id__in=kommun_ids)
    try:
        sql, params = qs.values_list(*columns).query.sql_with_params()
    except EmptyResultSet:  # kommun_ids=[]: nothing can match, and no query is needed to know it
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        with _gc_paused():
            return cursor.fetchall()


@dataclass
class PortfolioFilters:
    """What the portfolio page asks for; every value comes from a validated form."""

    q: str = ""
    kommun: int | None = None
    product: int | None = None
    product_name: str = ""
    status: str = ""
    min_class: int | None = None
    decommission_from: date | None = None
    decommission_to: date | None = None
    export_capability: str = ""
    sort: str = "kommun"


def _filtered(filters: PortfolioFilters) -> QuerySet[PortfolioEntry]:
    qs = PortfolioEntry.objects.exclude(kommun__schema_name="public")
    if filters.q:
        qs = qs.filter(
            Q(name__icontains=filters.q)
            | Q(product__name__icontains=filters.q)
            | Q(product__vendor__icontains=filters.q)
        )
    if filters.kommun:
        qs = qs.filter(kommun_id=filters.kommun)
    if filters.product:
        qs = qs.filter(product_id=filters.product)
    if filters.product_name:
        qs = qs.filter(
            Q(product__name__icontains=filters.product_name) | Q(product__vendor__icontains=filters.product_name)
        )
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.min_class is not None:
        level = filters.min_class
        qs = qs.filter(Q(confidentiality__gte=level) | Q(integrity__gte=level) | Q(availability__gte=level))
    if filters.decommission_from:
        qs = qs.filter(decommission_date__gte=filters.decommission_from)
    if filters.decommission_to:
        qs = qs.filter(decommission_date__lte=filters.decommission_to)
    if filters.export_capability:
        qs = qs.filter(export_capability=filters.export_capability)
    return qs


def portfolio_page(*, user: User, filters: PortfolioFilters, page: int = 1) -> Page:
    """One page of every kommun's systems: a count and a page query, whatever the number of kommuner (in kommun
    order, the default, the count is one per kommun and the page reads the few kommuner it spans: _ByKommun)."""
    access.require_consortium_reader(user)
    qs = _filtered(filters).select_related("kommun", "product").order_by(*ordering(SORTS, filters.sort, "kommun"))
    key = filters.sort.removeprefix("-")
    if key == "kommun" or key not in SORTS:  # ordering()'s default too
        return Paginator(_ByKommun(qs, descending=filters.sort == "-kommun"), PAGE_SIZE).get_page(page)
    return Paginator(qs, PAGE_SIZE).get_page(page)


def _kommun_places() -> tuple[dict[int, int], list[str]]:
    """Every kommun row's place in Swedish alphabetical order of the names (kommuner of one name share a place:
    the database compares them equal), and the names in that order. One query, sorted by the database's ICU
    collation; every row, those whose data was deleted too (the index is joined on the table, not the manager)."""
    ranked = Kommun.all_objects.order_by(ordered("name")).values_list("pk", "name")
    first: dict[str, int] = {}  # a name -> its place
    place = {pk: first.setdefault(name, len(first)) for pk, name in ranked}
    return place, list(first)


class _ByKommun:
    """The portfolio in kommun order as the paginator reads it (`qs`: the rows in their ORDER BY, kommun first).

    Its length is the sum of one count per kommun; a page is read from the rows of the kommuner it spans only,
    in the same ORDER BY: they are a contiguous run of the whole list, so the same rows in the same order.
    Sorting every row of the index by the kommun's name in the ICU collation to keep 50 cost 15 ms of the
    server's CPU a page at 290 x 50.
    """

    def __init__(self, qs: QuerySet, *, descending: bool):
        self.qs = qs
        counts = qs.order_by().values("kommun_id").annotate(n=Count("*")).values_list("kommun_id", "n")
        place, _names = _kommun_places()
        places: dict[int, list] = {}  # place -> [rows, kommun ids]
        for kommun_id, n in counts:
            entry = places.setdefault(place[kommun_id], [0, []])
            entry[0] += n
            entry[1].append(kommun_id)
        self.places = [places[p] for p in sorted(places, reverse=descending)]
        self.total = sum(n for n, _ids in self.places)

    def count(self) -> int:
        return self.total

    def __getitem__(self, index: slice) -> list[PortfolioEntry]:
        start, stop = index.start or 0, index.stop
        ids, skip, before = [], 0, 0
        for n, kommun_ids in self.places:
            if before >= stop:
                break
            if before + n > start:
                skip = skip if ids else start - before
                ids += kommun_ids
            before += n
        return list(self.qs.filter(kommun_id__in=ids)[skip : skip + stop - start]) if ids else []


EXPORT_COLUMNS = (
    "kommun__name",
    "name",
    "product__name",
    "product__vendor",
    "status",
    "confidentiality",
    "integrity",
    "availability",
    "personal_data",
    "decommission_date",
    "export_capability",
    "total_mb",
    "preserved_mb",
)


def portfolio_export_rows(*, user: User, filters: PortfolioFilters) -> list[tuple]:
    """Every system the portfolio page shows with these filters, in its order, as rows of a spreadsheet
    (the columns of views.export_header): all pages, not one. One query, whatever the number of kommuner."""
    access.require_consortium_reader(user)
    qs = _filtered(filters).order_by(*ordering(SORTS, filters.sort, "kommun")).values_list(*EXPORT_COLUMNS)
    return [_export_row(row) for row in qs]


_STATUS, _YES_NO, _EXPORT = (dict(c.choices) for c in (SystemStatus, YesNoUnknown, ExportCapability))


def _export_row(row: tuple) -> tuple:
    """A row of EXPORT_COLUMNS as people read it: the words of the choices, volumes in GB."""
    kommun, name, product, vendor, status, k, r, t, personal, decommission, export, total_mb, preserved_mb = row
    return (
        kommun,
        name,
        product or "",
        vendor or "",
        str(_STATUS.get(status, status)),
        k,
        r,
        t,
        str(_YES_NO.get(personal, personal)),
        decommission,
        str(_EXPORT.get(export, export)),
        gb_from_mb(total_mb),
        gb_from_mb(preserved_mb),
    )


def portfolio_kommuner() -> list[tuple[int, str]]:
    """The kommuner for the filter list (one query)."""
    return list(Kommun.objects.members().order_by(ordered("name")).values_list("id", "name"))


def product_name(product_id: int | None) -> str:
    product = Product.objects.filter(pk=product_id).first() if product_id else None
    return str(product) if product else ""


def portfolio_by_product(*, user: User, filters: PortfolioFilters, sort: str = "kommuner", page: int = 1) -> Page:
    """Systems grouped by product: kommuner, volume, earliest decommission, how many can export FGS, and the
    kommuner's names (`kommun_names`, one string in Swedish alphabetical order).

    One aggregate query per page, plus the kommuner's order. The number of products is COUNT(DISTINCT product_id)
    of the filtered rows, not the paginator's COUNT over the grouped query (half the time).

    Measured at 290 x 50 (PostgreSQL's own CPU time): the query groups by product_id alone, the product's name and
    vendor are MIN() of the group (one product, one name), since grouping by them too, and by the name in the ICU
    collation the sort needs, sorted every row by four keys; the kommuner come as their ids, DISTINCT of integers,
    and `kommuner` is that array's length (PostgreSQL computes the aggregate once), where an array of names
    DISTINCT in the ICU collation compared strings the Swedish way in every group: 30 ms of the server's CPU
    became 17. The ids are put in the order of the kommun list, sorted once by the database's collation, and
    joined here: one string a product, escaped once by the template instead of every name.
    """
    access.require_consortium_reader(user)
    rows = _filtered(filters).filter(product__isnull=False)
    kommun_ids = ArrayAgg("kommun_id", distinct=True)
    qs = (
        rows.values("product_id")
        .annotate(
            product_name=Min("product__name"),
            product_vendor=Min("product__vendor"),
            kommuner=Func(kommun_ids, function="cardinality", output_field=IntegerField()),
            systems=Count("id"),
            total_gb=ExpressionWrapper(
                Sum("total_mb") / Value(Decimal(MB_PER_GB)), output_field=DecimalField(max_digits=20, decimal_places=2)
            ),
            earliest=Min("decommission_date"),
            fgs=Count("kommun_id", distinct=True, filter=Q(export_capability="fgs")),
            kommun_ids=kommun_ids,
        )
        .order_by(*ordering(PRODUCT_SORTS, sort, "kommuner"))
    )
    paginator = Paginator(qs, PAGE_SIZE)
    paginator.count = rows.order_by().aggregate(n=Count("product_id", distinct=True))["n"]
    result = paginator.get_page(page)
    result.object_list = _with_kommun_names(list(result.object_list))
    return result


def _with_kommun_names(products: list[dict]) -> list[dict]:
    """Each product's kommun_ids as `kommun_names`: the names in Swedish alphabetical order, joined by ", ", each
    name once (two kommuner of one name show as one, as DISTINCT over the names did)."""
    if not products:
        return products
    place, names = _kommun_places()
    for product in products:
        product["kommun_names"] = ", ".join([names[i] for i in sorted({place[pk] for pk in product.pop("kommun_ids")})])
    return products


def portfolio_entry_get(*, user: User, kommun_id: int, system_id: int) -> PortfolioEntry:
    """One system's row of the index, for those who read the portfolio; 404 when there is none."""
    access.require_consortium_reader(user)
    entry = (
        PortfolioEntry.objects.select_related("kommun", "product")
        .filter(kommun_id=kommun_id, system_id=system_id)
        .exclude(kommun__schema_name="public")
        .first()
    )
    if entry is None:
        raise Http404
    return entry
