"""Helper for the English catalogue (msgids are Swedish; `sv` is the default language).

locale/en/LC_MESSAGES/django.po is the source of truth: edit translations there directly.
After `makemessages -l en`, translate the new (empty) and fuzzy entries in the .po, check
each fuzzy guess, and then run `python locale/translate_en.py` to clear the fuzzy flags.
Untranslated strings fall back to Swedish, so a missing entry never breaks a page.
"""

from pathlib import Path

import polib


def main() -> None:
    path = Path(__file__).parent / "en" / "LC_MESSAGES" / "django.po"
    po = polib.pofile(str(path))
    for entry in po.fuzzy_entries():
        entry.flags.remove("fuzzy")
        entry.previous_msgid = None
        entry.previous_msgid_plural = None
    po.save()


if __name__ == "__main__":
    main()
