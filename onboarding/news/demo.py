"""Demo news: the autumn's items from the förvaltning (the tour of all kommuner, the archivists' workshop,
a note to the pilot kommuner) and two numbered newsletters gathering them. Idempotent: when the first issue
exists, nothing is made again. Items are dated in the autumn (written through the service, then moved back
to their date, as if published then; their e-mail counts as sent)."""

from datetime import datetime

from django.db import connection, transaction
from django.utils import timezone

from tenants.models import Role

from . import services
from .models import NewsItem, NewsletterIssue

TOUR = """Under hösten besöker förvaltningen alla 16 kommuner för att berätta om e-arkivet och höra hur ni arbetar.

## Vad vi går igenom
- Anslutningsplanen och när era system står på tur
- Vilka roller kommunen behöver: kontaktperson, arkivarie och systemägare
- Hur en leveransöverenskommelse tas fram

Datum för ert besök bokas med kommunens kontaktperson. Läs mer om e-arkiv på [Riksarkivet](https://riksarkivet.se/)."""

WORKSHOP = """Den 12 november träffas arkivarierna från alla kommuner i Lund.

## Program
1. Erfarenheter från pilotleveranserna
2. Informationsklassning (K/R/T) av verksamhetssystemen
3. Konkreta handlingar inför anslutningarna

Anmälan till förvaltningen senast den 1 november."""

PILOTS = """Lund, Bjuv och Ystad levererar först. Testleveranserna börjar i januari.

- Se till att leveransöverenskommelsen är godkänd av kommunen
- Exporten från systemet ska vara klar i december"""

DECISION = """Samverkansrådet beslutade den 15 september om anslutningsplanen för 2027–2028.

Planen finns under *Anslutningsplan* i plattformen. Varje kommun får minst en leverans under 2027."""

ITEMS = [
    # (title, text, to: None = every kommun or subdomains, published)
    ("Anslutningsplanen är beslutad", DECISION, None, datetime(2026, 9, 16, 9, 0)),
    ("Höstens turné till alla kommuner", TOUR, None, datetime(2026, 9, 22, 8, 30)),
    ("Workshop för arkivarier i november", WORKSHOP, None, datetime(2026, 10, 6, 10, 0)),
    ("Till pilotkommunerna: testleveranser i januari", PILOTS, ("lund", "bjuv", "ystad"), datetime(2026, 10, 20, 9, 0)),
]
ISSUES = [
    ("Hösten 2026", "Förvaltningens första nyhetsbrev till kommunerna i SkånEarkiv.", [0, 1]),
    ("Inför anslutningarna", "Om workshopen och vad som händer efter turnén.", [2, 1]),
]


def seed_demo(result: dict) -> None:
    connection.set_schema_to_public()
    if NewsletterIssue.objects.exists():
        return
    actor = next((u for u in result["users"] if u.memberships.filter(role=Role.FORVALTNING).exists()), None)
    if actor is None:
        return
    kommuner = {k.subdomain: k for k in result["kommuner"]}
    with transaction.atomic():
        items = [_item(actor, kommuner, *spec) for spec in ITEMS]
        for title, intro, picks in ISSUES:
            services.newsletter_issue_create(
                title=title, intro=intro, item_ids=[items[i].pk for i in picks], actor=actor
            )


def _item(actor, kommuner, title, body, to, when) -> NewsItem:
    chosen = [kommuner[s] for s in to or () if s in kommuner]
    item = services.news_item_create(
        title=title, body=body, to_all=to is None or not chosen, kommuner=chosen, actor=actor
    )
    published = timezone.make_aware(when)
    NewsItem.objects.filter(pk=item.pk).update(publish_at=published, notified_at=published)
    item.refresh_from_db()
    return item
