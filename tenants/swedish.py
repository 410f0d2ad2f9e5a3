"""Swedish alphabetical order: å, ä, ö after z (in that order), é as e, ü as y; case does not count.

Python's own order puts Ä before Å, and PostgreSQL's depends on the server's locale, so lists of kommuner
are sorted with this key in Python, and database queries with `ordered` (the ICU collation)."""

from django.db.models import F, OrderBy
from django.db.models.functions import Collate

_LETTERS = str.maketrans({"å": "{", "ä": "|", "ö": "}", "æ": "|", "ø": "}", "é": "e", "è": "e", "ü": "y"})


def sort_key(text: str) -> str:
    return (text or "").casefold().translate(_LETTERS)


# PostgreSQL's ICU collation for Swedish: the same order as sort_key, in the database (ORDER BY ... COLLATE).
COLLATION = "sv-SE-x-icu"


def ordered(field: str) -> OrderBy:
    """An ORDER BY term for a text field in Swedish alphabetical order (å, ä, ö after z)."""
    return OrderBy(Collate(F(field), COLLATION))
