"""Real objects of every kind a URL names, all of one kommun (the victim) or of the consortium, made
through the apps' own services; and the registry that fills each URL parameter with them.

The victim is Bjuv: Lund is the host kommun and is never invoiced, so only a member like Bjuv has
statements. Lund's kommun schema is left empty, so an id of Bjuv's that reached a row on Lund's
site would be a leak, not a coincidence of two sequences.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django_tenants.utils import tenant_context

from billing.demo import ensure_parties
from billing.models import CostLine, CostModel, Statement
from billing.services import costs, statements
from onboarding.deliveries import services as deliveries
from onboarding.deliveries.models import Connection, Delivery, SubmissionAgreement
from onboarding.deliveries_index.models import ArchiveBackend, ArchiveToken, HandOver
from onboarding.deliveries_index.phases import Phase
from onboarding.deliveries_index.services import archive_backend_create
from onboarding.kommun_data.models import KommunExport
from onboarding.kommun_data.services.jobs import kommun_export_request, kommun_export_run
from onboarding.models import Attachment, ImportJob, System
from onboarding.news import services as news
from onboarding.news.models import NewsItem, NewsletterIssue
from onboarding.packaging.models import PackageBuild
from onboarding.packaging.services.builds import package_build_request
from onboarding.packaging.services.metadata import default_metadata
from onboarding.planning import services as planning
from onboarding.planning.builds import plan_build_request
from onboarding.planning.models import PlanBuild, PlanVersion
from onboarding.readiness import services as readiness
from onboarding.readiness.models import ChecklistItem, Meeting
from onboarding.services import attachments, imports
from onboarding.validation.sample import build_sip
from onboarding.views.wizard import STEP_KEYS
from reports.models import IssuedReport, ReportKind
from reports.services import report_render
from tenants.models import Invitation, Kommun, Role
from tenants.services import invitation_create
from tests import world
from tests.deliveries.conftest import AGREEMENT_DATA, upload, zip_folder
from tests.onboarding.fixtures_onboarding import make_system, row, xlsx

# Names of the victim's objects: a page that shows one of them to an intruder has leaked it.
SECRET = "Bjuvs hemliga diarium"


@dataclass
class Targets:
    victim: Kommun
    consortium: Kommun
    system: System
    attachment: Attachment
    import_job: ImportJob
    connection: Connection
    agreement: SubmissionAgreement
    delivery: Delivery
    package_build: PackageBuild
    handover: HandOver
    archive_backend: ArchiveBackend
    archive_token: ArchiveToken
    plan: PlanVersion
    other_plan: PlanVersion
    plan_build: PlanBuild
    cost_model: CostModel
    cost_line: CostLine
    statement: Statement
    draft_statement: Statement
    kommun_report: IssuedReport
    consortium_report: IssuedReport
    invitation: Invitation
    consortium_invitation: Invitation
    news_item: NewsItem
    news_issue: NewsletterIssue
    meeting: Meeting
    checklist_item: ChecklistItem
    kommun_export: KommunExport


def _billing(lund, bjuv, forvaltare) -> tuple[CostModel, Statement, Statement]:
    ensure_parties([lund, bjuv])  # the demo's billing parties: the host sells, Bjuv buys
    model = costs.cost_model_create(year=2024, name="Budget 2024", actor=forvaltare)
    costs.cost_line_create(
        model=model, actor=forvaltare, category="staff", label="Personal", key="population", amount=Decimal("1000000")
    )
    model = costs.cost_model_fix(model=model, actor=forvaltare)
    statements.statements_prepare(year=2024, period="Q1", actor=forvaltare)
    [issued] = statements.statements_issue_all(year=2024, period="Q1", actor=forvaltare, issue_date=date(2024, 4, 2))
    [draft] = statements.statements_prepare(year=2024, period="Q2", actor=forvaltare)
    return model, issued, draft


def _delivered(bjuv, kontakt, forvaltare, workdir) -> tuple[Connection, SubmissionAgreement, Delivery]:
    """A connection in production with an approved agreement and a valid delivery, accepted and handed over."""
    package = zip_folder(build_sip(workdir / "build", "sip-bjuv"), workdir / "sip-bjuv.zip")
    system = make_system(bjuv, name=f"{SECRET} (anslutet)")
    with tenant_context(bjuv), TestCase.captureOnCommitCallbacks(execute=True):
        conn = deliveries.connection_create(system=system, planned_quarter="2027Q1", actor=None)
        Connection.objects.filter(pk=conn.pk).update(phase=Phase.PRODUCTION)
        agreement = deliveries.agreement_create_version(connection=conn, data=AGREEMENT_DATA, actor=None)
        agreement.kommun_approved_on = agreement.archive_approved_on = "2026-01-02"
        agreement.save(update_fields=["kommun_approved_on", "archive_approved_on"])
        conn.refresh_from_db()
        delivery = deliveries.delivery_upload(connection=conn, uploaded_file=upload(package), actor=kontakt)
    with tenant_context(bjuv), TestCase.captureOnCommitCallbacks(execute=True):
        delivery.refresh_from_db()
        assert delivery.state == Delivery.State.VALID, delivery.state
        deliveries.delivery_accept(delivery=delivery, actor=forvaltare)
    with tenant_context(bjuv):
        delivery.refresh_from_db()
        assert delivery.state == Delivery.State.HANDED_OVER, delivery.state
    return conn, agreement, delivery


def _package_build(bjuv, conn, agreement, kontakt) -> PackageBuild:
    """A package built by the platform from Bjuv's export (its page, download and hand-over are Bjuv's)."""
    export = SimpleUploadedFile("export.txt", f"{SECRET}\n".encode(), content_type="text/plain")
    with tenant_context(bjuv), TestCase.captureOnCommitCallbacks(execute=True):
        meta = default_metadata(kommun=bjuv, connection=conn, agreement=agreement)
        build = package_build_request(
            connection=conn, files=[export], information_types=meta.information_types, metadata=meta, actor=kontakt
        )
    with tenant_context(bjuv):
        build.refresh_from_db()
        assert build.state == PackageBuild.State.DONE, build.state
    return build


def _reports(bjuv) -> tuple[IssuedReport, IssuedReport]:
    """Bjuv's report rendered (its PDF is what an intruder would want); the consortium's only ordered
    (its page exists; rendering a second PDF would add seconds and no route)."""
    kommun_report = IssuedReport.objects.create(kind=ReportKind.KOMMUN, kommun=bjuv)
    return report_render(report_id=kommun_report.pk), IssuedReport.objects.create(kind=ReportKind.CONSORTIUM)


def _news(bjuv, forvaltare) -> tuple[NewsItem, NewsletterIssue]:
    """An item to Bjuv alone (Lund's people must not reach it, not even on their own site) and an issue."""
    with TestCase.captureOnCommitCallbacks(execute=False):
        item = news.news_item_create(
            title=SECRET, body="Bara till Bjuv.", to_all=False, kommuner=[bjuv], actor=forvaltare
        )
        to_all = news.news_item_create(title="Till alla", body="Alla.", to_all=True, kommuner=[], actor=forvaltare)
    issue = news.newsletter_issue_create(title="Nummer ett", intro="", item_ids=[to_all.pk], actor=forvaltare)
    return item, issue


def _readiness(bjuv, forvaltare) -> tuple[Meeting, ChecklistItem]:
    """A visit to Bjuv alone (Lund's people must not reach it) and an action of a checklist draft."""
    meeting = readiness.meeting_create(
        kommuner=[bjuv], date=date(2026, 9, 3), kind="besok", title=SECRET, actor=forvaltare
    )
    draft = readiness.checklist_draft_create(actor=forvaltare)
    item = readiness.checklist_item_add(
        version=draft, actor=forvaltare, key="arkivarie", title="Utse en arkivarie", why="Någon håller i arbetet.",
        category="organisation", responsible="ledning", days_before=90,
    )  # fmt: skip
    return meeting, item


def build(workdir) -> Targets:
    """Every kind of object, Bjuv's or the consortium's (a few seconds: a package is validated, two PDFs rendered)."""
    world.ensure_world()
    lund, bjuv, consortium = world.ensure_kommun("lund"), world.ensure_kommun("bjuv"), Kommun.objects.consortium()
    forvaltare = world.ensure_user("forvaltare")
    arkivarie, kontakt = world.ensure_user("arkivarie_bjuv"), world.ensure_user("kontakt_bjuv")

    system = make_system(bjuv, name=SECRET)
    with tenant_context(bjuv), TestCase.captureOnCommitCallbacks(execute=False):
        attachment = attachments.attachment_add(
            system=system,
            upload=SimpleUploadedFile("beskrivning.pdf", b"%PDF-1.4 Bjuv", content_type="application/pdf"),
            kind=Attachment.Kind.DESCRIPTION,
            actor=kontakt,
        )
        import_job = imports.import_job_create(
            upload=SimpleUploadedFile("system.xlsx", xlsx([row(Systemnamn=SECRET + " 2")])), actor=kontakt
        )
    conn, agreement, delivery = _delivered(bjuv, kontakt, forvaltare, workdir)
    plan = planning.plan_build(title="Plan med Bjuv", actor=forvaltare)
    other_plan = planning.plan_build(title="Plan med Bjuv, igen", actor=forvaltare)
    with TestCase.captureOnCommitCallbacks(execute=False):  # queued only: the page of a build in the queue
        build = plan_build_request(title="Bygge med Bjuv", actor=forvaltare)
    model, issued, draft = _billing(lund, bjuv, forvaltare)
    kommun_report, consortium_report = _reports(bjuv)
    archive_backend, _secret = archive_backend_create(name="Arkivets mottagning", actor=forvaltare)
    with TestCase.captureOnCommitCallbacks(execute=False):
        invitation, _token = invitation_create(
            kommun=bjuv, email="ny.bjuv@test.example", role=Role.KONTAKT, actor=arkivarie
        )
        consortium_invitation, _token = invitation_create(
            kommun=consortium, email="ny.ledning@test.example", role=Role.LEDNING, actor=forvaltare
        )
        kommun_export = kommun_export_request(kommun=bjuv, with_packages=False, actor=arkivarie)
    kommun_export = kommun_export_run(export_id=kommun_export.pk)  # written: its download is a route too
    news_item, news_issue = _news(bjuv, forvaltare)
    meeting, checklist_item = _readiness(bjuv, forvaltare)
    targets = Targets(
        victim=bjuv,
        consortium=consortium,
        system=system,
        attachment=attachment,
        import_job=import_job,
        connection=conn,
        agreement=agreement,
        delivery=delivery,
        package_build=_package_build(bjuv, conn, agreement, kontakt),
        handover=HandOver.objects.get(uuid=delivery.uuid),
        archive_backend=archive_backend,
        archive_token=archive_backend.tokens.get(),
        plan=plan,
        other_plan=other_plan,
        plan_build=build,
        cost_model=model,
        cost_line=model.lines.get(),
        statement=issued,
        draft_statement=draft,
        kommun_report=kommun_report,
        consortium_report=consortium_report,
        invitation=invitation,
        consortium_invitation=consortium_invitation,
        news_item=news_item,
        news_issue=news_issue,
        meeting=meeting,
        checklist_item=checklist_item,
        kommun_export=kommun_export,
    )
    with tenant_context(lund):  # nothing of Lund's own that one of Bjuv's ids could reach by chance
        assert not (System.objects.exists() or Connection.objects.exists() or ImportJob.objects.exists())
    return targets


def _on_site(kommun_value, consortium_value):
    """An object that differs by site: the kommun's own on a kommun's site, the consortium's on its site."""
    return lambda t, site: [consortium_value(t)] if site.is_consortium else [kommun_value(t)]


@dataclass(frozen=True)
class Fill:
    """How a parameter is filled: `values(targets, site)`; `names_an_object` is False for a choice among
    fixed words (a format, a wizard step, an action), which is the same on every kommun's site."""

    values: Callable[[Targets, Kommun], list]
    names_an_object: bool = True


def choices(*words: str) -> Fill:
    return Fill(lambda t, site: list(words), names_an_object=False)


# Route up to the parameter -> its Fill. Several values: each is tried (every action, every wizard step).
PARAMETERS = {
    "system/<pk>": Fill(lambda t, site: [t.system.pk]),
    "system/<pk>/steg/<step>": choices(*STEP_KEYS),
    "system/<pk>/bilagor/<attachment_pk>": Fill(lambda t, site: [t.attachment.pk]),
    "system/import/<pk>": Fill(lambda t, site: [t.import_job.pk]),
    "system/export.<fmt>": choices("csv", "xlsx"),
    # A person of the kommun (or of the consortium) on the people pages (tenants/people).
    "personer/<user_id>": Fill(
        _on_site(lambda t: world.ensure_user("kontakt_bjuv").pk, lambda t: world.ensure_user("ledning").pk)
    ),
    "inbjudningar/<pk>": Fill(_on_site(lambda t: t.invitation.pk, lambda t: t.consortium_invitation.pk)),
    "anslutningar/<pk>": Fill(lambda t, site: [t.connection.pk]),
    "anslutningar/<pk>/overenskommelse/<version>": Fill(lambda t, site: [t.agreement.version]),
    "anslutningar/<pk>/overenskommelse/<version>/godkann/<party>": choices("kommun", "arkiv"),
    "leveranser/<pk>": Fill(lambda t, site: [t.delivery.pk]),
    "paket/<pk>": Fill(lambda t, site: [t.package_build.pk]),
    "fakturaunderlag/export.<fmt>": choices("csv", "xlsx"),
    "planering/portfolj/export.<fmt>": choices("csv", "xlsx"),
    "anslutningar/export.<fmt>": choices("csv", "xlsx"),
    # A draft and a consortium report are the consortium's only: tried on the kommun sites too.
    "fakturaunderlag/<pk>": Fill(lambda t, site: [t.statement.pk, t.draft_statement.pk]),
    "kostnader/<pk>": Fill(lambda t, site: [t.cost_model.pk]),
    "kostnader/<pk>/rader/<line_pk>": Fill(lambda t, site: [t.cost_line.pk]),
    "rapporter/<pk>": Fill(lambda t, site: [t.kommun_report.pk, t.consortium_report.pk]),
    "planering/portfolj/<kommun_id>": Fill(lambda t, site: [t.victim.pk]),
    "oversikt/kommuner/<kommun_id>": Fill(lambda t, site: [t.victim.pk]),
    "planering/portfolj/<kommun_id>/<system_id>": Fill(lambda t, site: [t.system.pk]),
    "planering/plan/<pk>": Fill(lambda t, site: [t.plan.pk]),
    "planering/bygg/<pk>": Fill(lambda t, site: [t.plan_build.pk]),
    "api/v1/overlamningar/<delivery>": Fill(lambda t, site: [t.handover.uuid]),
    "arkivbackends/<pk>": Fill(lambda t, site: [t.archive_backend.pk]),
    "arkivbackends/nycklar/<pk>": Fill(lambda t, site: [t.archive_token.pk]),
    "inloggning/<pk>": Fill(lambda t, site: [t.victim.pk]),  # the förvaltning's page for Bjuv's identity provider
    "nyheter/<pk>": Fill(lambda t, site: [t.news_item.pk]),
    "moten/<pk>": Fill(lambda t, site: [t.meeting.pk]),
    "beredskap/kommuner/<kommun_id>": Fill(lambda t, site: [t.victim.pk]),
    "beredskap/checklista/utkast/atgard/<pk>": Fill(lambda t, site: [t.checklist_item.pk]),
    "nyhetsbrev/<pk>": Fill(lambda t, site: [t.news_issue.pk]),
    "data/export/<uuid>": Fill(lambda t, site: [t.kommun_export.uuid]),
    "kommuner/<subdomain>": Fill(lambda t, site: [t.victim.subdomain]),
    "kommuner/<subdomain>/uttrade/export/<uuid>": Fill(lambda t, site: [t.kommun_export.uuid]),
    # The admin (its own staff login answers before any object is read): Bjuv's kommun row.
    "admin/*<app_label>": choices("tenants"),
    "admin/r/<content_type_id>": Fill(lambda t, site: [_content_type_of_kommun()]),
    "admin/*<object_id>": Fill(lambda t, site: [t.victim.pk]),
    "admin/<url>": choices("okand/"),  # the admin's catch-all: an address it does not know
}


# The query a route's view needs to show anything (without it every answer is 404, and the check is empty).
QUERIES = {
    "planering/plan/<pk>/jamfor/": lambda t: f"med={t.other_plan.pk}",
}


def _content_type_of_kommun() -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(Kommun).pk
