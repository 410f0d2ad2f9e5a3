"""Helper for the English catalogue (msgids are Swedish; `sv` is the default language).

locale/en/LC_MESSAGES/django.po is the source of truth: edit translations there directly.
After `makemessages -l en`, translate the new (empty) and fuzzy entries in the .po, check
each fuzzy guess, and then run `python locale/translate_en.py` to clear the fuzzy flags.
Untranslated strings fall back to Swedish, so a missing entry never breaks a page.

Work done on a branch may bring its translations as PO fragments in locale/en/pending/*.po
(so that parallel branches do not all rewrite django.po): this script fills the catalogue's
empty or fuzzy entries from them, removes the fragments it used up, and lists what is still
untranslated.
"""

from pathlib import Path

import polib

HERE = Path(__file__).parent
CATALOGUE = HERE / "en" / "LC_MESSAGES" / "django.po"
PENDING = HERE / "en" / "pending"


def _pending() -> dict[tuple[str, str], polib.POEntry]:
    found = {}
    for path in sorted(PENDING.glob("*.po")) if PENDING.exists() else []:
        for entry in polib.pofile(str(path)):
            if entry.msgstr or any(entry.msgstr_plural.values()):
                found[(entry.msgctxt or "", entry.msgid)] = entry
    return found


def main() -> None:
    po = polib.pofile(str(CATALOGUE))
    pending = _pending()
    for entry in po:
        source = pending.get((entry.msgctxt or "", entry.msgid))
        if source is None or (entry.translated() and "fuzzy" not in entry.flags):
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = dict(source.msgstr_plural) or {0: source.msgstr, 1: source.msgstr}
        else:
            entry.msgstr = source.msgstr or source.msgstr_plural.get(0, "")
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    for entry in po.fuzzy_entries():
        entry.flags.remove("fuzzy")
        entry.previous_msgid = None
        entry.previous_msgid_plural = None
    po.save()
    if PENDING.exists():
        for path in PENDING.glob("*.po"):
            path.unlink()
    missing = [e for e in po if not e.obsolete and not e.translated()]
    for entry in missing:
        print(f"untranslated: {entry.msgid[:100]!r}")
    print(f"{len(missing)} untranslated of {len([e for e in po if not e.obsolete])}")


if __name__ == "__main__":
    main()
