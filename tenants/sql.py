"""EXISTS over a model's related rows, as SQL written out once, for annotate() on pages read on every request.

Django resolves and compiles an Exists(...OuterRef("pk")...) again for every query: ~0.25 ms of CPU each here,
as much as the rest of a one-row query. These are built once from the models' table and column names. Only for
a queryset of the outer model's own table, not one used inside another query (where Django renames tables).
"""

from functools import cache

from django.db.models import BooleanField
from django.db.models.expressions import RawSQL


@cache
def exists_sql(model, foreign_key: str, condition: str = "") -> str:
    """EXISTS a row of `model` whose `foreign_key` points at the outer row; with `condition` (SQL on `model`'s own
    columns by their names, no parameters) only such a row."""
    field = model._meta.get_field(foreign_key)
    outer = field.related_model._meta
    own = f"{model._meta.db_table}.{field.column} = {outer.db_table}.{outer.pk.column}"
    return f"EXISTS (SELECT 1 FROM {model._meta.db_table} WHERE {own}{f' AND ({condition})' if condition else ''})"


def flag(sql: str) -> RawSQL:
    """A true/false column of the outer row from SQL built here (no parameters)."""
    return RawSQL(sql, [], output_field=BooleanField())
