"""Findings and the validation report.

A :class:`Finding` is one observation about a package: the requirement it concerns
(``CSIP1``, ``SIP4`` ... or one of our own ids such as ``FILE-CHECKSUM``), a severity
(``error`` for MUST, ``warning`` for SHOULD, ``info`` for MAY), a Swedish message and
a location (``"METS.xml: /mets/metsHdr"``).  The :class:`ValidationReport` collects the
findings and renders them as JSON or text; it also carries the exit code contract of
the command line tools (0 = no error, 1 = errors, 2 = package could not be read).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field

from .messages import msg

ERROR = "error"
WARNING = "warning"
INFO = "info"
SEVERITIES = (ERROR, WARNING, INFO)

EXIT_OK = 0
EXIT_ERRORS = 1
EXIT_UNREADABLE = 2

# Per (requirement_id, message key) we keep at most this many findings; the rest are
# summarised in one extra finding so a package with 20 000 broken files stays readable.
MAX_FINDINGS_PER_KIND = 25


@dataclass(frozen=True)
class Finding:
    """One validation finding (the four first fields are the public JSON contract of ``--format json``).

    ``key`` and ``params`` are what the Swedish ``message`` was made of (``MESSAGES[key]`` and its
    placeholders): the platform stores them with the report, to show the finding in the reader's language.
    """

    requirement_id: str
    severity: str
    message: str
    location: str
    key: str = field(default="", compare=False)
    params: dict = field(default_factory=dict, compare=False)

    def as_dict(self) -> dict:
        """Return the finding as a plain dict (JSON-serialisable): the four contract fields."""
        return {
            "requirement_id": self.requirement_id,
            "severity": self.severity,
            "message": self.message,
            "location": self.location,
        }

    def as_record(self) -> dict:
        """As :meth:`as_dict`, with the message's key and parameters (as the platform stores a report)."""
        return {**self.as_dict(), "key": self.key, "params": self.params}


@dataclass
class ValidationReport:
    """All findings for one package plus bookkeeping for the summary."""

    package: str
    findings: list[Finding] = field(default_factory=list)
    unreadable: bool = False
    stats: dict = field(default_factory=dict)
    _kind_counts: Counter = field(default_factory=Counter, repr=False)
    _suppressed: Counter = field(default_factory=Counter, repr=False)

    def add(self, requirement_id: str, severity: str, key: str, location: str = "", **fmt) -> None:
        """Add a finding whose message is the Swedish text ``MESSAGES[key]`` formatted with ``fmt``."""
        kind = (requirement_id, severity, key)
        self._kind_counts[kind] += 1
        if self._kind_counts[kind] > MAX_FINDINGS_PER_KIND:
            self._suppressed[kind] += 1
            return
        self.findings.append(Finding(requirement_id, severity, msg(key, **fmt), location, key, _plain(fmt)))

    def finish(self) -> None:
        """Append summary findings for suppressed repetitions (call once, at the end)."""
        for (req, severity, _key), count in sorted(self._suppressed.items()):
            message = msg("MORE_SUPPRESSED", count=count)
            self.findings.append(Finding(req, severity, message, "", "MORE_SUPPRESSED", {"count": count}))
        self._suppressed.clear()

    @property
    def has_errors(self) -> bool:
        """True when at least one finding is an error."""
        return self.unreadable or any(f.severity == ERROR for f in self.findings)

    @property
    def exit_code(self) -> int:
        """0 when no error was found, 1 when one was, 2 when the package could not be read."""
        if self.unreadable:
            return EXIT_UNREADABLE
        return EXIT_ERRORS if self.has_errors else EXIT_OK

    def requirement_ids(self, severity: str | None = None) -> set[str]:
        """The set of requirement ids reported (optionally only at ``severity``)."""
        return {f.requirement_id for f in self.findings if severity is None or f.severity == severity}

    def summary(self) -> dict:
        """Counts per severity, validity and exit code."""
        counts = Counter(f.severity for f in self.findings)
        return {
            "errors": counts.get(ERROR, 0),
            "warnings": counts.get(WARNING, 0),
            "infos": counts.get(INFO, 0),
            "valid": not self.has_errors,
            "readable": not self.unreadable,
            "exit_code": self.exit_code,
            **self.stats,
        }

    def as_dict(self, *, codes: bool = False) -> dict:
        """The JSON document printed by ``--format json``; with ``codes`` each finding also carries its
        message's key and parameters (:meth:`Finding.as_record`), as the platform stores it."""
        return {
            "package": self.package,
            "findings": [f.as_record() if codes else f.as_dict() for f in self.findings],
            "summary": self.summary(),
        }

    def to_json(self) -> str:
        """Render as JSON (UTF-8 text, Swedish characters kept)."""
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=2)

    def to_text(self) -> str:
        """Render as one readable line per finding followed by a summary line."""
        labels = {ERROR: "FEL", WARNING: "VARNING", INFO: "INFO"}
        lines = []
        for f in self.findings:
            where = f" [{f.location}]" if f.location else ""
            lines.append(f"{labels.get(f.severity, f.severity)} {f.requirement_id}: {f.message}{where}")
        s = self.summary()
        lines.append(msg("SUMMARY", package=self.package, errors=s["errors"], warnings=s["warnings"], infos=s["infos"]))
        return "\n".join(lines)


def _plain(fmt: dict) -> dict:
    """The placeholders as JSON values (a number stays a number; anything else becomes its text)."""
    return {k: v if v is None or isinstance(v, bool | int | float | str) else str(v) for k, v in fmt.items()}
