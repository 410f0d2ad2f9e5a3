"""Swedish alphabetical order: å, ä, ö after z (in that order), é as e, ü as y; case does not count.

Python's own order puts Ä before Å, and PostgreSQL's depends on the server's locale, so lists of kommuner
are sorted with this key in Python."""

_LETTERS = str.maketrans({"å": "{", "ä": "|", "ö": "}", "æ": "|", "ø": "}", "é": "e", "è": "e", "ü": "y"})


def sort_key(text: str) -> str:
    return (text or "").casefold().translate(_LETTERS)
