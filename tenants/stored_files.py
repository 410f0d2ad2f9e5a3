"""Stored files that follow their transaction: a file stored inside a transaction that rolls back is removed.

Uploads (attachments, inventory imports, delivery packages) are stored before their row is saved, in the
same transaction. If anything later in that transaction fails, or an enclosing transaction rolls back,
the row is gone and so must the file be. The database backend runs the cleanup on rollback, with the
same savepoint rules as `on_commit` (config/database/base.py).
"""

import logging
import shutil
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from .messages import MSG_FILE_NOT_STORED

log = logging.getLogger(__name__)


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


def moved_back_on_rollback(current: Path, original: Path) -> None:
    """A file moved from `original` to `current` goes back there if the transaction rolls back."""

    def move_back():
        original.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(current), original)

    on_rollback(move_back)
