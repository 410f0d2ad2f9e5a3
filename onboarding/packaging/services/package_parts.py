"""The pieces every part of the package writer shares: namespaces and tags, the package's metadata, the record
of a written file, the hashing writer and the progress reporter (writer.py writes the ZIP, package_xml.py the XML)."""

from __future__ import annotations

import hashlib
import mimetypes
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path
from urllib.parse import quote

# ISA-L's CRC-32 (the ZIP's checksum): zlib's function and values, several times faster.
from isal.isal_zlib import crc32  # noqa: F401  (used by writer.py)

from onboarding.validation import resources as res

CHUNK = 1024 * 1024
# Small members are written to the package this many bytes at a time.
FLUSH_BYTES = 8 * 1024 * 1024
# Files up to this size are read whole (one read), hashed, and written with their header in one write;
# bigger ones are streamed in CHUNKs.
SMALL_FILE = 1024 * 1024
SIP_PROFILE = "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml"
METS_NS = res.METS_NS
XLINK_NS = res.XLINK_NS
CSIP_NS = res.CSIP_NS
SIP_NS = res.SIP_NS
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
PREMIS_NS = "http://www.loc.gov/premis/v3"
EAD_NS = "http://ead3.archivists.org/schema/"
M = f"{{{METS_NS}}}"
XL = f"{{{XLINK_NS}}}"
CS = f"{{{CSIP_NS}}}"
P = f"{{{PREMIS_NS}}}"
E = f"{{{EAD_NS}}}"
METS_NSMAP = {None: METS_NS, "xlink": XLINK_NS, "csip": CSIP_NS, "sip": SIP_NS, "xsi": XSI_NS}
REP = "rep1"
TAG_FILE, TAG_FLOCAT = f"{M}file", f"{M}FLocat"
XL_TYPE, XL_HREF = f"{XL}type", f"{XL}href"
XSI_TYPE = f"{{{XSI_NS}}}type"
FILE_OBJECT = {XSI_TYPE: "file"}
FILE_NSMAP = {None: METS_NS, "xlink": XLINK_NS}
PREMIS_NSMAP = {None: PREMIS_NS, "xsi": XSI_NS}
P_OBJECT, P_IDENTIFIER = f"{P}object", f"{P}objectIdentifier"
P_IDENTIFIER_TYPE, P_IDENTIFIER_VALUE = f"{P}objectIdentifierType", f"{P}objectIdentifierValue"
P_CHARACTERISTICS, P_FIXITY, P_SIZE = f"{P}objectCharacteristics", f"{P}fixity", f"{P}size"
P_ALGORITHM, P_DIGEST = f"{P}messageDigestAlgorithm", f"{P}messageDigest"
P_FORMAT, P_DESIGNATION, P_FORMAT_NAME = f"{P}format", f"{P}formatDesignation", f"{P}formatName"
# Schema file in the package -> where it comes from (the validator's bundled copies, or ours).
_WHEEL_SCHEMAS = ("mets.xsd", "xlink.xsd", "xml.xsd", "DILCISExtensionMETS.xsd", "DILCISExtensionSIPMETS.xsd")
_OWN_SCHEMAS = ("premis-v3-0.xsd", "ead3.xsd")
_OWN_SCHEMA_DIR = Path(__file__).resolve().parents[1] / "schemas"


def mets_schema_location(prefix: str) -> str:
    return (
        f"{METS_NS} {prefix}schemas/mets.xsd {XLINK_NS} {prefix}schemas/xlink.xsd "
        f"{CSIP_NS} {prefix}schemas/DILCISExtensionMETS.xsd {SIP_NS} {prefix}schemas/DILCISExtensionSIPMETS.xsd"
    )


@dataclass
class PackageMetadata:
    """What the package says about itself: the kommun, records creator, system, agreement and period.

    The platform fills it from the connection and its submission agreement; the person checks it.
    """

    objid: str
    label: str
    archival_creator: str
    submitter: str
    software_version: str
    software: str = "SkånEarkiv"
    submitter_code: str = ""
    archival_creator_code: str = ""
    contact: str = ""
    preservation: str = ""
    content_category: str = "Mixed"
    content_information_type: str = "MIXED"
    agreement: str = ""
    previous_agreement: str = ""
    period_from: int | None = None
    period_to: int | None = None
    information_types: list[str] = field(default_factory=list)
    system: str = ""
    created: datetime | None = None

    def as_dict(self) -> dict:
        data = {k: v for k, v in self.__dict__.items() if k != "created"}
        data["created"] = self.created.isoformat() if self.created else None
        return data


@dataclass
class BuildResult:
    """The package that was written and what it holds."""

    path: Path
    size: int
    files: int
    content_bytes: int
    empty_dirs: int
    seconds: float


@dataclass
class DataFile:
    """One copied file, as the METS and PREMIS record it (a few hundred bytes, not its content)."""

    rel: str
    size: int
    sha256: str
    mimetype: str
    created: str


class HashingWriter:
    """A write-only file that hashes and counts what passes through it."""

    def __init__(self, raw):
        self.raw = raw
        self.sha = hashlib.sha256()
        self.size = 0

    def write(self, data) -> int:
        self.sha.update(data)
        self.size += len(data)
        return self.raw.write(data)


@lru_cache(maxsize=1024)
def mimetype_for(suffix: str) -> str:
    """An IANA media type by the file's suffix (what the validator accepts), else application/octet-stream."""
    guessed = mimetypes.guess_type(f"x{suffix}", strict=False)[0]
    if guessed and guessed.lower() in res.mime_types():
        return guessed
    return "application/octet-stream"


def timestamp(mtime: float | None, fallback: str) -> str:
    if mtime is None:
        return fallback
    try:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(mtime))
    except (OverflowError, OSError, ValueError):
        return fallback


def zip_time_of(mtime: float | None, fallback: datetime) -> tuple:
    try:
        when = time.gmtime(mtime) if mtime is not None else fallback.timetuple()
    except (OverflowError, OSError, ValueError):
        when = fallback.timetuple()
    if when.tm_year < 1980:
        return (1980, 1, 1, 0, 0, 0)
    if when.tm_year > 2107:
        return (2107, 12, 31, 0, 0, 0)
    return tuple(when[:6])


def href(rel: str) -> str:
    """A relative URL for a path in the package: spaces, å/ä/ö and '%' percent-encoded (UTF-8)."""
    return quote(rel, safe="/")


ProgressCallback = Callable[[float, str], None]


class Progress:
    """Calls back at most every 1 % and every half second, so the database is not written per file."""

    def __init__(self, callback: ProgressCallback | None):
        self.callback = callback
        self.last = (-1.0, 0.0)

    def __call__(self, fraction: float, label, force: bool = False) -> None:
        if self.callback is None:
            return
        now = time.monotonic()
        if force or (fraction - self.last[0] >= 0.01 and now - self.last[1] >= 0.5):
            self.last = (fraction, now)
            self.callback(min(1.0, max(0.0, fraction)), str(label))


@lru_cache(maxsize=1)
def content_categories() -> frozenset[str]:
    return frozenset(res.vocabulary(res.CONTENT_CATEGORY))


@lru_cache(maxsize=1)
def _schema_bytes() -> tuple[tuple[str, bytes], ...]:
    wheel = resources.files("eark_validator.ipxml").joinpath("resources", "schema")
    found = [(name, wheel.joinpath(name).read_bytes()) for name in _WHEEL_SCHEMAS]
    found += [(name, (_OWN_SCHEMA_DIR / name).read_bytes()) for name in _OWN_SCHEMAS]
    return tuple(found)


def schema_files() -> tuple[tuple[str, bytes], ...]:
    """(name, content) of every schema the package's XML uses, from local copies (never the network)."""
    return _schema_bytes()
