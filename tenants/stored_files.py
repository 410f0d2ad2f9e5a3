"""Stored files that follow their transaction: a file stored inside a transaction that rolls back is removed.

Uploads (attachments, inventory imports, delivery packages), packages taken in from an ingest folder,
package builds and issued reports are stored before their row is saved, in the same transaction. If
anything later in that transaction fails, or an enclosing transaction rolls back, the row is gone and so
must the file be. The database backend runs the cleanup on rollback, with the
same savepoint rules as `on_commit` (config/database/base.py).
"""

import errno
import logging
import os
import shutil
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from .messages import MSG_FILE_NOT_STORED

log = logging.getLogger(__name__)
COPY_CHUNK = 8 * 1024 * 1024


def on_rollback(func, using: str | None = None) -> None:
    """Run `func` if the transaction (or savepoint) open now rolls back; never if it commits."""
    transaction.get_connection(using).on_rollback(func)


def _remove(path: Path) -> None:
    path.unlink(missing_ok=True)
    log.info("removed %s: its transaction rolled back", path)


def store(fieldfile, name: str, content) -> None:
    """`fieldfile.save(name, content, save=False)`, removed again if the transaction rolls back.

    An OSError while storing (disk full, no permission) becomes MSG_FILE_NOT_STORED: the person sees a
    Swedish sentence, the log gets the OS error and its paths.
    """
    try:
        fieldfile.save(name, content, save=False)
    except OSError as exc:
        log.exception("storing %s failed", name)
        raise ValidationError(MSG_FILE_NOT_STORED, code="not_stored") from exc
    # The absolute path now: the storage's location depends on the schema the connection is on.
    path = Path(fieldfile.path)
    on_rollback(lambda: _remove(path))


def remove_on_rollback(path: Path) -> None:
    """A file or folder the platform wrote in this transaction is removed if the transaction rolls back."""

    def remove():
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
            log.info("removed %s: its transaction rolled back", path)
        else:
            _remove(path)

    on_rollback(remove)


def fsync_file(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _copy(source: Path, target: Path) -> None:
    try:
        with open(source, "rb") as src, open(target, "xb") as dst:
            shutil.copyfileobj(src, dst, COPY_CHUNK)
    except BaseException:
        target.unlink(missing_ok=True)
        raise


def _remove_source(source: Path) -> None:
    try:
        source.unlink(missing_ok=True)
    except OSError:
        # Stored and committed: the source is a second name of the stored file, which the ingest pick-up
        # recognises and removes next time; nothing is lost.
        log.exception("could not remove %s after it was stored", source)


def take_in(source: Path, target: Path) -> None:
    """Bring `source` (a package in an ingest folder) into storage at `target`, so that a failure at any step
    leaves `source` where it was and nothing at `target`: a hard link (a copy across file systems), fsynced;
    removed again if the transaction rolls back; and the source removed only after the commit (on_commit).
    Call it inside the transaction that saves the row naming `target`."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError as exc:
        if exc.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.EOPNOTSUPP):
            raise
        _copy(source, target)
    remove_on_rollback(target)
    fsync_file(target)
    fsync_dir(target.parent)
    transaction.on_commit(lambda: _remove_source(source))
