"""Model instances, each with one related object, from a hand-written query (what select_related gives), for the
reads every start page makes: composing their querysets cost several times the queries themselves."""

from django.db import connection


def columns(alias: str, model) -> str:
    """The model's columns under the table alias, in the order instances() reads them."""
    return ", ".join(f'{alias}."{field.column}"' for field in model._meta.concrete_fields)


def instances(sql: str, params, model, relation: str, related) -> list:
    """Run `sql`, which selects columns(..., model) then columns(..., related); each row becomes a `model` whose
    `relation` is its `related` (None when those columns are all NULL, a LEFT JOIN without a match)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    names = [field.attname for field in model._meta.concrete_fields]
    related_names = [field.attname for field in related._meta.concrete_fields]
    split = len(names)
    result = []
    for row in rows:
        instance = model.from_db(connection.alias, names, row[:split])
        other = row[split:]
        found = None if other[0] is None else related.from_db(connection.alias, related_names, other)
        setattr(instance, relation, found)
        result.append(instance)
    return result
