"""The database backend: django-tenants' PostgreSQL backend, plus hooks that run when a transaction rolls back.

Django runs code after a commit (`on_commit`) but has nothing for a rollback, which is what a stored
file needs: an upload saved inside a transaction that then rolls back would stay on disk with no row
pointing at it. `connection.on_rollback(func)` mirrors `on_commit` and its savepoint rules: `func` runs
when the savepoint (or, outermost, the transaction) that was open when it was registered rolls back,
and is dropped when the transaction commits. Use it through tenants.stored_files.
"""

import logging

from django_tenants.postgresql_backend.base import DatabaseWrapper as TenantDatabaseWrapper

logger = logging.getLogger(__name__)


class DatabaseWrapper(TenantDatabaseWrapper):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.run_on_rollback: list[tuple[set, callable]] = []

    def on_rollback(self, func) -> None:
        """Run `func` if what is open now rolls back. Outside a transaction nothing can roll back: no-op."""
        if self.in_atomic_block:
            self.run_on_rollback.append((set(self.savepoint_ids), func))

    def _run_rollback_hooks(self, hooks) -> None:
        for func in reversed(hooks):  # undo in the reverse order of doing
            try:
                func()
            except Exception:
                logger.exception("rollback hook %s failed", getattr(func, "__qualname__", func))

    def savepoint_rollback(self, sid):
        super().savepoint_rollback(sid)
        undone = [func for sids, func in self.run_on_rollback if sid in sids]
        self.run_on_rollback = [(sids, func) for sids, func in self.run_on_rollback if sid not in sids]
        self._run_rollback_hooks(undone)

    def rollback(self):
        undone, self.run_on_rollback = [func for _sids, func in self.run_on_rollback], []
        try:
            super().rollback()
        finally:
            self._run_rollback_hooks(undone)

    def commit(self):
        super().commit()
        self.run_on_rollback = []

    def close(self):
        # A connection closed inside a transaction takes the transaction with it (the server rolls it back).
        undone = [func for _sids, func in self.run_on_rollback] if self.in_atomic_block else []
        self.run_on_rollback = []
        try:
            super().close()
        finally:
            self._run_rollback_hooks(undone)
