"""Realistic Swedish municipal systems, for the demo and seed_scale: areas, typical products and their information.

Weights say how common a product is among kommuner (a few run almost everywhere, others rarely).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Area:
    system_name: str
    records_creator: str
    purpose: str
    products: tuple  # ((name, vendor, weight), ...)
    information: tuple  # ((name, retention, years or None, sensitive), ...)
    krt: tuple  # typical (K, R, T)


AREAS = [
    Area(
        "Diariet",
        "Kommunstyrelsen",
        "Diarieföring och ärendehantering för kommunstyrelsen och nämnderna.",
        (
            ("Public 360°", "Tieto Evry", 5),
            ("Ciceron", "Formpipe", 3),
            ("W3D3", "Formpipe", 2),
            ("Lex", "Formpipe", 1),
            ("Platina", "Formpipe", 2),
        ),
        (("Ärenden och handlingar", "bevaras", None, False), ("Diarieloggar", "gallras", 2, False)),
        (2, 3, 2),
    ),
    Area(
        "Verksamhetssystem IFO",
        "Socialnämnden",
        "Dokumentation och handläggning inom individ- och familjeomsorgen.",
        (
            ("ProCapita", "CGI", 4),
            ("Lifecare", "Tieto Evry", 3),
            ("Treserva", "CGI", 3),
            ("Viva", "Pulsen Omsorg", 2),
            ("Combine", "Pulsen", 1),
        ),
        (("Personakter IFO", "bevaras", None, True), ("Ekonomiskt bistånd", "gallras", 5, True)),
        (4, 3, 3),
    ),
    Area(
        "Vård och omsorg",
        "Vård- och omsorgsnämnden",
        "Biståndshandläggning och dokumentation i äldreomsorgen.",
        (("Procapita VoO", "Tieto Evry", 4), ("Lifecare Hemvård", "Tieto Evry", 3), ("Treserva", "CGI", 3)),
        (("Social dokumentation äldreomsorg", "gallras", 5, True), ("Biståndsbeslut", "bevaras", None, True)),
        (4, 3, 3),
    ),
    Area(
        "Trygghetslarm",
        "Vård- och omsorgsnämnden",
        "Larmhantering och nyckelfri hemtjänst.",
        (("TES", "Tunstall", 3), ("Phoniro", "Phoniro Systems", 3)),
        (("Larmloggar", "gallras", 2, True),),
        (3, 3, 4),
    ),
    Area(
        "Elevregistret",
        "Barn- och utbildningsnämnden",
        "Elevuppgifter, placeringar, betyg och intyg.",
        (
            ("Tieto Education", "Tieto Evry", 4),
            ("Procapita Utbildning", "Tieto Evry", 2),
            ("Extens", "Sambruk/Pulsen", 3),
        ),
        (("Betygskataloger", "bevaras", None, False), ("Elevuppgifter", "bevaras", None, False)),
        (3, 3, 2),
    ),
    Area(
        "Schema och närvaro",
        "Barn- och utbildningsnämnden",
        "Scheman, frånvaro och kontakt med vårdnadshavare.",
        (("Skola24", "Skola24", 4), ("Vklass", "Vklass", 2)),
        (("Frånvarorapporter", "gallras", 3, False),),
        (2, 2, 2),
    ),
    Area(
        "Lärplattform",
        "Barn- och utbildningsnämnden",
        "Pedagogisk dokumentation och omdömen.",
        (("Unikum", "Unikum", 4), ("Vklass", "Vklass", 2)),
        (("Pedagogisk dokumentation", "gallras", 1, False), ("Åtgärdsprogram", "bevaras", None, True)),
        (3, 2, 2),
    ),
    Area(
        "Bygglovshantering",
        "Byggnadsnämnden",
        "Ärenden om bygglov, anmälan och tillsyn enligt PBL.",
        (("ByggR", "Sokigo", 5), ("Castor", "Tieto Evry", 2)),
        (("Bygglovsärenden", "bevaras", None, False), ("Ritningar", "bevaras", None, False)),
        (1, 3, 2),
    ),
    Area(
        "Miljö och hälsoskydd",
        "Miljö- och hälsoskyddsnämnden",
        "Tillsyn, livsmedelskontroll och miljöärenden.",
        (("Ecos", "Tieto Evry", 3), ("EDP Vision", "EDP", 3), ("Vision Miljö", "Sokigo", 1)),
        (("Tillsynsärenden", "bevaras", None, False), ("Kontrollrapporter", "gallras", 10, False)),
        (2, 2, 2),
    ),
    Area(
        "Ekonomisystem",
        "Kommunstyrelsen",
        "Redovisning, leverantörs- och kundreskontra.",
        (("Raindance", "CGI", 5), ("Agresso", "Unit4", 3)),
        (("Verifikationer", "gallras", 7, False), ("Årsbokslut", "bevaras", None, False)),
        (2, 4, 2),
    ),
    Area(
        "E-handel",
        "Kommunstyrelsen",
        "Beställningar och fakturaflöde.",
        (("Visma Proceedo", "Visma", 4),),
        (("Beställningar", "gallras", 7, False),),
        (1, 3, 2),
    ),
    Area(
        "Lön och personal",
        "Kommunstyrelsen",
        "Löner, anställningar och personalakter.",
        (("Heroma", "CGI", 4), ("Personec P", "Visma", 4)),
        (
            ("Lönelistor", "bevaras", None, True),
            ("Anställningsavtal", "bevaras", None, True),
            ("Tidrapporter", "gallras", 2, False),
        ),
        (3, 4, 3),
    ),
    Area(
        "Överförmyndarregister",
        "Överförmyndarnämnden",
        "Ärenden om gode män och förvaltare.",
        (("Lupin", "Lupin", 2), ("Wärna", "Wärna", 2)),
        (("Akter överförmyndare", "bevaras", None, True),),
        (4, 3, 2),
    ),
    Area(
        "Fastighetsregister",
        "Tekniska nämnden",
        "Kommunens fastighetsregister och adresser.",
        (("Tekis", "Sokigo", 3), ("Nova", "Nova Solutions", 1)),
        (("Fastighetsuppgifter", "bevaras", None, False),),
        (1, 3, 2),
    ),
    Area(
        "Bibliotekssystem",
        "Kultur- och fritidsnämnden",
        "Utlåning och låntagare.",
        (("Evolution", "Axiell", 2), ("Quria", "Axiell", 2)),
        (("Låntagaruppgifter", "gallras", 1, False),),
        (2, 2, 2),
    ),
]

PEOPLE = [
    "Anna Andersson",
    "Bengt Berg",
    "Cecilia Carlsson",
    "David Dahl",
    "Eva Ek",
    "Fredrik Falk",
    "Greta Gren",
    "Hassan Haddad",
    "Ingrid Holm",
    "Johan Jönsson",
    "Karin Lind",
    "Leila Mansour",
    "Mats Nilsson",
    "Nora Olsson",
]


def email_for(name: str, subdomain: str) -> str:
    local = name.lower().replace(" ", ".").replace("ö", "o").replace("ä", "a").replace("å", "a").replace("é", "e")
    return f"{local}@{subdomain}.example"


def pick_product(rng, area: Area) -> tuple[str, str]:
    names = [(name, vendor) for name, vendor, _w in area.products]
    weights = [weight for _n, _v, weight in area.products]
    return rng.choices(names, weights=weights)[0]
