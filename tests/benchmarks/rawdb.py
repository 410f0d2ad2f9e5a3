"""A database connection of the benchmark's own, outside Django's (and outside the test's transaction)."""

from contextlib import contextmanager

import psycopg2
from django.db import connection


def params() -> dict:
    db = connection.settings_dict
    return {"dbname": db["NAME"], "user": db["USER"], "password": db["PASSWORD"], "host": db["HOST"],
            "port": db["PORT"] or None}  # fmt: skip


@contextmanager
def autocommit_cursor():
    """A cursor on a new connection in autocommit (each statement committed at once), closed at the end."""
    conn = psycopg2.connect(**params())
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            yield cursor
    finally:
        conn.close()
