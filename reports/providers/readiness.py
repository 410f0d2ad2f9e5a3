"""Readiness before the first connection (issue 19): every kommun's checklist, done of total, late, next action,
and who is behind. A fixed number of queries (onboarding.readiness reads public tables, plus one UNION ALL)."""

from onboarding.readiness.checklist import readiness_for
from tenants.models import Kommun

from ..content import Kpi, ProviderResult, Section, Table
from . import Scope

MSG_NO_CHECKLIST = "Förvaltningen har inte publicerat någon checklista ännu."


def _date(value) -> str:
    return value.isoformat() if value else "–"


def provide(scope: Scope, kommuner: list[Kommun]) -> ProviderResult:
    rows = list(readiness_for(kommuner, today=scope.today).values())
    section = Section(
        key="beredskap",
        title="Beredskap inför första anslutningen",
        intro="Kommunernas checklistor: åtgärder som ska vara klara före den första anslutningen till e-arkivet. "
        "En kommun ligger efter när en åtgärd är sen och kommunen ännu inte har anslutit sitt första system.",
    )
    if not any(r.total for r in rows):
        section.empty = MSG_NO_CHECKLIST
        return ProviderResult(section=section)
    behind = [r for r in rows if r.behind]
    section.kpis = [
        Kpi("Åtgärder klara", sum(r.done_count for r in rows), f"av {sum(r.total for r in rows)}"),
        Kpi("Sena åtgärder", sum(len(r.late) for r in rows)),
    ]
    if scope.kommun is None:
        section.kpis.insert(0, Kpi("Kommuner som ligger efter", len(behind), f"av {len(rows)}"))
        section.tables.append(
            Table(
                "Beredskap per kommun",
                ["Kommun", "Klara", "Av", "Sena", "Första anslutning", "Nästa åtgärd", "Läge"],
                [
                    [
                        r.kommun.name,
                        r.done_count,
                        r.total,
                        len(r.late),
                        _date(r.first_connection),
                        r.most_important.title if r.most_important else "Alla klara",
                        "Ligger efter" if r.behind else "I fas",
                    ]
                    for r in rows
                ],  # fmt: skip
                numeric={1, 2, 3},
            )
        )
    else:
        (one,) = rows
        section.tables.append(
            Table(
                f"Checklistan för {one.kommun.name}, det viktigaste först",
                ["Åtgärd", "Vem", "Klar senast", "Läge"],
                [
                    [a.title, a.responsible, _date(a.due), "Klar" if a.done else ("Sen" if a.late else "Att göra")]
                    for a in one.actions
                ],
            )
        )
    return ProviderResult(section=section, figures={"readiness_behind": len(behind)})
