"""Rows that become immutable: a fixed cost model, an issued statement, and everything under them.

Enforced in four places, so no path can change what was invoiced: the services refuse,
save()/delete() here refuse, the admin shows such rows read-only, and database triggers
(migration 0001) refuse UPDATE/DELETE statements that bypass the ORM.
"""

from django.core.exceptions import ValidationError
from django.db import models

from ..messages import MSG_LOCKED


class LockedError(ValidationError):
    """Raised when something tries to change or delete a fixed model or an issued statement."""

    def __init__(self):
        super().__init__(MSG_LOCKED, code="locked")


class LockableModel(models.Model):
    """A row that is locked once `locked_by_loaded_values()` holds for the values it was loaded with.

    Only the fields in MUTABLE_WHEN_LOCKED (status and its dates) may change afterwards.
    """

    MUTABLE_WHEN_LOCKED: frozenset[str] = frozenset()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and self.was_locked() and self.changed_fields() - self.MUTABLE_WHEN_LOCKED:
            raise LockedError()
        super().save(*args, **kwargs)
        self._loaded = {f.attname: getattr(self, f.attname) for f in self._meta.concrete_fields}

    def delete(self, *args, **kwargs):
        if self.was_locked():
            raise LockedError()
        return super().delete(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded = dict(zip(field_names, values, strict=True))
        return instance

    def locked_by_loaded_values(self, loaded: dict) -> bool:
        raise NotImplementedError

    def was_locked(self) -> bool:
        loaded = getattr(self, "_loaded", None)
        return bool(loaded) and self.locked_by_loaded_values(loaded)

    def changed_fields(self) -> set[str]:
        loaded = getattr(self, "_loaded", {})
        return {
            f.attname
            for f in self._meta.concrete_fields
            if f.attname in loaded and getattr(self, f.attname) != loaded[f.attname]
        }


class ChildOfLocked(models.Model):
    """A row under a lockable parent (a cost line, an allocation row, a statement line)."""

    PARENT_FIELD = ""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.parent_locked():
            raise LockedError()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.parent_locked():
            raise LockedError()
        return super().delete(*args, **kwargs)

    def parent_locked(self) -> bool:
        parent = getattr(self, self.PARENT_FIELD)
        # Re-read the parent's lock state: the child may hold a stale copy of it.
        return type(parent).objects.filter(pk=parent.pk).locked().exists()
