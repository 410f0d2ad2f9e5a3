"""Shared state and helpers for the requirement checks of one METS document."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache

from lxml import etree

from .integrity import REQ_CASE, REQ_HREF, PackageIndex, Reference
from .mets import M, MetsDocument, xpath_of
from .report import ERROR, INFO, WARNING, ValidationReport
from .resources import CSIP_NS, mime_types

CS = f"{{{CSIP_NS}}}"

_MIME_RE = re.compile(
    r"^(application|audio|font|example|haptics|image|message|model|multipart|text|video)/"
    r"[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$"
)
_DATETIME_RE = re.compile(r"^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")


@dataclass
class CheckContext:
    """Everything a check needs: the report, the package index and the METS document."""

    report: ValidationReport
    index: PackageIndex
    doc: MetsDocument
    refs: list[Reference] = field(default_factory=list)
    # Package file -> first part of the USE of the file groups whose files point to it (CSIP60/113).
    placed: dict[str, set[str]] = field(default_factory=dict)

    # -- reporting -----------------------------------------------------------------
    def where(self, elem: etree._Element | None = None, extra: str = "") -> str:
        """Location string ``"<METS label>: /mets/..."``."""
        path = xpath_of(elem) if elem is not None else "/mets"
        return f"{self.doc.label}: {path}{extra}"

    def error(self, req: str, key: str, elem=None, extra: str = "", **fmt) -> None:
        """Report a MUST violation."""
        self.report.add(req, ERROR, key, self.where(elem, extra), **fmt)

    def warning(self, req: str, key: str, elem=None, extra: str = "", **fmt) -> None:
        """Report a SHOULD violation."""
        self.report.add(req, WARNING, key, self.where(elem, extra), **fmt)

    def info(self, req: str, key: str, elem=None, extra: str = "", **fmt) -> None:
        """Report a MAY observation."""
        self.report.add(req, INFO, key, self.where(elem, extra), **fmt)

    # -- helpers -------------------------------------------------------------------
    @property
    def root(self) -> etree._Element:
        """The ``mets`` root element."""
        return self.doc.root

    def require_attr(self, elem, attr: str, req: str, label: str, extra: str = "") -> str | None:
        """Report ``req`` when ``attr`` is missing or empty; return the stripped value otherwise."""
        value = elem.get(attr)
        if value is None:
            self.error(req, "ATTR_MISSING", elem, extra, attr=label, element=etree.QName(elem).localname)
            return None
        if not value.strip():
            self.error(req, "ATTR_EMPTY", elem, extra, attr=label, element=etree.QName(elem).localname)
            return None
        return value.strip()

    def check_href(
        self,
        elem,
        href: str | None,
        req: str,
        extra: str = "",
        expected_size: str | None = None,
        checksum: str | None = None,
        checksum_type: str | None = None,
        size_req: str | None = None,
        checksum_req: str | None = None,
    ) -> str | None:
        """Resolve an href, report problems under ``req`` and queue size/checksum checks."""
        if href is None:
            return None
        if not href.strip():
            self.error(req, "HREF_EMPTY", elem, extra)
            return None
        status, rel = self.index.resolve(self.doc.base_dir, href.strip())
        if status in ("external", "outside"):
            # FILE-HREF for every reference, and the reference's own requirement (CSIP24, CSIP110, ...).
            key = "HREF_EXTERNAL" if status == "external" else "HREF_OUTSIDE"
            self.error(REQ_HREF, key, elem, extra, href=href[:200])
            self.error(req, key, elem, extra, href=href[:200])
            return None
        if status == "missing":
            self.error(req, "HREF_MISSING", elem, extra, href=href[:200])
            return None
        if status == "case":
            self.warning(REQ_CASE, "HREF_CASE", elem, extra, href=href[:200], actual=rel)
        self.index.mark_described(rel)
        ref = Reference(rel, expected_size, checksum, checksum_type, self.where(elem, extra))
        if size_req:
            ref.size_req = size_req
        if checksum_req:
            ref.checksum_req = checksum_req
        self.refs.append(ref)
        return rel

    def check_mimetype(self, elem, value: str | None, req: str, extra: str = "") -> None:
        """MIMETYPE must be an IANA media type; very long values are only warned about."""
        for severity, key in mimetype_problems(value):
            self.report.add(req, severity, key, self.where(elem, extra), value=(value or "")[:100])


@lru_cache(maxsize=256)
def mimetype_problems(value: str | None) -> tuple[tuple[str, str], ...]:
    """(severity, message key) pairs for a MIMETYPE value (empty when fine).

    Cached: a package's 20,000 files use a handful of media types.
    """
    if value is None or not value.strip():
        return ()
    problems = []
    if len(value) > 256:
        problems.append((WARNING, "MIMETYPE_TOO_LONG"))
    base = value.split(";", 1)[0].strip().lower()
    if base in mime_types():
        return tuple(problems)
    sub = base.split("/", 1)[-1]
    if _MIME_RE.match(base) and (sub.startswith(("x-", "vnd.", "prs.")) or "+" in sub):
        problems.append((WARNING, "MIMETYPE_UNREGISTERED"))
    else:
        problems.append((ERROR, "MIMETYPE_INVALID"))
    return tuple(problems)


def is_datetime(value: str) -> bool:
    """True for an xsd:dateTime lexical value."""
    return bool(_DATETIME_RE.match(value.strip()))


def parse_datetime(value: str) -> datetime | None:
    """Parse an xsd:dateTime (naive values are taken as UTC); None when invalid."""
    value = value.strip()
    if not is_datetime(value):
        return None
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def children(elem, local: str) -> list:
    """Direct METS children with the given local name."""
    return elem.findall(f"{M}{local}") if elem is not None else []
