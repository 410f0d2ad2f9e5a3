"""Picking up packages that a kommun's export job placed in its ingest folder.

INGEST_DIR/<subdomain>/<connection id>/<package>.zip is complete when `<package>.zip.ready` is next
to it (the exporter writes the marker last). Packages without a marker, or for a connection that
takes no delivery now, stay where they are and are reported in the log.
"""

import logging
import os
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError

from onboarding.deliveries.models import Connection, Delivery

from ._common import current_kommun
from .deliveries import PACKAGE_SUFFIXES, delivery_from_path

log = logging.getLogger(__name__)
READY_SUFFIX = ".ready"


def ingest_folder(subdomain: str) -> Path:
    return Path(settings.INGEST_DIR) / subdomain


def _already_stored(conn: Connection, package: Path) -> bool:
    """The package is a second name of a delivery's stored file (take_in linked it, the commit went through,
    removing the source did not)."""
    if package.stat().st_nlink < 2:
        return False
    for delivery in conn.deliveries.filter(source=Delivery.Source.INGEST, size=package.stat().st_size):
        stored = Path(delivery.file.path)
        if stored.exists() and os.path.samefile(stored, package):
            return True
    return False


def ingest_pickup() -> list[Delivery]:
    """Create a delivery for every complete package in the current kommun's ingest folder."""
    kommun = current_kommun()
    base = ingest_folder(kommun.subdomain)
    if not base.is_dir():
        return []
    created = []
    for marker in sorted(base.glob(f"*/*{READY_SUFFIX}")):
        package = marker.with_name(marker.name[: -len(READY_SUFFIX)])
        if not package.name.lower().endswith(PACKAGE_SUFFIXES) or not package.is_file():
            continue
        folder = marker.parent.name
        conn = Connection.objects.filter(pk=int(folder)).first() if folder.isdigit() else None
        if conn is None:
            log.warning("ingest %s: no connection %s for %s", kommun.subdomain, folder, package.name)
            continue
        if _already_stored(conn, package):  # stored and committed before; its removal failed then
            package.unlink(missing_ok=True)
            marker.unlink(missing_ok=True)
            continue
        try:
            delivery = delivery_from_path(connection=conn, path=package, actor=None)
        except ValidationError as exc:
            log.warning("ingest %s: %s refused: %s", kommun.subdomain, package.name, "; ".join(exc.messages))
            continue
        except OSError:  # the package stays where it is, with no row: the next poll tries again
            log.exception("ingest %s: %s could not be stored", kommun.subdomain, package.name)
            continue
        marker.unlink(missing_ok=True)
        created.append(delivery)
    return created
