"""The plan's reasons as codes and parameters, rendered in the reader's language when shown.

A plan keeps why each system has its place (PlanItem.reason), why a date or a kommun is missed and its
warnings (PlanVersion.summary) as a list of parts, each {"code": ..., "params": {...}}; the parts of one
reason are shown joined by "; ". Nothing stored is finished text: `render` turns the parts into words with
gettext in the active language, so an English reader reads English and a quarter reads "2027 K1" in Swedish
and "2027 Q1" in English (tenants.formatting.quarter).

A parameter is a plain value (a name, a date, a number: numbers are formatted the reader's way) or one of
these typed values: {"quarter": "2027-Q1"}, {"quarters": ["2027-Q1", "2027-Q2"]} (a window),
{"status": "utkast"} (a system's status, shown by its label), {"genitive": "Bjuv"} (Bjuvs; in English Bjuv),
{"reason": [parts]} (a reason inside a reason) and {"names": [...], "more": n} (the systems that take a
quarter). A part with the code TEXT is a text kept as it was (an old reason `parse` could not read).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from django.utils.translation import get_language, gettext_lazy, ngettext, ngettext_lazy, override

from onboarding.inventory.choices import SystemStatus
from tenants import formatting

from .quarters import Quarter

# The codes (stored: never rename one without a migration).
TEXT = "text"
STATUS, EXCLUDED, HELD, HELD_PAST_HORIZON, PINNED_OUTSIDE, PINNED, PILOT = (
    "status",
    "excluded",
    "held",
    "held_past_horizon",
    "pinned_outside",
    "pinned",
    "pilot",
)
DEADLINE, FAIRNESS, SCORE, NO_ROOM, SAME_PRODUCT, DATE_MISSED = (
    "deadline",
    "fairness",
    "score",
    "no_room",
    "same_product",
    "date_missed",
)
OVERBOOKED, WITH_SYSTEM, HELD_PAST_DATE = "overbooked", "with_system", "held_past_date"
BEFORE_START, PINNED_AFTER_DATE, NO_CAPACITY_DATE = "before_start", "pinned_after_date", "no_capacity_date"
KOMMUN_NO_SYSTEMS, KOMMUN_NONE_READY, KOMMUN_NO_CAPACITY = (
    "kommun_no_systems",
    "kommun_none_ready",
    "kommun_no_capacity",
)
MISS_ALONE, MISS_COSTS_A_DATE, MISS_UNPROVEN, MISS_NOT_FOUND, TAKEN_BY = (
    "miss_alone",
    "miss_costs_a_date",
    "miss_unproven",
    "miss_not_found",
    "taken_by",
)
KOMMUN_NONE_FREE, KOMMUN_ALONE, KOMMUN_COSTS, KOMMUN_NOT_FOUND = (
    "kommun_none_free",
    "kommun_alone",
    "kommun_costs",
    "kommun_not_found",
)

# Why a date is missed, from the solver (tests use these constants).
MSG_MISS_ALONE = gettext_lazy(
    "Ryms inte ens ensamt före avvecklingsdatum: insatsen är %(e)s persondagar och fästa system och piloter "
    "lämnar högst %(s)s lediga i %(w)s"
)
MSG_MISS_COSTS_A_DATE = gettext_lazy(
    "Att hålla det skulle kosta ett annat avvecklingsdatum (bevisat av lösaren): %(taken)s"
)
MSG_MISS_UNPROVEN = gettext_lazy(
    "Inget byte som håller fler datum hittades inom tidsgränsen (högst %(n)s fler kan nås): %(taken)s"
)
MSG_MISS_NOT_FOUND = gettext_lazy(
    "Lösaren hann inte hitta en plats i %(w)s inom tidsgränsen; högst %(n)s fler datum kan nås"
)
MSG_TAKEN_BY = ngettext_lazy(
    "kapaciteten i %(w)s går till %(n)s system som håller sitt datum eller är fäst: %(names)s",
    "kapaciteten i %(w)s går till %(n)s system som håller sina datum eller är fästa: %(names)s",
    "n",
)
# Why a member kommun gets no delivery within the fairness window.
MSG_KOMMUN_NONE_FREE = gettext_lazy(
    "Inget av kommunens system kan planeras inom %(n)s kvartal (fäst senare, pausat eller undantaget)"
)
MSG_KOMMUN_ALONE = gettext_lazy(
    "Inget av kommunens system ryms inom %(n)s kvartal ens ensamt, efter fästa system och piloter"
)
MSG_KOMMUN_COSTS = gettext_lazy(
    "En leverans inom %(n)s kvartal skulle kosta ett avvecklingsdatum eller en annan kommuns första leverans "
    "(bevisat av lösaren)"
)
MSG_KOMMUN_NOT_FOUND = gettext_lazy(
    "Lösaren hann inte hitta plats inom %(n)s kvartal inom tidsgränsen; högst %(m)s fler kommuner kan nås"
)

# Every code's words (Swedish msgid). A tuple: (singular, plural, the parameter that counts).
MESSAGES = {
    STATUS: gettext_lazy("Status ”%(s)s”: inte klar för prioritering"),
    EXCLUDED: gettext_lazy("Undantagen av förvaltningen: %(r)s"),
    HELD: gettext_lazy("Pausad av förvaltningen: %(r)s"),
    HELD_PAST_HORIZON: gettext_lazy("Pausad till %(q)s (efter planens horisont): %(r)s"),
    PINNED_OUTSIDE: gettext_lazy("Fäst till %(q)s, utanför planens horisont: %(r)s"),
    PINNED: gettext_lazy("Fäst av förvaltningen: %(q)s – %(r)s"),
    PILOT: gettext_lazy("Pilot"),
    DEADLINE: gettext_lazy("Avvecklas %(d)s – planerad före avvecklingsdatum"),
    FAIRNESS: gettext_lazy("Rättviseregeln: %(k)s första leverans (inom %(n)s kvartal)"),
    SCORE: gettext_lazy("Poäng %(s)s av 100"),
    NO_ROOM: gettext_lazy("Ryms inte inom planens horisont (kapacitet)"),
    SAME_PRODUCT: gettext_lazy("samma produkt som i %(k)s: tillägg %(e)s persondagar"),
    DATE_MISSED: gettext_lazy("avvecklingsdatum %(d)s kan inte hållas: %(w)s"),
    OVERBOOKED: gettext_lazy("%(q)s: fästa system kräver %(l)s av %(c)s persondagar"),
    WITH_SYSTEM: "%(reason)s (%(k)s: %(s)s)",
    HELD_PAST_DATE: gettext_lazy("Pausad av förvaltningen till efter avvecklingsdatum"),
    BEFORE_START: gettext_lazy("Avvecklas %(d)s, innan planens första kvartal (%(q)s) är slut"),
    PINNED_AFTER_DATE: gettext_lazy("Fäst av förvaltningen efter avvecklingsdatum %(d)s"),
    NO_CAPACITY_DATE: gettext_lazy("Kapaciteten räcker inte före avvecklingsdatum %(d)s"),
    KOMMUN_NO_SYSTEMS: gettext_lazy("Kommunen har inga system i portföljen"),
    KOMMUN_NONE_READY: gettext_lazy("Inget av kommunens system är klart för prioritering"),
    KOMMUN_NO_CAPACITY: gettext_lazy("Kapaciteten räcker inte för en leverans inom %(n)s kvartal"),
    MISS_ALONE: MSG_MISS_ALONE,
    MISS_COSTS_A_DATE: MSG_MISS_COSTS_A_DATE,
    MISS_UNPROVEN: MSG_MISS_UNPROVEN,
    MISS_NOT_FOUND: MSG_MISS_NOT_FOUND,
    TAKEN_BY: (
        "kapaciteten i %(w)s går till %(n)s system som håller sitt datum eller är fäst: %(names)s",
        "kapaciteten i %(w)s går till %(n)s system som håller sina datum eller är fästa: %(names)s",
        "n",
    ),
    KOMMUN_NONE_FREE: MSG_KOMMUN_NONE_FREE,
    KOMMUN_ALONE: MSG_KOMMUN_ALONE,
    KOMMUN_COSTS: MSG_KOMMUN_COSTS,
    KOMMUN_NOT_FOUND: MSG_KOMMUN_NOT_FOUND,
}
# What a system named among those taking a quarter is (its tag).
TAG_PIN, TAG_PILOT, TAG_FIRST, TAG_DATE = "pin", "pilot", "first", "date"
TAG_LABELS = {
    TAG_PIN: gettext_lazy("fäst"),
    TAG_PILOT: gettext_lazy("pilot"),
    TAG_FIRST: gettext_lazy("första av produkten"),
}
MSG_MORE = gettext_lazy("och %(n)s till")
STATUS_LABELS = dict(SystemStatus.choices)


class Reason:
    """A reason: its parts, each a code and its parameters. Shown with str() in the active language."""

    __slots__ = ("parts",)

    def __init__(self, parts: Iterable[dict] = ()):
        self.parts = tuple(parts)

    @classmethod
    def of(cls, code: str, **params) -> Reason:
        return cls([{"code": code, "params": params}])

    def __add__(self, other: Reason) -> Reason:
        return Reason(self.parts + other.parts)

    def __bool__(self) -> bool:
        return bool(self.parts)

    def __eq__(self, other) -> bool:
        return isinstance(other, Reason) and self.parts == other.parts

    def __hash__(self) -> int:
        return hash(repr(self.parts))

    def __repr__(self) -> str:
        return f"Reason({list(self.parts)!r})"

    def __str__(self) -> str:
        return render(self.as_json())

    @property
    def code(self) -> str:
        return self.parts[0]["code"] if self.parts else ""

    def as_json(self) -> list[dict]:
        """The stored form (PlanItem.reason, the summary's "why" and warnings)."""
        return [{"code": p["code"], "params": dict(p["params"])} for p in self.parts]


def deadline_met(item) -> Reason:
    """A PlannedItem placed before its decommission date (both planners)."""
    return Reason.of(DEADLINE, d=item.facts.decommission_date.isoformat())


def first_delivery(item, n: int) -> Reason:
    """A PlannedItem placed by the fairness rule: its kommun's first delivery within n quarters."""
    return Reason.of(FAIRNESS, k={"genitive": item.facts.kommun_name}, n=n)


# Typed parameters.
def quarter(q: Quarter) -> dict:
    return {"quarter": q.code}


def window(first: Quarter, last: Quarter) -> dict:
    return {"quarters": [first.code, last.code]}


def nested(reason: Reason) -> dict:
    return {"reason": reason.as_json()}


def render(data) -> str:
    """A stored reason in the active language. Text (a reason stored before codes, not migrated) as it is."""
    if not data:
        return ""
    if isinstance(data, str):
        return data
    return "; ".join(_part(p) for p in data)


def _part(part) -> str:
    if not isinstance(part, dict):
        return str(part)
    code, params = part.get("code"), part.get("params") or {}
    spec = MESSAGES.get(code)
    if code == TEXT or spec is None:
        return str(params.get("text", code or ""))
    language = get_language()
    values = {k: _value(v, language) for k, v in params.items()}
    if isinstance(spec, tuple):
        singular, plural, count = spec
        n = params.get(count)
        template = ngettext(singular, plural, n if isinstance(n, int) else 2)
    else:
        template = _template(code, language)
    try:
        return template % values
    except (KeyError, TypeError, ValueError):
        return str(params.get("text", template))


@lru_cache(maxsize=256)
def _template(code: str, language: str | None) -> str:
    """A code's words in a language (a plan page shows thousands of reasons: each template is looked up once)."""
    return str(MESSAGES[code])


@lru_cache(maxsize=4096)
def _number(value, language: str | None) -> str:
    return formatting.number(value)


def _value(value, language: str | None = None) -> str:
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value)
    if isinstance(value, int | float):
        return _number(value, language)
    if not isinstance(value, dict):
        return str(value)
    if "quarter" in value:
        return formatting.quarter_code(value["quarter"])
    if "quarters" in value:
        first, last = value["quarters"][0], value["quarters"][-1]
        if first == last:
            return formatting.quarter_code(first)
        return f"{formatting.quarter_code(first)}–{formatting.quarter_code(last)}"
    if "status" in value:
        return str(STATUS_LABELS.get(value["status"], value["status"]))
    if "genitive" in value:
        return possessive(value["genitive"])
    if "reason" in value:
        return render(value["reason"])
    if "names" in value:
        return _names(value["names"], value.get("more", 0))
    return str(value.get("text", ""))


def genitive(name: str) -> str:
    """Swedish genitive: Bjuvs, but Mönsterås (names ending in s, x or z take no extra s)."""
    return name if name[-1:].lower() in "sxz" else f"{name}s"


def possessive(name: str) -> str:
    """A kommun's name as a {"genitive": ...} parameter reads: in Swedish its genitive (Bjuvs, Mönsterås); the
    English sentence is built around the plain name ("first delivery for Bjuv")."""
    return genitive(name) if (get_language() or "sv").startswith("sv") else name


def _names(names: list, more: int) -> str:
    shown = []
    for n in names:
        if not isinstance(n, dict):
            shown.append(str(n))
            continue
        tag = n.get("tag")
        what = n.get("date", "") if tag == TAG_DATE else str(TAG_LABELS.get(tag, tag or ""))
        shown.append(f"{n.get('kommun', '')}: {n.get('system', '')} ({what})")
    text = ", ".join(shown)
    if more:
        text += " " + str(MSG_MORE % {"n": more})
    return text


# ---- reading a reason stored as Swedish text (the migration to codes) ----

# The parameters whose text is read back into a typed value.
_QUARTER_PARAMS = {"q"}
_NUMBER_PARAMS = {"e", "s", "l", "c"}
_REASON_PARAMS = {"w": DATE_MISSED, "taken": None}


def _pattern(template: str) -> re.Pattern:
    """A Swedish template as a regular expression: each %(name)s a named group; ” also matches "."""
    out, pos = [], 0
    seen: set[str] = set()
    for m in re.finditer(r"%\((\w+)\)s", template):
        out.append(re.escape(template[pos : m.start()]).replace("”", '[”"“]'))
        name = m.group(1)
        out.append(f"(?P={name})" if name in seen else f"(?P<{name}>.+?)")
        seen.add(name)
        pos = m.end()
    out.append(re.escape(template[pos:]).replace("”", '[”"“]'))
    return re.compile("".join(out), re.DOTALL)


def _templates() -> list[tuple[str, re.Pattern]]:
    found = []
    for code, spec in MESSAGES.items():
        if code == WITH_SYSTEM:
            continue
        with override("sv"):
            texts = spec[:2] if isinstance(spec, tuple) else (str(spec),)
        found += [(code, _pattern(text)) for text in texts]
    # The most specific first: the longer the fixed text, the less a template can match by accident.
    return sorted(found, key=lambda cp: -len(re.sub(r"\(\?P.*?\)", "", cp[1].pattern)))


_TEMPLATES: list[tuple[str, re.Pattern]] = []
_STATUS_BY_TEXT = {**{c: c for c in STATUS_LABELS}, **{str(v).lower(): c for c, v in SystemStatus.choices}}
_NAME_RE = re.compile(r"(.+?): (.+?) \((fäst|pilot|första av produkten|\d{4}-\d{2}-\d{2})\)$")
_TAG_BY_TEXT = {"fäst": TAG_PIN, "pilot": TAG_PILOT, "första av produkten": TAG_FIRST}


def parse(text: str, *, kommun_name: str = "") -> list[dict]:
    """A reason stored as Swedish text as parts (codes and parameters); what cannot be read: one TEXT part.

    Reads the texts this platform wrote (quarters as '2027 K1' or the older 'Q1 2027', a status by its code
    or its label, in ” or " quotes). kommun_name: the item's kommun (the fairness rule names it in genitive).
    """
    if not _TEMPLATES:
        _TEMPLATES.extend(_templates())
    text = (text or "").strip()
    if not text:
        return []
    parts = _parse_parts(text, kommun_name)
    return parts if parts is not None else [{"code": TEXT, "params": {"text": text}}]


def _parse_parts(text: str, kommun_name: str) -> list[dict] | None:
    ends = [m.start() for m in re.finditer(r"; ", text)] + [len(text)]
    for end in ends:
        head = _parse_one(text[:end], kommun_name)
        if head is None:
            continue
        if end == len(text):
            return [head]
        rest = _parse_parts(text[end + 2 :], kommun_name)
        if rest is not None:
            return [head, *rest]
    return None


def _parse_one(text: str, kommun_name: str) -> dict | None:
    for code, pattern in _TEMPLATES:
        m = pattern.fullmatch(text)
        if m is None:
            continue
        params = _typed(code, m.groupdict(), kommun_name)
        if params is not None:
            return {"code": code, "params": params}
    if text.endswith(")") and " (" in text:  # a warning: "<reason> (Kommun: System)"
        m = re.fullmatch(r"(.+) \(([^():]+): (.+)\)", text, re.DOTALL)
        if m:
            inner = _parse_one(m.group(1), kommun_name)
            if inner is not None:
                return {
                    "code": WITH_SYSTEM,
                    "params": {"reason": {"reason": [inner]}, "k": m.group(2), "s": m.group(3)},
                }
    return None


def _typed(code: str, groups: dict[str, str], kommun_name: str) -> dict | None:
    params: dict = {}
    for name, value in groups.items():
        if name in _QUARTER_PARAMS or (name == "w" and code != DATE_MISSED):
            q = _quarters(value)
            if q is None:
                return None
            params[name] = q
        elif name in _NUMBER_PARAMS and not (code == STATUS and name == "s"):
            params[name] = _read_number(value)
        elif code == STATUS and name == "s":
            status = _STATUS_BY_TEXT.get(value) or _STATUS_BY_TEXT.get(value.lower())
            params[name] = {"status": status} if status else value
        elif code == FAIRNESS and name == "k":
            params[name] = {"genitive": _base_name(value, kommun_name)}
        elif name in ("n", "m"):
            params[name] = int(value) if value.isdigit() else value
        elif name in _REASON_PARAMS:
            inner = _parse_parts(value, kommun_name)
            params[name] = {"reason": inner if inner is not None else [{"code": TEXT, "params": {"text": value}}]}
        elif name == "names":
            params[name] = _parse_names(value)
        else:
            params[name] = value
    return params


def _quarters(text: str) -> dict | None:
    try:
        pieces = [Quarter.parse(p) for p in text.split("–")]
    except ValueError:
        return None
    if len(pieces) == 1:
        return quarter(pieces[0])
    return window(pieces[0], pieces[-1]) if len(pieces) == 2 else None


def _read_number(text: str):
    cleaned = text.replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        return text
    return int(value) if value.is_integer() and "." not in cleaned else value


def _base_name(genitive_text: str, kommun_name: str) -> str:
    if kommun_name and genitive(kommun_name) == genitive_text:
        return kommun_name
    return genitive_text[:-1] if genitive_text.endswith("s") else genitive_text


def _parse_names(text: str) -> dict:
    more = 0
    m = re.search(r" och (\d+) till$", text)
    if m:
        more, text = int(m.group(1)), text[: m.start()]
    names = []
    for piece in re.split(r", (?=[^,]+: )", text):
        nm = _NAME_RE.fullmatch(piece)
        if nm is None:
            return {"names": [text], "more": more}
        tag = _TAG_BY_TEXT.get(nm.group(3), TAG_DATE)
        entry = {"kommun": nm.group(1), "system": nm.group(2), "tag": tag}
        if tag == TAG_DATE:
            entry["date"] = nm.group(3)
        names.append(entry)
    return {"names": names, "more": more}
