"""Demo readiness: the checklist from the archivists' workshop (published as version 1), the förvaltning's autumn
tour of visits to the kommuner, the workshop itself with an action for every kommun, a kick-off in Lund, and a few
actions marked done. Idempotent: nothing is done again once the checklist exists."""

from datetime import date

from django.db import transaction

from tenants.models import Kommun, Role

from . import services
from .checklist import readiness_of
from .models import ChecklistVersion, Meeting, PlatformCheck

WORKSHOP_CHECKLIST = [
    (
        "arkivarie",
        "Utse kommunens arkivarie för e-arkivet",
        "organisation",
        "ledning",
        240,
        PlatformCheck.ARKIVARIE_APPOINTED,
        "Någon i kommunen måste äga frågan: arkivarien godkänner system för prioritering och leveransöverenskommelser.",
    ),
    (
        "styrning",
        "Förankra anslutningen i kommunens ledning",
        "organisation",
        "ledning",
        210,
        "",
        "Utan ett beslut i kommunledningen saknas tid och pengar när leveranserna ska göras.",
    ),
    (
        "inventering",
        "Skicka in systeminventeringen",
        "inventering",
        "kontakt",
        180,
        PlatformCheck.INVENTORY_SUBMITTED,
        "Förvaltningen planerar utifrån kommunens system: det som inte är registrerat kommer inte med i planen.",
    ),
    (
        "krt",
        "Klassa informationen i varje system (K, R, T)",
        "information",
        "systemagare",
        150,
        PlatformCheck.CLASSIFIED,
        "Klassningen avgör hur informationen hanteras i e-arkivet och vem som får se den.",
    ),
    (
        "ihp",
        "Kontrollera informationshanteringsplanerna",
        "information",
        "arkivarie",
        140,
        "",
        "Det som ska bevaras måste stå i planen med rätt gallringsfrist innan det levereras.",
    ),
    (
        "forslag",
        "Lämna kommunens förslag på vad som ansluts först",
        "inventering",
        "arkivarie",
        120,
        PlatformCheck.PROPOSAL_MADE,
        "Samverkansrådet beslutar ordningen utifrån kommunernas förslag och verksamhetsnyttan.",
    ),
    (
        "leverantor",
        "Fråga leverantören om export i FGS-format",
        "leverans",
        "systemagare",
        100,
        "",
        "Exporten är oftast det som tar längst tid; leverantören behöver veta i god tid.",
    ),
    (
        "overenskommelse",
        "Godkänn leveransöverenskommelsen",
        "overenskommelse",
        "arkivarie",
        60,
        PlatformCheck.AGREEMENT_APPROVED,
        "Överenskommelsen säger vad som levereras, av vem, i vilket format och hur ofta.",
    ),
    (
        "testleverans",
        "Gör en testleverans som klarar valideringen",
        "leverans",
        "systemagare",
        20,
        PlatformCheck.TEST_DELIVERY_VALID,
        "En godkänd testleverans visar att paketet håller innan produktionen startar.",
    ),
]
# The autumn tour: (date, subdomain) of each visit; the rest of the kommuner are still to be visited.
TOUR = [
    (date(2026, 9, 3), "lund"), (date(2026, 9, 10), "bjuv"), (date(2026, 9, 17), "horby"),
    (date(2026, 9, 24), "klippan"), (date(2026, 10, 1), "landskrona"), (date(2026, 10, 8), "sjobo"),
    (date(2026, 10, 15), "ystad"), (date(2026, 10, 22), "svedala"), (date(2026, 11, 5), "trelleborg"),
    (date(2026, 11, 12), "angelholm"),
]  # fmt: skip
# Planned first connections set by the förvaltning (the others follow the plan's quarters).
FIRST_CONNECTIONS = {
    "lund": date(2027, 3, 1), "bjuv": date(2027, 4, 1), "horby": date(2027, 2, 1), "klippan": date(2027, 6, 1),
    "landskrona": date(2027, 5, 1), "svedala": date(2027, 9, 1), "trelleborg": date(2027, 10, 1),
    "angelholm": date(2028, 1, 1),
}  # fmt: skip


def _forvaltare(result):
    return next(u for u in result["users"] if u.memberships.filter(role=Role.FORVALTNING).exists())


def _kommun_user(result, kommun):
    return next((u for u in result["users"] if u.memberships.filter(kommun=kommun).exists()), None)


@transaction.atomic
def seed_demo(result: dict) -> None:
    if ChecklistVersion.objects.exists():
        return
    actor = _forvaltare(result)
    kommuner = {k.subdomain: k for k in result["kommuner"]}
    draft = services.checklist_draft_create(actor=actor)
    for key, title, category, responsible, days, check, why in WORKSHOP_CHECKLIST:
        services.checklist_item_add(
            version=draft, actor=actor, key=key, title=title, why=why, category=category,
            responsible=responsible, days_before=days, platform_check=check,
        )  # fmt: skip
    services.checklist_publish(version=draft, note="Från arkivariernas workshop i augusti 2026.", actor=actor)
    for subdomain, day in FIRST_CONNECTIONS.items():
        if subdomain in kommuner:
            services.kommun_plan_set(kommun=kommuner[subdomain], first_connection=day, actor=actor)
    members = list(Kommun.objects.members().active().order_by("name"))
    services.meeting_create(
        date=date(2026, 8, 27), kind=Meeting.Kind.WORKSHOP, title="Workshop med kommunernas arkivarier",
        kommuner=members, participants="Kommunernas arkivarier\nFörvaltningen",
        notes="Vi gick igenom vad som måste vara klart före den första anslutningen. Resultatet blev checklistan.",
        actor=actor,
        actions=[{
            "title": "Boka ett internt möte med systemägarna om e-arkivet", "why": "Systemägarna gör exporterna.",
            "category": "organisation", "responsible": "arkivarie", "due": date(2026, 12, 15), "kommun": None,
        }],
    )  # fmt: skip
    for day, subdomain in TOUR:
        kommun = kommuner.get(subdomain)
        if kommun is None:
            continue
        services.meeting_create(
            date=day, kind=Meeting.Kind.VISIT, title=f"Besök i {kommun.name}", kommuner=[kommun],
            participants=f"Kommunens kontaktperson och arkivarie i {kommun.name}\nFörvaltningen",
            notes="Genomgång av systeminventeringen och kommunens checklista.", actor=actor,
        )  # fmt: skip
    if "lund" in kommuner:
        lund = kommuner["lund"]
        services.meeting_create(
            date=date(2026, 11, 19), kind=Meeting.Kind.KICKOFF, title="Kick-off för Lunds pilotleverans",
            kommuner=[lund], participants="Systemförvaltare, arkivarie, leverantören, förvaltningen",
            notes="Pilotens tidplan och roller.", actor=actor,
            actions=[{
                "title": "Skicka testexporten till förvaltningen",
                "why": "Förvaltningen granskar den före testleveransen.",
                "category": "leverans", "responsible": "systemagare", "due": date(2027, 1, 15), "kommun": lund,
            }],
        )  # fmt: skip
        person = _kommun_user(result, lund)
        if person is not None:
            readiness = readiness_of(lund, today=date.today())
            action = next(a for a in readiness.actions if a.key == "mall:styrning")
            services.action_mark_done(kommun=lund, action=action, comment="Beslut i kommunstyrelsen 2026-10-14.",
                                      actor=person)  # fmt: skip
