"""Demo connections: the decided demo plan's first quarter is started, and its connections are walked through
the lifecycle so every board and report has something real to show.

- Lund's pilot: agreement, a valid test delivery, inspection, a production delivery that is accepted,
  handed over to the archive's ingest area and confirmed by the archive (→ arkiverad, real volume);
- Lund's second system: testleverans with a validated test delivery;
- Bjuv's pilot: leveransöverenskommelse with an agreement approved by both parties;
- other kommuner: förberedelse, and one connection that is late (its planned quarter has passed).

Everything goes through the services (audited, indexed). Packages are small valid E-ARK SIPs built by
onboarding.validation.sample and validated in this process: the demo is complete when seed_demo ends.
Idempotent: when the demo plan's first quarter has been started, nothing is done again.
"""

import contextlib
import shutil
import tempfile
import zipfile
from pathlib import Path

from celery import current_app
from django.db import connection as db_connection
from django_tenants.utils import tenant_context

from onboarding.deliveries_index.models import ArchiveBackend
from onboarding.deliveries_index.phases import Phase
from onboarding.deliveries_index.services import archive_backend_create
from onboarding.validation.sample import build_sip
from tenants.models import Role

from . import services
from .models import Connection, Delivery

LATE_QUARTER = "2026Q3"
ARCHIVE_BACKEND = "E-arkivet (demo)"
AGREEMENT = {
    "manager_name": "Maja Förvaltare",
    "administrator_name": "Adam Admin",
    "archive_officer_name": "Arvid Arkivarie",
    "supplier_name": "Leverantören",
    "information_types": "Ärenden, beslut och diarium",
    "period_from": 2005,
    "period_to": 2025,
    "file_formats": "PDF/A, XML",
    "package_profile": "fgs-2.0",
    "frequency": "ar",
    "notes": "",
}
# A few hundred kB of protocol text per file: small enough to validate in a moment, big enough to show.
PAGE = "Protokoll från kommunstyrelsens sammanträde. Paragraf, beslut och expediering.\n" * 4000


@contextlib.contextmanager
def _tasks_in_process():
    """Validation and hand-over run here, in order, instead of in a worker (the demo needs no broker)."""
    app = current_app  # the project's app (config/__init__.py makes it current), without importing config
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        yield
    finally:
        app.conf.task_always_eager = previous


def _package(workdir: Path, name: str, files: int) -> Path:
    data = [(f"protokoll-{i:03d}.txt", PAGE.encode()) for i in range(1, files + 1)]
    folder = build_sip(workdir, name, data_files=data)
    target = workdir / f"{name}.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, f"{folder.name}/{path.relative_to(folder).as_posix()}")
    shutil.rmtree(folder)
    return target


def _walk(conn: Connection, *phases: str) -> None:
    for phase in phases:
        services.connection_transition(connection=conn, to_phase=phase, actor=None)


def _agree(conn: Connection, arkivarie, forvaltare) -> None:
    agreement = services.agreement_create_version(connection=conn, data=AGREEMENT, actor=arkivarie)
    services.agreement_approve(agreement=agreement, party="kommun", actor=arkivarie)
    services.agreement_approve(agreement=agreement, party="arkiv", actor=forvaltare)


def _deliver(conn: Connection, package: Path) -> Delivery:
    """Receive a package as if picked up from the ingest folder; it is validated at once.

    Outside a transaction the queued validation has already run in this process; inside one (a test, or
    a caller's atomic block) it waits for a commit, so it is run here, the way the task would.
    """
    delivery = services.delivery_from_path(connection=conn, path=package)
    delivery.refresh_from_db()
    if delivery.state == Delivery.State.RECEIVED:
        services.delivery_validate(delivery=delivery)
        delivery.refresh_from_db()
    return delivery


def _accept(delivery: Delivery, forvaltare) -> None:
    """Accept and hand over (the hand-over task runs at commit; inside a transaction it is run here)."""
    services.delivery_accept(delivery=delivery, actor=forvaltare)
    delivery.refresh_from_db()
    if delivery.state == Delivery.State.ACCEPTED:
        services.delivery_hand_over(delivery_id=delivery.pk)


def _users(result: dict) -> dict:
    by_key = {}
    for user in result["users"]:
        membership = user.memberships.select_related("kommun").first()
        if membership is not None:
            by_key[(membership.role, None if membership.kommun.is_consortium else membership.kommun.subdomain)] = user
    return by_key


def seed_demo(result: dict) -> None:
    """Walk the connections of the demo plan's first quarter, which the planning demo has just started
    (it leaves the quarter's items in `result`; on a second run there are none and nothing is done)."""
    db_connection.set_schema_to_public()
    items = result.pop("first_quarter_items", None)  # taken once: a second run finds none
    if not items:
        return
    users = _users(result)
    forvaltare = users.get((Role.FORVALTNING, None))
    backend = ArchiveBackend.objects.filter(name=ARCHIVE_BACKEND).first()
    if backend is None:
        backend, _token = archive_backend_create(name=ARCHIVE_BACKEND, actor=forvaltare)
    by_kommun: dict[str, list] = {}
    for item in items:
        by_kommun.setdefault(item.kommun.subdomain, []).append(item)
    workdir = Path(tempfile.mkdtemp(prefix="demo-sip-"))
    try:
        with _tasks_in_process():
            handover = _lund(by_kommun.get("lund", []), users, forvaltare, workdir)
            _bjuv(by_kommun.get("bjuv", []), users, forvaltare)
            others = [i for i in items if i.kommun.subdomain not in ("lund", "bjuv")]
            _others(others)
        if handover is not None:
            services.archive_confirm(handover_uuid=handover, archive_id="AIP-2026-LUND-0001", backend=backend)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        db_connection.set_schema_to_public()


def _connection(item) -> Connection | None:
    return (
        Connection.objects.select_related("system")
        .filter(system_id=item.system_id)
        .exclude(phase=Phase.CANCELLED)
        .first()
    )


def _lund(items, users, forvaltare, workdir: Path):
    """Lund's pilot reaches the archive; its second system is in test. Returns the hand-over's identifier."""
    if not items:
        return None
    arkivarie = users.get((Role.ARKIVARIE, "lund"))
    kommun = items[0].kommun
    with tenant_context(kommun):
        pilot = _connection(items[0])
        _walk(pilot, Phase.PREPARATION, Phase.AGREEMENT)
        _agree(pilot, arkivarie, forvaltare)
        _walk(pilot, Phase.TEST_DELIVERY)
        _deliver(pilot, _package(workdir, "lund-test", 2))
        _walk(pilot, Phase.INSPECTION, Phase.PRODUCTION)
        delivery = _deliver(pilot, _package(workdir, "lund-produktion", 12))
        _accept(delivery, forvaltare)
        for item in items[1:2]:
            conn = _connection(item)
            _walk(conn, Phase.PREPARATION, Phase.AGREEMENT)
            _agree(conn, arkivarie, forvaltare)
            _walk(conn, Phase.TEST_DELIVERY)
            _deliver(conn, _package(workdir, "lund-test-2", 3))
    return delivery.uuid


def _bjuv(items, users, forvaltare) -> None:
    """Bjuv's pilot has an approved submission agreement; its other system is being prepared."""
    if not items:
        return
    with tenant_context(items[0].kommun):
        pilot = _connection(items[0])
        _walk(pilot, Phase.PREPARATION, Phase.AGREEMENT)
        _agree(pilot, users.get((Role.ARKIVARIE, "bjuv")), forvaltare)
        for item in items[1:2]:
            _walk(_connection(item), Phase.PREPARATION)


def _others(items) -> None:
    """The other kommuner: every other one prepares; the first of them is late (a quarter that has passed)."""
    for index, item in enumerate(items):
        with tenant_context(item.kommun):
            conn = _connection(item)
            if conn is None:
                continue
            if index % 2 == 0:
                _walk(conn, Phase.PREPARATION)
            if index == 0:
                # An earlier pilot agreement promised this quarter; the decided plan has not caught up.
                services.connection_set_planned_quarter(connection=conn, planned_quarter=LATE_QUARTER, actor=None)
