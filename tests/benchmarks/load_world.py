"""What the load test needs on top of seed_scale's 290 x 50 world: people of every role in many kommuner with
logged-in sessions, connections on the board, hand-overs for the archive's API to confirm, a plan and a report.

Sessions are made by Django's session engine and `login()` (then allauth's record of a password and a TOTP
step, as its own login and MFA views leave it), not through the login form: the load test measures pages,
not the login flow. `LoadWorld.remove()` removes the sessions, connections, deliveries and hand-overs and
puts the solver's time limit back; the people, the plan and the report stay (the audit trail and the plan
refer to them), and so does what the load itself changed (systems saved again with their own values).
"""

import random
import secrets
import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from importlib import import_module

from allauth.account.internal.flows.login import record_authentication
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.contrib.auth import login
from django.db import connection, transaction
from django.test import RequestFactory
from django.utils import timezone
from django_tenants.utils import tenant_context

from onboarding.deliveries.models import Connection, Delivery
from onboarding.deliveries_index.models import ConnectionEntry, HandOver
from onboarding.deliveries_index.phases import BOARD_ORDER, Phase
from onboarding.deliveries_index.services import archive_backend_create
from onboarding.models import System
from onboarding.planning import services as planning
from onboarding.planning.models import PlanSettings
from onboarding.rules import DRAFT_STATES
from reports.models import IssuedReport, ReportStatus
from reports.services import report_request
from tenants.models import Kommun, Membership, Role, User
from tests.isolation import host_of

PEOPLE_KOMMUNER = 60  # kommuner with a kontakt and an arkivarie logged in
CONSORTIUM_PEOPLE = 4  # förvaltning and ledning sessions (two each)
HANDOVER_KOMMUNER = 30  # kommuner whose first systems are in production, handed over to the archive
CONNECTIONS_PER_KOMMUN = 10
PLAN_TIME_LIMIT_S = 5


@dataclass
class LoadWorld:
    sessions: dict[str, list[dict]] = field(default_factory=lambda: {"kommun": [], "consortium": []})
    users: list[int] = field(default_factory=list)
    connections: dict[int, list[int]] = field(default_factory=dict)  # kommun id -> connection ids
    handovers: list[str] = field(default_factory=list)
    backend_id: int | None = None
    api_token: str = ""
    plan_id: int | None = None
    report_id: int | None = None
    solver_time_limit: int | None = None  # the settings' own, put back by remove()

    def remove(self) -> None:
        connection.set_schema_to_public()
        if self.solver_time_limit is not None:
            PlanSettings.objects.update(solver_time_limit=self.solver_time_limit)
        HandOver.objects.filter(uuid__in=self.handovers).delete()
        for kommun_id, ids in self.connections.items():
            ConnectionEntry.objects.filter(kommun_id=kommun_id, connection_id__in=ids).delete()
        for kommun in Kommun.objects.filter(pk__in=self.connections):
            with tenant_context(kommun):
                Delivery.objects.filter(connection_id__in=self.connections[kommun.pk]).delete()
                Connection.objects.filter(pk__in=self.connections[kommun.pk]).delete()
        module = import_module(settings.SESSION_ENGINE)
        for session in self.sessions["kommun"] + self.sessions["consortium"]:
            module.SessionStore(session_key=session["key"]).delete()


def _session(user: User, site: Kommun, **extra) -> dict:
    """A logged-in session of `user` (password + TOTP step recorded), usable on `site`'s host."""
    request = RequestFactory().get("/", HTTP_HOST=host_of(site))
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    record_authentication(request, user, "password", email=user.email)
    authenticator = user.authenticator_set.get()
    record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
    request.session.save()
    return {"key": request.session.session_key, "host": host_of(site), "csrf": secrets.token_hex(16), **extra}


def _person(email: str, name: str) -> User:
    user = User.objects.create_user(email, None, full_name=name)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    TOTP.activate(user, generate_totp_secret())  # MFA enrolled, as every role may be asked for it
    return user


def _kommun_people(world: LoadWorld, kommuner: list[Kommun], tag: str, rng: random.Random) -> None:
    for kommun in kommuner[:: max(1, len(kommuner) // PEOPLE_KOMMUNER)][:PEOPLE_KOMMUNER]:
        with tenant_context(kommun):
            fields = ("id", "status", "decommission_date", "export_capability", "vendor_asked")
            systems = list(System.objects.values(*fields))
        ids = [s["id"] for s in systems]
        for role in (Role.KONTAKT, Role.ARKIVARIE):
            user = _person(f"load-{tag}-{role}-{kommun.subdomain}@load.example", f"{role} {kommun.name}")
            Membership.objects.create(user=user, kommun=kommun, role=role)
            world.users.append(user.pk)
            # A kontakt may save drafts only, an arkivarie any system; each saves the system's own values again.
            editable = [_step_save(s) for s in systems if role == Role.ARKIVARIE or s["status"] in DRAFT_STATES]
            if editable:
                world.sessions["kommun"].append(_session(user, kommun, systems=ids, drafts=editable))


def _step_save(system: dict) -> dict:
    data = {"export_capability": system["export_capability"] or "", "action": "save"}
    data["decommission_date"] = system["decommission_date"].isoformat() if system["decommission_date"] else ""
    if system["vendor_asked"]:
        data["vendor_asked"] = "on"
    return {"id": system["id"], "data": data}


def _consortium_people(world: LoadWorld, consortium: Kommun, tag: str) -> None:
    for index in range(CONSORTIUM_PEOPLE):
        role = Role.FORVALTNING if index % 2 == 0 else Role.LEDNING
        user = _person(f"load-{tag}-{role}-{index}@load.example", f"{role} {index}")
        Membership.objects.create(user=user, kommun=consortium, role=role)
        world.users.append(user.pk)
        world.sessions["consortium"].append(_session(user, consortium))


def _connections(world: LoadWorld, kommuner: list[Kommun], rng: random.Random) -> None:
    """Ten connections a kommun (board phases at random), real rows in its schema and the index; in the first
    HANDOVER_KOMMUNER kommuner all in production with a delivery handed over, waiting for the archive."""
    now = timezone.now()
    entries, handovers = [], []
    for index, kommun in enumerate(kommuner):
        handed_over = index < HANDOVER_KOMMUNER
        with tenant_context(kommun), transaction.atomic():
            taken = set(Connection.objects.values_list("system_id", flat=True))
            systems = [s for s in System.objects.order_by("pk") if s.pk not in taken][:CONNECTIONS_PER_KOMMUN]
            phases = [Phase.PRODUCTION if handed_over else rng.choice(BOARD_ORDER) for _ in systems]
            conns = Connection.objects.bulk_create(
                [Connection(system=s, phase=phase) for s, phase in zip(systems, phases, strict=True)]
            )
            world.connections[kommun.pk] = [c.pk for c in conns]
            entries += [
                ConnectionEntry(kommun=kommun, connection_id=c.pk, system_id=c.system_id, system_name=c.system.name,
                                product_id=c.system.product_id, phase=c.phase)
                for c in conns
            ]  # fmt: skip
            if not handed_over:
                continue
            deliveries = Delivery.objects.bulk_create(
                [Delivery(connection=c, kind=Delivery.Kind.PRODUCTION, file=f"load/{c.pk}.zip", original_name="p.zip",
                          size=10**6, state=Delivery.State.HANDED_OVER, file_count=12, content_bytes=10**6,
                          handed_over_at=now - timedelta(hours=1))
                 for c in conns]
            )  # fmt: skip
            handovers += [
                HandOver(uuid=d.uuid, kommun=kommun, delivery_id=d.pk, connection_id=d.connection_id,
                         system_id=d.connection.system_id, system_name=d.connection.system.name, files=12,
                         bytes=10**6, state=HandOver.State.HANDED_OVER, handed_over_at=d.handed_over_at,
                         file_name=f"{d.uuid}.zip")
                for d in deliveries
            ]  # fmt: skip
    ConnectionEntry.objects.bulk_create(entries)
    HandOver.objects.bulk_create(handovers)
    world.handovers = [str(h.uuid) for h in handovers]


def _plan_and_report(world: LoadWorld, forvaltare: User, worker_check) -> None:
    """A plan (the solver within a short limit) and a consortium report rendered by the real worker."""
    world.solver_time_limit = PlanSettings.objects.values_list("solver_time_limit", flat=True).first()
    PlanSettings.objects.update(solver_time_limit=PLAN_TIME_LIMIT_S)
    world.plan_id = planning.plan_build(actor=forvaltare, title="Lasttest").pk
    with transaction.atomic():
        report = report_request(kind="consortium", actor=forvaltare)
    deadline = time.monotonic() + 180
    while IssuedReport.objects.get(pk=report.pk).status != ReportStatus.DONE:
        worker_check()
        assert time.monotonic() < deadline, f"the worker did not render report {report.pk} within 180 s"
        assert IssuedReport.objects.get(pk=report.pk).status != ReportStatus.FAILED, "the report failed"
        time.sleep(0.5)
    world.report_id = report.pk


def build(kommuner: list[Kommun], consortium: Kommun, worker_check, rng: random.Random) -> LoadWorld:
    """People, sessions, connections, hand-overs, an API token, a plan and a report; committed."""
    connection.set_schema_to_public()
    tag = uuid.uuid4().hex[:6]
    world = LoadWorld()
    _kommun_people(world, kommuner, tag, rng)
    _consortium_people(world, consortium, tag)
    _connections(world, kommuner, rng)
    backend, world.api_token = archive_backend_create(name=f"Lasttest {tag}", actor=None)
    world.backend_id = backend.pk
    forvaltare = User.objects.filter(pk__in=world.users, memberships__role=Role.FORVALTNING).first()
    _plan_and_report(world, forvaltare, worker_check)
    connection.set_schema_to_public()
    return world
