"""Demo billing data: party data for the 16 kommuner, a fixed cost model for the current year,
issued statements for the last quarter for every member kommun, and one credit note. Idempotent.

"The last quarter" is the last completed quarter of the current year; in January–March it is
Q1 itself (the model is for the current year).
"""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from .models import BillingParty, CostModel, Statement
from .models.parties import luhn_ok
from .services import costs, statements

# Lund's organisation number is real; the others are plausible 212000-numbers with a valid check digit.
KNOWN_ORGNR = {"1281": "212000-1124"}
LINES = [
    ("staff", "Personal (förvaltningen)", "population", Decimal("6400000.00"), "S", Decimal("25"), ""),
    ("licences", "Licenser e-arkiv", "equal", Decimal("1200000.00"), "S", Decimal("25"), ""),
    ("operation", "Drift per anslutet system", "systems", Decimal("850000.00"), "S", Decimal("25"), ""),
    ("storage", "Lagring", "gb", Decimal("240000.00"), "S", Decimal("12"), ""),
    (
        "other",
        "Utbildning",
        "deliveries",
        Decimal("150000.00"),
        "E",
        Decimal("0"),
        "Undantag från skatteplikt för utbildning (3 kap. 8 § ML)",
    ),
]


def orgnr_for(kommunkod: str) -> str:
    if kommunkod in KNOWN_ORGNR:
        return KNOWN_ORGNR[kommunkod]
    stem = f"212000{kommunkod[1:]}"
    check = next(d for d in "0123456789" if luhn_ok(stem + d))
    return f"{stem[:6]}-{stem[6:]}{check}"


def ensure_parties(kommuner) -> None:
    for kommun in kommuner:
        BillingParty.objects.get_or_create(
            kommun=kommun,
            defaults={
                "orgnr": orgnr_for(kommun.kommunkod),
                "buyer_reference": f"{kommun.name[:3].upper()}-ARKIV",
                "street": "Stortorget 7" if kommun.is_host else "Kommunhuset",
                "postal_zone": "22223" if kommun.is_host else "20000",
                "city": kommun.name,
                "contact_email": f"ekonomi@{kommun.subdomain}.example",
                "payment_account": "5050-1055" if kommun.is_host else "",
            },
        )


def last_quarter(today) -> str:
    quarter = (today.month - 1) // 3 + 1
    return f"Q{max(quarter - 1, 1)}"


@transaction.atomic
def seed_demo(result: dict) -> None:
    kommuner = result["kommuner"]
    actor = next((u for u in result["users"] if u.email.startswith("forvaltare")), None)
    ensure_parties(kommuner)
    year = timezone.localdate().year
    if not CostModel.objects.filter(year=year).exists():
        model = costs.cost_model_create(year=year, name=f"Kostnadsmodell {year}", actor=actor)
        for category, label, key, amount, vat, rate, reason in LINES:
            costs.cost_line_create(
                model=model,
                actor=actor,
                category=category,
                label=label,
                key=key,
                amount=amount,
                vat_category=vat,
                vat_rate=rate,
                exemption_reason=reason,
            )
        rows = {}
        for base in model.bases.all():
            rows[base.pk] = {
                "systems": 2 + base.population // 20000,
                "gb": Decimal(base.population) / 100,
                "deliveries": 1 + base.population // 25000,
                "joining": False,
            }
        costs.cost_bases_update(model=model, rows=rows, actor=actor)
        costs.cost_model_fix(model=model, actor=actor)
    period = last_quarter(timezone.localdate())
    if not Statement.objects.filter(year=year, period=period).exists():
        statements.statements_prepare(year=year, period=period, actor=actor)
        issued = statements.statements_issue_all(year=year, period=period, actor=actor)
        if issued:
            corrected = next((s for s in issued if s.kommun.subdomain == "bjuv"), issued[0])
            statements.statement_credit(
                statement=corrected, reason="Rättelse: fel antal leveranser i underlaget", actor=actor
            )
            statements.statements_prepare(year=year, period=period, actor=actor, kommuner=[corrected.kommun])
            statements.statements_issue_all(year=year, period=period, actor=actor)
