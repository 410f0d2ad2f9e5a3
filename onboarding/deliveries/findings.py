"""A validation finding in the reader's language, from the key and parameters stored with the report.

The validator (onboarding.validation, no Django) writes each finding's message in Swedish and keeps the
message's key and parameters beside it; a report stored before that has only the Swedish message, which is
read back against the validator's templates (`_parse`) and shown as it was when it matches none.
"""

from __future__ import annotations

import re
import string

from django.utils.translation import gettext

from onboarding.validation.messages import FILES_LABEL, MESSAGES, PROGRESS_LABELS

# Parameters whose value is itself one of the validator's Swedish texts (failure_detail, the format
# policy's source): translated too. Every other parameter is the package's own text (a path, an id).
TRANSLATED_PARAMS = frozenset({"detail", "source"})
# "METS.xml: rad 3", "…/file[@ID='f1'] (rad 24)/FLocat": the line number the validator writes in a location.
_LINE = re.compile(r"(?:(?<=: )|(?<=\())rad (\d+)(?=\)|$)")


class _SafeDict(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def finding_text(finding: dict) -> str:
    """The finding's message in the active language."""
    key, params = finding.get("key"), finding.get("params")
    if not key:
        key, params = _parse(finding.get("message", ""))
        if key is None:
            return finding.get("message", "")
    template = MESSAGES.get(key)
    if template is None:
        return finding.get("message", "") or key
    values = _SafeDict(
        {k: gettext(v) if k in TRANSLATED_PARAMS and isinstance(v, str) and v else ("" if v is None else v)
         for k, v in (params or {}).items()}
    )  # fmt: skip
    return string.Formatter().vformat(gettext(template), (), values)


def location_text(location: str) -> str:
    """Where in the package, with its line number in the active language ('METS.xml: rad 3' → 'line 3')."""
    if not location:
        return location
    return _LINE.sub(lambda m: gettext("rad %(n)s") % {"n": m.group(1)}, location)


def localized(finding: dict) -> dict:
    """The finding with its text and location in the active language ("text", "where")."""
    return {**finding, "text": finding_text(finding), "where": location_text(finding.get("location", ""))}


# ---- reports stored before the key was kept ----
_PATTERNS: list[tuple[str, re.Pattern]] = []


def _pattern(template: str) -> re.Pattern:
    out, pos, seen = [], 0, set()
    for m in re.finditer(r"\{(\w+)\}", template):
        out.append(re.escape(template[pos : m.start()]))
        name = m.group(1)
        out.append(f"(?P={name})" if name in seen else f"(?P<{name}>.*?)")
        seen.add(name)
        pos = m.end()
    out.append(re.escape(template[pos:]))
    return re.compile("".join(out), re.DOTALL)


def _parse(message: str) -> tuple[str | None, dict]:
    """The key and parameters of a Swedish message as the validator wrote it; (None, {}) if none fits."""
    if not _PATTERNS:
        found = [(key, _pattern(text)) for key, text in MESSAGES.items() if key != "SUMMARY"]
        # The most specific template first: the more fixed text, the less it can match by accident.
        _PATTERNS.extend(sorted(found, key=lambda kp: -len(re.sub(r"\{\w+\}", "", MESSAGES[kp[0]]))))
    for key, pattern in _PATTERNS:
        m = pattern.fullmatch(message or "")
        if m:
            return key, m.groupdict()
    return None, {}


_PROGRESS = frozenset(PROGRESS_LABELS)
_FILES = re.compile(r"^(?P<verb>.+): (?P<done>[\d\u00a0]+) av (?P<total>[\d\u00a0]+) filer$")


def progress_text(label: str) -> str:
    """The validator's progress label (stored in Swedish as it works) in the active language; a label it does
    not know (written by an older version) is shown as stored."""
    if label in _PROGRESS:
        return gettext(label)
    match = _FILES.match(label or "")
    if match and match["verb"] in _PROGRESS:
        return gettext(FILES_LABEL) % {"verb": gettext(match["verb"]), "done": match["done"], "total": match["total"]}
    return label
