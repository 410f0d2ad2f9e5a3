"""Copies of stored rows: a correction copies a model's lines and bases, a credit note its statement's lines."""

from django.db import models


def copy_rows(rows: models.QuerySet, **changes) -> list[models.Model]:
    """Copies of `rows` in one INSERT: every stored field as it is, but a new primary key and `changes`
    (field name -> value, e.g. the new parent: `copy_rows(source.lines.all(), model=draft)`)."""
    model = rows.model
    meta = model._meta
    skip = {meta.pk.attname} | {meta.get_field(name).attname for name in changes}
    fields = [f.attname for f in meta.concrete_fields if f.attname not in skip]
    return model.objects.bulk_create(model(**{f: getattr(row, f) for f in fields}, **changes) for row in rows)
