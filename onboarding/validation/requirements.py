"""The requirements table: every requirement of the CSIP and SIP METS profiles and its check.

:data:`REQUIREMENTS` (in :mod:`.requirements_table`, generated from the profiles) holds, for
each requirement id of E-ARK CSIP 2.1.0 and E-ARK SIP 2.1.0, its level and METS XPath as the
profile states them, the check that reports it (``module.function`` inside this package) or
the reason no machine can check it, and a Swedish explanation.

A new profile version is taken in with::

    python -m onboarding.validation.requirements ../shared/corpora/eark/E-ARK-CSIP/profile/E-ARK-CSIP-v2-1-0.xml \\
        ../shared/corpora/eark/E-ARK-SIP/profile/E-ARK-SIP-v2-1-0.xml

which rewrites ``requirements_table.py``: levels and XPaths come from the profiles, the
check, reason and Swedish text of known ids are kept, new ids get an empty entry (which
the test suite refuses until someone fills it in) and ids the profiles dropped disappear.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from .report import ERROR, INFO, WARNING

PROFILE_NS = "http://www.loc.gov/METS_Profile/v2"
_XHTML_NS = "http://www.w3.org/1999/xhtml"
LEVEL_SEVERITY = {"MUST": ERROR, "SHOULD": WARNING, "MAY": INFO}

# Ids a finding may carry besides the profiles' requirement ids: the validator's own
# (see the package docstring) and the CSIP structure rules CSIPSTRn of the specification's
# text (section 4, which the METS profile does not list).
OWN_IDS = frozenset(
    [
        "PKG-UNREADABLE",
        "PKG-UNSAFE",
        "PKG-LIMIT",
        "METS-XML",
        "METS-XSD",
        "FILE-MISSING",
        "FILE-SIZE",
        "FILE-CHECKSUM",
        "FILE-HREF",
        "FILE-CASE",
        "FILE-EOL",
        "FILE-CHECKSUMTYPE",
        "FILE-UNDESCRIBED",
        "VALIDATOR-INTERNAL",
    ]
)


def is_known_id(ident: str) -> bool:
    """True for an id a finding may carry: a profile requirement, a CSIPSTRn rule or one of our own."""
    # The generated table imports Requirement from here (and is rewritten by main): read it when needed.
    from .requirements_table import REQUIREMENTS

    return ident in REQUIREMENTS or ident in OWN_IDS or (ident.startswith("CSIPSTR") and ident[7:].isdigit())


@dataclass(frozen=True)
class Requirement:
    """One requirement of a METS profile and how the validator handles it."""

    id: str
    level: str
    profiles: tuple[str, ...]
    xpath: str
    check: str
    reason: str
    level_note: str
    sv: str

    @property
    def machine_checkable(self) -> bool:
        """True when a check reports this id."""
        return bool(self.check)

    @property
    def severity(self) -> str:
        """The finding severity of a violation at the requirement's own level."""
        return LEVEL_SEVERITY[self.level]


@dataclass(frozen=True)
class ProfileRequirement:
    """A requirement as a METS profile document states it."""

    id: str
    level: str
    profile: str
    xpath: str
    text: str = ""


def read_profile(path: str | Path) -> list[ProfileRequirement]:
    """The requirements of a METS profile file, in document order (parsed without DTD or network)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    root = etree.parse(str(path), parser).getroot()
    title = (root.findtext(f"{{{PROFILE_NS}}}title") or "").upper()
    profile = "SIP" if " SIP " in f" {title} " else "CSIP"
    found = []
    for req in root.iter(f"{{{PROFILE_NS}}}requirement"):
        if not req.get("ID"):
            continue
        xpath = ""
        terms = list(req.iter(f"{{{_XHTML_NS}}}dt"))
        for term in terms:
            if "".join(term.itertext()).strip() == "METS XPath":
                value = term.getnext()
                xpath = "".join(value.itertext()).strip() if value is not None else ""
        paragraphs = ("".join(par.itertext()) for par in req.iter(f"{{{_XHTML_NS}}}p"))
        text = " ".join(" ".join(par.split()) for par in paragraphs)
        found.append(ProfileRequirement(req.get("ID"), req.get("REQLEVEL") or "", profile, xpath, text))
    return found


def merged_profiles(paths: list[str | Path]) -> dict[str, tuple[str, tuple[str, ...], str]]:
    """id -> (level, profiles, xpath) over several profiles (an id in two profiles is listed once)."""
    merged: dict[str, tuple[str, tuple[str, ...], str]] = {}
    for path in paths:
        for req in read_profile(path):
            if req.id in merged:
                level, profiles, xpath = merged[req.id]
                merged[req.id] = (level, profiles + (req.profile,), xpath)
            else:
                merged[req.id] = (req.level, (req.profile,), req.xpath)
    return merged


def render_table(paths: list[str | Path], known: dict[str, Requirement]) -> str:
    """The source of ``requirements_table.py`` for the given profiles, keeping what ``known`` says."""
    lines = [
        '"""Requirements table, generated from the CSIP and SIP METS profiles by',
        "``python -m onboarding.validation.requirements``; edit only ``check``, ``reason``, ``level_note`` and ``sv``.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "from .requirements import Requirement",
        "",
        "REQUIREMENTS: dict[str, Requirement] = {",
        "    r.id: r",
        "    for r in (",
    ]
    for ident, (level, profiles, xpath) in merged_profiles(paths).items():
        old = known.get(ident)
        check, reason, note, sv = (old.check, old.reason, old.level_note, old.sv) if old else ("", "", "", "")
        lines.append("        Requirement(")
        for value in (ident, level, profiles, xpath, check, reason, note, sv):
            lines += [f"            {chunk}" for chunk in _literal(value)]
        lines.append("        ),")
    lines += ["    )", "}", ""]
    return "\n".join(lines)


def _literal(value) -> list[str]:
    """Source lines for one argument: a tuple, or a string cut at spaces into short literals."""
    if isinstance(value, tuple):
        return ["(" + "".join(f"{json.dumps(v)}, " for v in value).rstrip() + "),"]
    words, chunks, current = value.split(" "), [], ""
    for word in words:
        if current and len(current) + len(word) > 80:
            chunks.append(current)
            current = ""
        current += word + " "
    chunks.append(current[:-1])
    out = [json.dumps(chunk, ensure_ascii=False) for chunk in chunks]
    out[-1] += ","
    return out


def table_path() -> Path:
    """The generated table module."""
    return Path(__file__).with_name("requirements_table.py")


def main(argv: list[str]) -> int:
    """Rewrite the table from the profile files given on the command line."""
    if not argv:
        print("Ange sökvägarna till METS-profilerna (E-ARK-CSIP-*.xml, E-ARK-SIP-*.xml).", file=sys.stderr)
        return 2
    # The generated table imports Requirement from here (and is rewritten by main): read it when needed.
    from .requirements_table import REQUIREMENTS

    table_path().write_text(render_table(argv, REQUIREMENTS), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
