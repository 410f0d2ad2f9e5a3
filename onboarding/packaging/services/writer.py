"""Writing an FGS Paketstruktur 2.0 package (E-ARK CSIP 2.1.0 + SIP 2.1.0) as a ZIP, straight from an export.

Layout (one representation):

    <OBJID>/METS.xml                                   package METS: header, agents, dmdSec, amdSec, fileSec, structMap
    <OBJID>/metadata/descriptive/ead.xml               EAD3: the records creator, period, information types
    <OBJID>/metadata/preservation/premis.xml           PREMIS: the package, its creation event, the agents
    <OBJID>/documentation/leveransbeskrivning.txt      what the package holds, in Swedish, for people
    <OBJID>/schemas/*.xsd                              every schema the XML files use
    <OBJID>/representations/rep1/METS.xml              representation METS: every data file with size and SHA-256
    <OBJID>/representations/rep1/metadata/descriptive/ead.xml
    <OBJID>/representations/rep1/metadata/preservation/premis.xml   PREMIS objects with each file's fixity
    <OBJID>/representations/rep1/data/...              the export's files and folders (empty ones too)

Each export file is read once: every chunk goes to SHA-256 and into the ZIP in the same pass, so
nothing is held in memory and nothing is read twice. The METS and PREMIS documents are written as
streams (lxml's xmlfile) into the ZIP through a writer that counts and hashes them, which gives
the size and checksum the package METS records for the representation METS. The package is
written beside its destination under a temporary name and renamed when complete: a failure (a
refused name in a TAR, a file that changed, a full disk) leaves nothing behind.

Data files are stored uncompressed: exports are mostly compressed formats already, the validator
refuses members compressed beyond 200:1 (a sparse or zero-filled file would be), and storing keeps
the build close to the speed of reading and hashing.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import re
import time
import uuid
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path
from urllib.parse import quote

from lxml import etree

from onboarding.packaging import messages as msg
from onboarding.validation import resources as res

from .export import ExportLimits, ExportRefused, Member, open_export

CHUNK = 1024 * 1024
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


def _mets_schema_location(prefix: str) -> str:
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


def _timestamp(mtime: float | None, fallback: str) -> str:
    if mtime is None:
        return fallback
    try:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(mtime))
    except (OverflowError, OSError, ValueError):
        return fallback


def _zip_time(mtime: float | None, fallback: datetime) -> tuple:
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


class _Progress:
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


class PackageWriter:
    """Writes one package into an open ZIP; `copy` each member, then `finish` writes the metadata."""

    def __init__(self, zf: zipfile.ZipFile, meta: PackageMetadata):
        self.zf = zf
        self.meta = meta
        self.created = (meta.created or datetime.now(UTC)).astimezone(UTC)
        self.stamp = self.created.strftime("%Y-%m-%dT%H:%M:%SZ")
        self.root = meta.objid
        self.files: list[DataFile] = []
        self.content_bytes = 0
        self.buffer = bytearray(CHUNK)

    # -- data ---------------------------------------------------------------------------------
    def copy(self, member: Member, on_chunk: Callable[[int], None] | None = None) -> None:
        """Copy one export file into representations/rep1/data/, hashing it on the way."""
        info = zipfile.ZipInfo(
            f"{self.root}/representations/{REP}/data/{member.rel}", _zip_time(member.mtime, self.created)
        )
        info.compress_type = zipfile.ZIP_STORED
        info.external_attr = 0o100644 << 16
        info.file_size = member.size
        sha = hashlib.sha256()
        view = memoryview(self.buffer)
        copied = 0
        with member.opener() as src, self.zf.open(info, "w", force_zip64=member.size > 2**31) as dst:
            readinto = getattr(src, "readinto", None)
            while True:
                if readinto is not None:
                    n = readinto(view)
                    if not n:
                        break
                    chunk = view[:n]
                else:
                    data = src.read(CHUNK)
                    if not data:
                        break
                    chunk, n = data, len(data)
                sha.update(chunk)
                dst.write(chunk)
                copied += n
                if on_chunk is not None and n == CHUNK:
                    on_chunk(copied)  # a big file reports its progress while it is copied
                if copied > member.size:
                    break
        if copied != member.size:
            raise ExportRefused([str(msg.MSG_CHANGED) % {"name": member.rel}])
        self._record(member, sha.hexdigest())

    def store(self, member: Member, data: bytes, sha256: str) -> None:
        """Store one small file read whole and hashed by `read_small`: its CRC-32
        is known before its local header is written, so the header is written once, with the content,
        in one write (zipfile's writer writes it, then seeks back to write it again, per member)."""
        if len(data) != member.size:
            raise ExportRefused([str(msg.MSG_CHANGED) % {"name": member.rel}])
        zf = self.zf
        info = zipfile.ZipInfo(f"{self.root}/representations/{REP}/data/{member.rel}", self._zip_time(member))
        info.compress_type = zipfile.ZIP_STORED
        info.external_attr = 0o100644 << 16
        info.file_size = info.compress_size = len(data)
        info.CRC = zlib.crc32(data)
        # What ZipFile._open_to_write and _ZipWriteFile.close do for a member; the central directory
        # (with ZIP64 offsets when needed) is written by ZipFile.close from filelist as for any member.
        if zf._writing:
            raise ValueError("another member of the package is being written")
        if zf.fp.tell() != zf.start_dir:
            zf.fp.seek(zf.start_dir)
        info.header_offset = zf.start_dir
        zf._writecheck(info)
        zf._didModify = True
        zf.fp.write(info.FileHeader(False) + data)
        zf.start_dir = zf.fp.tell()
        zf.filelist.append(info)
        zf.NameToInfo[info.filename] = info
        self._record(member, sha256)

    def _zip_time(self, member: Member) -> tuple:
        return _zip_time(member.mtime, self.created)

    def _record(self, member: Member, sha256: str) -> None:
        suffix = os.path.splitext(member.rel)[1].lower()
        self.files.append(
            DataFile(member.rel, member.size, sha256, mimetype_for(suffix), _timestamp(member.mtime, self.stamp))
        )
        self.content_bytes += member.size

    def empty_dir(self, rel: str) -> None:
        info = zipfile.ZipInfo(f"{self.root}/representations/{REP}/data/{rel}/", _zip_time(None, self.created))
        info.external_attr = (0o40755 << 16) | 0x10
        self.zf.writestr(info, b"")

    # -- metadata -------------------------------------------------------------------------------
    def _open(self, rel: str, compress: bool = True) -> tuple[zipfile.ZipInfo, object]:
        info = zipfile.ZipInfo(f"{self.root}/{rel}", _zip_time(None, self.created))
        info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
        info.external_attr = 0o100644 << 16
        return info, self.zf.open(info, "w", force_zip64=True)

    def _write_bytes(self, rel: str, data: bytes, mimetype: str) -> DataFile:
        info, raw = self._open(rel)
        with raw:
            raw.write(data)
        return DataFile(rel, len(data), hashlib.sha256(data).hexdigest(), mimetype, self.stamp)

    def _write_stream(self, rel: str, produce: Callable[[HashingWriter], None]) -> DataFile:
        # Stored: the METS and PREMIS of 20,000 files are ~25 MB, and deflating them costs more than it saves.
        info, raw = self._open(rel, compress=False)
        with raw:
            writer = HashingWriter(raw)
            produce(writer)
        return DataFile(rel, writer.size, writer.sha.hexdigest(), "text/xml", self.stamp)

    def finish(self, empty_dirs: list[str]) -> None:
        """Write the metadata, documentation, schemas and both METS documents."""
        rep = f"representations/{REP}/"
        rep_ead = self._write_bytes(rep + "metadata/descriptive/ead.xml", self._ead(representation=True), "text/xml")
        rep_premis = self._write_stream(rep + "metadata/preservation/premis.xml", self._rep_premis)
        rep_mets = self._write_stream(rep + "METS.xml", lambda w: self._rep_mets(w, rep_ead, rep_premis))
        rep_mets.mimetype = "text/xml"
        ead = self._write_bytes("metadata/descriptive/ead.xml", self._ead(representation=False), "text/xml")
        premis = self._write_bytes("metadata/preservation/premis.xml", self._package_premis(), "text/xml")
        doc = self._write_bytes(
            "documentation/leveransbeskrivning.txt", self._description(empty_dirs).encode("utf-8"), "text/plain"
        )
        schemas = [self._write_bytes(f"schemas/{name}", data, "text/xml") for name, data in schema_files()]
        self._write_stream("METS.xml", lambda w: self._package_mets(w, ead, premis, doc, schemas, rep_mets))

    # -- XML pieces -----------------------------------------------------------------------------
    def _root_attrs(self, objid: str, prefix: str, label: str | None) -> dict:
        meta = self.meta
        attrs = {
            "OBJID": objid,
            "TYPE": meta.content_category if meta.content_category in _content_categories() else "OTHER",
            f"{CS}CONTENTINFORMATIONTYPE": meta.content_information_type,
            "PROFILE": SIP_PROFILE,
            f"{{{XSI_NS}}}schemaLocation": _mets_schema_location(prefix),
        }
        if attrs["TYPE"] == "OTHER":
            attrs[f"{CS}OTHERTYPE"] = meta.content_category
        if label:
            attrs["LABEL"] = label
        return attrs

    def _software_agent(self, parent) -> None:
        agent = etree.SubElement(parent, f"{M}agent", ROLE="CREATOR", TYPE="OTHER", OTHERTYPE="SOFTWARE")
        etree.SubElement(agent, f"{M}name").text = self.meta.software
        etree.SubElement(agent, f"{M}note", {f"{CS}NOTETYPE": "SOFTWARE VERSION"}).text = self.meta.software_version

    def _agent(self, parent, role: str, kind: str, name: str, code: str = "", other_role: str = "") -> None:
        attrs = {"ROLE": role, "TYPE": kind}
        if other_role:
            attrs["OTHERROLE"] = other_role
        agent = etree.SubElement(parent, f"{M}agent", attrs)
        etree.SubElement(agent, f"{M}name").text = name
        if code:
            etree.SubElement(agent, f"{M}note", {f"{CS}NOTETYPE": "IDENTIFICATIONCODE"}).text = code

    def _header(self, package: bool):
        attrs = {"CREATEDATE": self.stamp, "LASTMODDATE": self.stamp}
        if package:
            attrs["RECORDSTATUS"] = "NEW"
        attrs[f"{CS}OAISPACKAGETYPE"] = "SIP"
        hdr = etree.Element(f"{M}metsHdr", attrs, nsmap=METS_NSMAP)
        self._software_agent(hdr)
        if not package:
            return hdr
        meta = self.meta
        self._agent(hdr, "CREATOR", "ORGANIZATION", meta.archival_creator, meta.archival_creator_code)
        self._agent(hdr, "OTHER", "ORGANIZATION", meta.submitter, meta.submitter_code, other_role="SUBMITTER")
        if meta.contact:
            self._agent(hdr, "CREATOR", "INDIVIDUAL", meta.contact)
        if meta.preservation:
            self._agent(hdr, "PRESERVATION", "ORGANIZATION", meta.preservation)
        if meta.agreement:
            etree.SubElement(hdr, f"{M}altRecordID", TYPE="SUBMISSIONAGREEMENT").text = meta.agreement
        if meta.previous_agreement:
            etree.SubElement(hdr, f"{M}altRecordID", TYPE="PREVIOUSSUBMISSIONAGREEMENT").text = meta.previous_agreement
        return hdr

    def _mdref(self, parent, target: DataFile, base: str, mdtype: str) -> None:
        etree.SubElement(
            parent,
            f"{M}mdRef",
            {
                "LOCTYPE": "URL",
                f"{XL}type": "simple",
                f"{XL}href": href(target.rel[len(base) :]),
                "MDTYPE": mdtype,
                "MIMETYPE": target.mimetype,
                "SIZE": str(target.size),
                "CREATED": target.created,
                "CHECKSUM": target.sha256,
                "CHECKSUMTYPE": "SHA-256",
            },
        )

    def _metadata_sections(self, prefix: str, ead: DataFile, premis: DataFile, base: str):
        dmd = etree.Element(
            f"{M}dmdSec", {"ID": f"{prefix}dmd-ead", "CREATED": self.stamp, "STATUS": "CURRENT"}, nsmap=METS_NSMAP
        )
        self._mdref(dmd, ead, base, "EAD")
        amd = etree.Element(f"{M}amdSec", {"ID": f"{prefix}amd"}, nsmap=METS_NSMAP)
        digiprov = etree.SubElement(amd, f"{M}digiprovMD", {"ID": f"{prefix}digiprov-premis", "STATUS": "CURRENT"})
        self._mdref(digiprov, premis, base, "PREMIS")
        return dmd, amd

    def _file(self, ident: str, target: DataFile, rel: str, admid: str = ""):
        attrs = {
            "ID": ident,
            "MIMETYPE": target.mimetype,
            "SIZE": str(target.size),
            "CREATED": target.created,
            "CHECKSUM": target.sha256,
            "CHECKSUMTYPE": "SHA-256",
        }
        if admid:
            attrs["ADMID"] = admid
        elem = etree.Element(f"{M}file", attrs, nsmap=METS_NSMAP)
        etree.SubElement(elem, f"{M}FLocat", {"LOCTYPE": "URL", f"{XL}type": "simple", f"{XL}href": href(rel)})
        return elem

    def _stream_file(self, xf, n: int, data: DataFile, admid: str) -> None:
        """One data file of the representation METS as an lxml element (the slow path, see _write_fragments)."""
        ident = f"{REP}-file-{n}"
        elem = etree.Element(
            TAG_FILE,
            {
                "ID": ident,
                "MIMETYPE": data.mimetype,
                "SIZE": str(data.size),
                "CREATED": data.created,
                "CHECKSUM": data.sha256,
                "CHECKSUMTYPE": "SHA-256",
                "ADMID": admid,
            },
            nsmap=FILE_NSMAP,
        )
        etree.SubElement(elem, TAG_FLOCAT, {"LOCTYPE": "URL", XL_TYPE: "simple", XL_HREF: href(f"data/{data.rel}")})
        xf.write(elem)

    def _structmap(self, prefix: str, label: str, divs: list[tuple[str, str, str]], mptr: tuple[str, str] | None):
        smap = etree.Element(
            f"{M}structMap", {"ID": f"{prefix}structmap", "TYPE": "PHYSICAL", "LABEL": "CSIP"}, nsmap=METS_NSMAP
        )
        main = etree.SubElement(smap, f"{M}div", ID=f"{prefix}div-root", LABEL=label)
        etree.SubElement(
            main,
            f"{M}div",
            ID=f"{prefix}div-metadata",
            LABEL="Metadata",
            DMDID=f"{prefix}dmd-ead",
            ADMID=f"{prefix}digiprov-premis",
        )
        for ident, div_label, group in divs:
            div = etree.SubElement(main, f"{M}div", ID=ident, LABEL=div_label)
            etree.SubElement(div, f"{M}fptr", FILEID=group)
        if mptr is not None:
            target, group = mptr
            div = etree.SubElement(main, f"{M}div", ID=f"div-{REP}", LABEL=f"Representations/{REP}")
            etree.SubElement(
                div,
                f"{M}mptr",
                {"LOCTYPE": "URL", f"{XL}type": "simple", f"{XL}href": href(target), f"{XL}title": group},
            )
        return smap

    def _rep_mets(self, out, ead: DataFile, premis: DataFile) -> None:
        base = f"representations/{REP}/"
        with etree.xmlfile(out, encoding="UTF-8") as xf:
            xf.write_declaration()
            with xf.element(f"{M}mets", self._root_attrs(REP, "../../", None), nsmap=METS_NSMAP):
                xf.write(self._header(package=False))
                for section in self._metadata_sections(f"{REP}-", ead, premis, base):
                    xf.write(section)
                with xf.element(f"{M}fileSec", ID=f"{REP}-filesec"):
                    with xf.element(f"{M}fileGrp", ID=f"{REP}-grp-data", USE="Data"):
                        admid = f"{REP}-digiprov-premis"
                        xf.flush()  # the fileGrp start tag is out; the file entries follow as text
                        _write_fragments(out, xf, self.files, _mets_file_fragment, self._stream_file, admid)
                xf.write(self._structmap(f"{REP}-", REP, [(f"{REP}-div-data", "Data", f"{REP}-grp-data")], None))

    def _package_mets(self, out, ead, premis, doc, schemas, rep_mets) -> None:
        meta = self.meta
        with etree.xmlfile(out, encoding="UTF-8") as xf:
            xf.write_declaration()
            with xf.element(f"{M}mets", self._root_attrs(meta.objid, "", meta.label), nsmap=METS_NSMAP):
                xf.write(self._header(package=True))
                for section in self._metadata_sections("", ead, premis, ""):
                    xf.write(section)
                with xf.element(f"{M}fileSec", ID="filesec"):
                    with xf.element(f"{M}fileGrp", ID="grp-doc", USE="Documentation"):
                        xf.write(self._file("file-doc-1", doc, doc.rel))
                    with xf.element(f"{M}fileGrp", ID="grp-schemas", USE="Schemas"):
                        for n, schema in enumerate(schemas, 1):
                            xf.write(self._file(f"file-schema-{n}", schema, schema.rel))
                    with xf.element(
                        f"{M}fileGrp",
                        {
                            "ID": f"grp-{REP}",
                            "USE": f"Representations/{REP}",
                            f"{CS}CONTENTINFORMATIONTYPE": meta.content_information_type,
                        },
                    ):
                        xf.write(self._file(f"file-{REP}-mets", rep_mets, rep_mets.rel))
                divs = [("div-doc", "Documentation", "grp-doc"), ("div-schemas", "Schemas", "grp-schemas")]
                xf.write(self._structmap("", meta.objid, divs, (rep_mets.rel, f"grp-{REP}")))

    # -- PREMIS ---------------------------------------------------------------------------------
    def _identifier(self, parent, tag: str, kind: str, value: str) -> None:
        ident = etree.SubElement(parent, f"{P}{tag}Identifier")
        etree.SubElement(ident, f"{P}{tag}IdentifierType").text = kind
        etree.SubElement(ident, f"{P}{tag}IdentifierValue").text = value

    def _software_premis_agent(self):
        agent = etree.Element(f"{P}agent", nsmap={None: PREMIS_NS})
        self._identifier(agent, "agent", "local", "agent-software")
        etree.SubElement(agent, f"{P}agentName").text = self.meta.software
        etree.SubElement(agent, f"{P}agentType").text = "software"
        etree.SubElement(agent, f"{P}agentVersion").text = self.meta.software_version
        return agent

    def _event(self, ident: str, kind: str, detail: str, objects: list[str]):
        event = etree.Element(f"{P}event", nsmap={None: PREMIS_NS})
        self._identifier(event, "event", "local", ident)
        etree.SubElement(event, f"{P}eventType").text = kind
        etree.SubElement(event, f"{P}eventDateTime").text = self.stamp
        info = etree.SubElement(event, f"{P}eventDetailInformation")
        etree.SubElement(info, f"{P}eventDetail").text = detail
        outcome = etree.SubElement(event, f"{P}eventOutcomeInformation")
        etree.SubElement(outcome, f"{P}eventOutcome").text = "success"
        link = etree.SubElement(event, f"{P}linkingAgentIdentifier")
        etree.SubElement(link, f"{P}linkingAgentIdentifierType").text = "local"
        etree.SubElement(link, f"{P}linkingAgentIdentifierValue").text = "agent-software"
        for value in objects:
            obj = etree.SubElement(event, f"{P}linkingObjectIdentifier")
            etree.SubElement(obj, f"{P}linkingObjectIdentifierType").text = "local"
            etree.SubElement(obj, f"{P}linkingObjectIdentifierValue").text = value
        return event

    def _rep_premis(self, out) -> None:
        """One PREMIS object per data file with its SHA-256 fixity, size and format; the digest event."""
        with etree.xmlfile(out, encoding="UTF-8") as xf:
            xf.write_declaration()
            schema = {f"{{{XSI_NS}}}schemaLocation": f"{PREMIS_NS} ../../../../schemas/premis-v3-0.xsd"}
            with xf.element(f"{P}premis", {**schema, "version": "3.0"}, nsmap={None: PREMIS_NS, "xsi": XSI_NS}):
                xf.flush()
                _write_fragments(out, xf, self.files, _premis_file_fragment, self._stream_premis_file)
                xf.write(
                    self._event(
                        "event-digest",
                        "message digest calculation",
                        f"SHA-256 beräknad när filen kopierades in i paketet ({len(self.files)} filer).",
                        [],
                    )
                )
                xf.write(self._software_premis_agent())

    def _stream_premis_file(self, xf, n: int, data: DataFile) -> None:
        """The PREMIS object of one data file with its fixity, built as an element and written whole (the
        slow path of a name _write_fragments cannot write as text; lxml refuses it as it always did)."""
        sub = etree.SubElement
        obj = etree.Element(P_OBJECT, FILE_OBJECT, nsmap=PREMIS_NSMAP)
        ident = sub(obj, P_IDENTIFIER)
        sub(ident, P_IDENTIFIER_TYPE).text = "local"
        sub(ident, P_IDENTIFIER_VALUE).text = f"data/{data.rel}"
        chars = sub(obj, P_CHARACTERISTICS)
        fixity = sub(chars, P_FIXITY)
        sub(fixity, P_ALGORITHM).text = "SHA-256"
        sub(fixity, P_DIGEST).text = data.sha256
        sub(chars, P_SIZE).text = str(data.size)
        sub(sub(sub(chars, P_FORMAT), P_DESIGNATION), P_FORMAT_NAME).text = data.mimetype
        xf.write(obj)

    def _package_premis(self) -> bytes:
        """The package as an intellectual entity, its creation by the platform, and the agents."""
        nsmap = {None: PREMIS_NS, "xsi": XSI_NS}
        root = etree.Element(
            f"{P}premis",
            {f"{{{XSI_NS}}}schemaLocation": f"{PREMIS_NS} ../../schemas/premis-v3-0.xsd", "version": "3.0"},
            nsmap=nsmap,
        )
        obj = etree.SubElement(root, f"{P}object", {f"{{{XSI_NS}}}type": "intellectualEntity"})
        self._identifier(obj, "object", "local", self.meta.objid)
        detail = f"Paketet byggdes av {self.meta.software} från kommunens export ({len(self.files)} filer)."
        root.append(self._event("event-creation", "creation", detail, [self.meta.objid]))
        root.append(self._software_premis_agent())
        submitter = etree.SubElement(root, f"{P}agent")
        self._identifier(submitter, "agent", "local", "agent-submitter")
        etree.SubElement(submitter, f"{P}agentName").text = self.meta.submitter
        etree.SubElement(submitter, f"{P}agentType").text = "organization"
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)

    # -- EAD3 and the description ---------------------------------------------------------------------
    def _ead(self, representation: bool) -> bytes:
        """EAD3: the records creator, the period and the information types (a fonds; the representation a file)."""
        meta = self.meta
        up = "../../../../" if representation else "../../"
        ead = etree.Element(
            f"{E}ead",
            {f"{{{XSI_NS}}}schemaLocation": f"{EAD_NS} {up}schemas/ead3.xsd"},
            nsmap={None: EAD_NS, "xsi": XSI_NS},
        )
        control = etree.SubElement(ead, f"{E}control")
        etree.SubElement(control, f"{E}recordid").text = f"{meta.objid}-{REP}" if representation else meta.objid
        titlestmt = etree.SubElement(etree.SubElement(control, f"{E}filedesc"), f"{E}titlestmt")
        etree.SubElement(titlestmt, f"{E}titleproper").text = meta.label
        etree.SubElement(control, f"{E}maintenancestatus", value="new")
        etree.SubElement(etree.SubElement(control, f"{E}maintenanceagency"), f"{E}agencyname").text = meta.submitter
        event = etree.SubElement(etree.SubElement(control, f"{E}maintenancehistory"), f"{E}maintenanceevent")
        etree.SubElement(event, f"{E}eventtype", value="created")
        etree.SubElement(event, f"{E}eventdatetime", standarddatetime=self.stamp).text = self.stamp
        etree.SubElement(event, f"{E}agenttype", value="machine")
        etree.SubElement(event, f"{E}agent").text = f"{meta.software} {meta.software_version}"
        archdesc = etree.SubElement(ead, f"{E}archdesc", level="file" if representation else "fonds")
        did = etree.SubElement(archdesc, f"{E}did")
        title = meta.label if not representation else f"{meta.label} – representation {REP}"
        etree.SubElement(did, f"{E}unittitle").text = title
        if meta.period_from or meta.period_to:
            period = f"{meta.period_from or ''}–{meta.period_to or ''}"
            attrs = {"normal": f"{meta.period_from or meta.period_to}/{meta.period_to or meta.period_from}"}
            etree.SubElement(did, f"{E}unitdate", attrs).text = period
        origination = etree.SubElement(did, f"{E}origination")
        etree.SubElement(etree.SubElement(origination, f"{E}corpname"), f"{E}part").text = meta.archival_creator
        if meta.information_types:
            access = etree.SubElement(archdesc, f"{E}controlaccess")
            for name in meta.information_types:
                etree.SubElement(etree.SubElement(access, f"{E}genreform"), f"{E}part").text = name
        return etree.tostring(ead, xml_declaration=True, encoding="UTF-8", pretty_print=True)

    def _description(self, empty_dirs: list[str]) -> str:
        meta = self.meta
        period = f"{meta.period_from or '…'}–{meta.period_to or '…'}"
        lines = [
            f"Leveransbeskrivning för {meta.label}",
            "",
            f"Paketets identifierare: {meta.objid}",
            f"Arkivbildare: {meta.archival_creator}",
            f"Levererande organisation: {meta.submitter}",
            f"System: {meta.system or '–'}",
            f"Leveransöverenskommelse: {meta.agreement or '–'}",
            f"Informationstyper: {', '.join(meta.information_types) or '–'}",
            f"Period: {period}",
            f"Antal filer: {len(self.files)} ({self.content_bytes} byte), tomma mappar: {len(empty_dirs)}",
            f"Byggt: {self.stamp} av {meta.software} {meta.software_version}",
            "",
            "Paketet följer FGS Paketstruktur 2.0 (E-ARK CSIP 2.1.0 och E-ARK SIP 2.1.0).",
            "Filerna ligger oförändrade under representations/rep1/data/; varje fil har storlek och",
            "SHA-256 i representations/rep1/METS.xml och i representations/rep1/metadata/preservation/premis.xml.",
        ]
        return "\n".join(lines) + "\n"


# What XML 1.0 cannot hold at all (C0 controls are refused as names already): such a name takes lxml's path.
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _escape(value: str) -> str:
    """Text or attribute value for XML ('&', '<', '>' and '"' as entities)."""
    if "&" in value:
        value = value.replace("&", "&amp;")
    return value.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


# Fragments per data file, written as text inside the element lxml has opened (the parent declares the
# namespaces): the same elements and attributes lxml writes, without building 20,000 element trees.
_METS_FILE = (
    '<file ID="' + REP + '-file-{n}" MIMETYPE="{mimetype}" SIZE="{size}" CREATED="{created}" CHECKSUM="{sha256}" '
    'CHECKSUMTYPE="SHA-256" ADMID="{admid}"><FLocat LOCTYPE="URL" xlink:type="simple" xlink:href="{href}"/></file>'
)
_PREMIS_FILE = (
    '<object xsi:type="file"><objectIdentifier><objectIdentifierType>local</objectIdentifierType>'
    "<objectIdentifierValue>data/{rel}</objectIdentifierValue></objectIdentifier><objectCharacteristics>"
    "<fixity><messageDigestAlgorithm>SHA-256</messageDigestAlgorithm><messageDigest>{sha256}</messageDigest>"
    "</fixity><size>{size}</size><format><formatDesignation><formatName>{mimetype}</formatName>"
    "</formatDesignation></format></objectCharacteristics></object>"
)
FRAGMENT_BATCH = 512


def _mets_file_fragment(n: int, data: DataFile, admid: str) -> str:
    return _METS_FILE.format(
        n=n,
        mimetype=_escape(data.mimetype),
        size=data.size,
        created=data.created,
        sha256=data.sha256,
        admid=admid,
        href=_escape(href(f"data/{data.rel}")),
    )


def _premis_file_fragment(n: int, data: DataFile) -> str:
    return _PREMIS_FILE.format(
        rel=_escape(data.rel),
        sha256=data.sha256,
        size=data.size,
        mimetype=_escape(data.mimetype),
    )


def _write_fragments(out, xf, files: list[DataFile], fragment, slow, *args) -> None:
    """Write one fragment per data file to `out` (xf flushed, inside the open parent), in batches; a name
    XML cannot hold goes through `slow` (lxml's element path, which refuses it as before)."""
    batch: list[str] = []
    for n, data in enumerate(files, 1):
        if _XML_UNSAFE.search(data.rel) or _XML_UNSAFE.search(data.mimetype):
            out.write("".join(batch).encode("utf-8"))
            batch.clear()
            slow(xf, n, data, *args)
            xf.flush()
            continue
        batch.append(fragment(n, data, *args))
        if len(batch) >= FRAGMENT_BATCH:
            out.write("".join(batch).encode("utf-8"))
            batch.clear()
    out.write("".join(batch).encode("utf-8"))


@lru_cache(maxsize=1)
def _content_categories() -> frozenset[str]:
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


def read_small(member: Member) -> tuple[bytes, str] | None:
    """A small file's content (at most one byte more than its declared size, to see that it grew) and
    its SHA-256; None for a file over SMALL_FILE, which is streamed in chunks instead."""
    if member.size > SMALL_FILE:
        return None
    want = member.size + 1
    with member.opener() as src:
        data = src.read(want)
        while 0 < len(data) < want:
            more = src.read(want - len(data))
            if not more:
                break
            data += more
    return data, hashlib.sha256(data).hexdigest()


def build_package(
    export_path: str | os.PathLike,
    out_path: str | os.PathLike,
    meta: PackageMetadata,
    limits: ExportLimits,
    progress: ProgressCallback | None = None,
) -> BuildResult:
    """Build the package of `export_path` at `out_path` (a ZIP). ExportRefused when the export is unfit;
    then, as on any failure, nothing is left at `out_path` or beside it."""
    started = time.monotonic()
    out = Path(out_path)
    tmp = out.with_name(f".{out.name}.{uuid.uuid4().hex}.part")
    prog = _Progress(progress)
    prog(0.0, msg.LABEL_READING, force=True)
    try:
        with open_export(export_path, limits) as export, zipfile.ZipFile(tmp, "w", zipfile.ZIP_STORED) as zf:
            writer = PackageWriter(zf, meta)
            total = export.total_bytes

            def done(copied: int) -> None:
                fraction = (writer.content_bytes + copied) / total if total else export.position()
                prog(0.95 * fraction, msg.LABEL_COPYING)

            for member in export.members():
                small = read_small(member)
                if small is None:
                    writer.copy(member, done)  # a big file: streamed in chunks, hashed on the way
                else:
                    writer.store(member, *small)
                done(0)
            for rel in export.empty_dirs:
                writer.empty_dir(rel)
            prog(0.95, msg.LABEL_METADATA, force=True)
            writer.finish(export.empty_dirs)
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    prog(1.0, msg.LABEL_DONE, force=True)
    return BuildResult(
        path=out,
        size=out.stat().st_size,
        files=len(writer.files),
        content_bytes=writer.content_bytes,
        empty_dirs=len(export.empty_dirs),
        seconds=round(time.monotonic() - started, 3),
    )
