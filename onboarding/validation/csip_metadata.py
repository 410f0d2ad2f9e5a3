"""CSIP requirements for descriptive and administrative metadata (CSIP17-CSIP57).

``dmdSec``, ``amdSec/digiprovMD`` and ``amdSec/rightsMD`` follow the same pattern: an
identified section with an optional STATUS from a fixed vocabulary and an ``mdRef``
pointing to a metadata file whose size and checksum must match.  The table
:data:`SECTIONS` maps every step of that pattern to the requirement id for each kind.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import resources as res
from .context import CheckContext, children, is_datetime
from .integrity import METS_CHECKSUM_TYPES
from .mets import XL

METS_MDTYPES = frozenset(
    [
        "MARC",
        "MODS",
        "EAD",
        "DC",
        "NISOIMG",
        "LC-AV",
        "VRA",
        "TEIHDR",
        "DDI",
        "FGDC",
        "LOM",
        "PREMIS",
        "PREMIS:OBJECT",
        "PREMIS:AGENT",
        "PREMIS:RIGHTS",
        "PREMIS:EVENT",
        "TEXTMD",
        "METSRIGHTS",
        "ISO 19115:2003 NAP",
        "EAC-CPF",
        "LIDO",
        "OTHER",
    ]
)


# MDTYPE values that can hold a rights statement (CSIP45: METS Rights, PREMIS rights, or a
# local / RightsStatements.org statement as OTHER).
RIGHTS_MDTYPES = frozenset(["METSRIGHTS", "PREMIS", "PREMIS:RIGHTS", "OTHER"])


@dataclass(frozen=True)
class SectionReqs:
    """Requirement ids for one kind of metadata section."""

    name: str
    present: str
    present_level: str
    ident: str
    created: str | None
    status: str
    mdref: str
    loctype: str
    xlink_type: str
    href: str
    mdtype: str
    mimetype: str
    size: str
    mdref_created: str
    checksum: str
    checksum_type: str


SECTIONS = {
    "dmdSec": SectionReqs(
        "dmdSec",
        "CSIP17",
        "warning",
        "CSIP18",
        "CSIP19",
        "CSIP20",
        "CSIP21",
        "CSIP22",
        "CSIP23",
        "CSIP24",
        "CSIP25",
        "CSIP26",
        "CSIP27",
        "CSIP28",
        "CSIP29",
        "CSIP30",
    ),
    "digiprovMD": SectionReqs(
        "digiprovMD",
        "CSIP32",
        "warning",
        "CSIP33",
        None,
        "CSIP34",
        "CSIP35",
        "CSIP36",
        "CSIP37",
        "CSIP38",
        "CSIP39",
        "CSIP40",
        "CSIP41",
        "CSIP42",
        "CSIP43",
        "CSIP44",
    ),
    "rightsMD": SectionReqs(
        "rightsMD",
        "CSIP45",
        "info",
        "CSIP46",
        None,
        "CSIP47",
        "CSIP48",
        "CSIP49",
        "CSIP50",
        "CSIP51",
        "CSIP52",
        "CSIP53",
        "CSIP54",
        "CSIP55",
        "CSIP56",
        "CSIP57",
    ),
}


def check_metadata(ctx: CheckContext) -> None:
    """Check all dmdSec and amdSec content of the document."""
    root = ctx.root
    dmd = children(root, "dmdSec")
    if not dmd:
        ctx.warning("CSIP17", "SECTION_MISSING", root, section="dmdSec")
    for sec in dmd:
        _check_section(ctx, sec, SECTIONS["dmdSec"], bool(_folder_files(ctx, "descriptive")))
    _check_descriptive_folder(ctx, dmd)
    amd = children(root, "amdSec")
    if not amd:
        ctx.warning("CSIP31", "SECTION_MISSING", root, section="amdSec")
    elif len(amd) > 1:
        ctx.warning("CSIP31", "AMDSEC_MANY", amd[1])
    digiprov = [d for a in amd for d in children(a, "digiprovMD")]
    rights = [r for a in amd for r in children(a, "rightsMD")]
    if not digiprov:
        ctx.warning("CSIP32", "SECTION_MISSING", root, section="amdSec/digiprovMD")
    if not rights:
        ctx.info("CSIP45", "SECTION_MISSING_MAY", root, section="amdSec/rightsMD")
    for sec in digiprov:
        _check_section(ctx, sec, SECTIONS["digiprovMD"], bool(_folder_files(ctx, "preservation")))
    for sec in rights:
        _check_section(ctx, sec, SECTIONS["rightsMD"], False)
    _check_preservation_folder(ctx, digiprov, amd)


def _check_section(ctx: CheckContext, sec, reqs: SectionReqs, folder_has_files: bool) -> None:
    """One dmdSec/digiprovMD/rightsMD.  Without an mdRef the section is a warning, or an error
    while its metadata folder holds files (which only an mdRef can point to; the DILCIS test
    corpus grades CSIP21 so)."""
    ctx.require_attr(sec, "ID", reqs.ident, "ID")
    if reqs.created:
        created = ctx.require_attr(sec, "CREATED", reqs.created, "CREATED")
        if created is not None and not is_datetime(created):
            ctx.error(reqs.created, "DATETIME_INVALID", sec, attr="CREATED", value=created)
    status = sec.get("STATUS")
    if status is None:
        ctx.warning(reqs.status, "STATUS_MISSING", sec, section=reqs.name)
    elif status not in res.vocabulary(res.STATUS):
        ctx.error(reqs.status, "VOCAB_INVALID", sec, attr="STATUS", value=status, vocab="Status")
    refs = children(sec, "mdRef")
    if not refs:
        if folder_has_files and not children(sec, "mdWrap"):
            ctx.error(reqs.mdref, "MDREF_MISSING_FILES", sec, section=reqs.name)
        else:
            ctx.warning(reqs.mdref, "MDREF_MISSING", sec, section=reqs.name)
    elif len(refs) > 1:
        ctx.warning(reqs.mdref, "MDREF_MANY", refs[1], section=reqs.name, count=len(refs))
    for ref in refs:
        check_mdref(ctx, ref, reqs)
        if reqs.name == "rightsMD" and (ref.get("MDTYPE") or "").strip() not in RIGHTS_MDTYPES | {""}:
            ctx.info(reqs.present, "RIGHTS_MDTYPE", ref, value=ref.get("MDTYPE"))


def check_mdref(ctx: CheckContext, ref, reqs: SectionReqs) -> None:
    """The attributes of one mdRef and the file it points to."""
    loctype = ref.get("LOCTYPE")
    if loctype is None:
        ctx.error(reqs.loctype, "ATTR_MISSING", ref, attr="LOCTYPE", element="mdRef")
    elif loctype != "URL":
        ctx.error(reqs.loctype, "ATTR_VALUE", ref, attr="LOCTYPE", value=loctype, expected="URL")
    xtype = ref.get(f"{XL}type")
    if xtype is None:
        ctx.error(reqs.xlink_type, "ATTR_MISSING", ref, attr="xlink:type", element="mdRef")
    elif xtype != "simple":
        ctx.error(reqs.xlink_type, "ATTR_VALUE", ref, attr="xlink:type", value=xtype, expected="simple")
    mdtype = ctx.require_attr(ref, "MDTYPE", reqs.mdtype, "MDTYPE")
    if mdtype is not None and mdtype not in METS_MDTYPES:
        ctx.error(reqs.mdtype, "VOCAB_INVALID", ref, attr="MDTYPE", value=mdtype, vocab="METS MDTYPE")
    elif mdtype == "OTHER" and not (ref.get("OTHERMDTYPE") or "").strip():
        ctx.error(reqs.mdtype, "OTHER_MISSING", ref, attr="OTHERMDTYPE", base="MDTYPE")
    mimetype = ctx.require_attr(ref, "MIMETYPE", reqs.mimetype, "MIMETYPE")
    ctx.check_mimetype(ref, mimetype, reqs.mimetype)
    size = ctx.require_attr(ref, "SIZE", reqs.size, "SIZE")
    if size is not None and not size.isdigit():
        ctx.error(reqs.size, "SIZE_INVALID", ref, value=size)
        size = None
    created = ctx.require_attr(ref, "CREATED", reqs.mdref_created, "CREATED")
    if created is not None and not is_datetime(created):
        ctx.error(reqs.mdref_created, "DATETIME_INVALID", ref, attr="CREATED", value=created)
    checksum = ctx.require_attr(ref, "CHECKSUM", reqs.checksum, "CHECKSUM")
    ctype = ctx.require_attr(ref, "CHECKSUMTYPE", reqs.checksum_type, "CHECKSUMTYPE")
    if ctype is not None and ctype not in METS_CHECKSUM_TYPES:
        ctx.error(reqs.checksum_type, "VOCAB_INVALID", ref, attr="CHECKSUMTYPE", value=ctype, vocab="METS CHECKSUMTYPE")
        ctype = None
    href = ref.get(f"{XL}href")
    if href is None:
        ctx.error(reqs.href, "ATTR_MISSING", ref, attr="xlink:href", element="mdRef")
        return
    rel = ctx.check_href(
        ref,
        href,
        reqs.href,
        expected_size=size,
        checksum=checksum,
        checksum_type=ctype,
        size_req=reqs.size,
        checksum_req=reqs.checksum,
    )
    if rel is not None and not _in_metadata_folder(rel[len(ctx.doc.base_dir) :].lower()):
        ctx.warning(reqs.mdref, "MDREF_OUTSIDE_METADATA", ref, path=rel)


def _in_metadata_folder(rel: str) -> bool:
    """True for a path in the document's metadata folder or in a representation's (from the package METS)."""
    parts = rel.split("/")
    return parts[0] == "metadata" or (len(parts) > 3 and parts[0] == "representations" and parts[2] == "metadata")


def _folder_files(ctx: CheckContext, folder: str) -> list[str]:
    """The non-empty files under ``<document folder>/metadata/<folder>/``."""
    return ctx.index.files_under(f"{ctx.doc.base_dir}metadata/{folder}/")


def _referenced(ctx: CheckContext, sections) -> set[str]:
    """The package files the mdRef children of ``sections`` point to."""
    referenced = set()
    for sec in sections:
        for ref in children(sec, "mdRef"):
            href = ref.get(f"{XL}href")
            if href:
                _status, rel = ctx.index.resolve(ctx.doc.base_dir, href.strip())
                if rel:
                    referenced.add(rel)
    return referenced


def _check_descriptive_folder(ctx: CheckContext, dmd: list) -> None:
    """CSIP17: descriptive metadata that is available "must be used", i.e. every file in
    metadata/descriptive is referenced from a dmdSec (as CSIP32 asks of metadata/preservation);
    dmdSecs with no file there is a warning (as the DILCIS test corpus grades it for CSIP31)."""
    files = _folder_files(ctx, "descriptive")
    if dmd and not files:
        ctx.warning("CSIP17", "FOLDER_EMPTY", dmd[0], section="dmdSec", folder="metadata/descriptive")
    referenced = _referenced(ctx, dmd)
    for rel in files:
        if rel not in referenced:
            ctx.error("CSIP17", "DESCRIPTIVE_FILE_UNREFERENCED", None, path=rel)


def _check_preservation_folder(ctx: CheckContext, digiprov: list, amd: list) -> None:
    """CSIP31/CSIP32: every file in metadata/preservation must be referenced from the amdSec.

    PREMIS rights statements (rightsMD) may also live in that folder, so a reference from
    any amdSec sub-section counts.  Preservation files without any amdSec break CSIP31's
    "it must be described using the administrative metadata section"; an amdSec (or
    digiprovMD) while the folder is empty is a warning of either requirement.
    """
    files = _folder_files(ctx, "preservation")
    meta = f"{ctx.doc.base_dir}metadata/"
    descriptive = set(ctx.index.files_under(meta + "descriptive/"))
    administrative = [rel for rel in ctx.index.files_under(meta) if rel not in descriptive]
    if amd and not administrative:
        ctx.warning("CSIP31", "FOLDER_EMPTY", amd[0], section="amdSec", folder="metadata/preservation")
    if digiprov and not files:
        ctx.warning("CSIP32", "PRESERVATION_FOLDER_EMPTY", digiprov[0])
    if files and not amd:
        ctx.error("CSIP31", "SECTION_REQUIRED", None, section="amdSec", folder="metadata/preservation")
    referenced = _referenced(ctx, (s for a in amd for s in a if isinstance(s.tag, str)))
    for rel in files:
        if rel not in referenced:
            ctx.error("CSIP32", "PRESERVATION_FILE_UNREFERENCED", None, path=rel)
