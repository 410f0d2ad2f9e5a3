"""CSIP requirements for the file section (CSIP58-CSIP79, CSIP113, CSIP114).

File-level checks run on the compact :class:`~.mets.FileEntry` records, so a METS with
tens of thousands of files never has to be kept in memory as a tree.
"""

from __future__ import annotations

from functools import lru_cache

from . import resources as res
from .context import CS, CheckContext, children, is_datetime, mimetype_problems
from .csip_header import check_cit, check_cit_value
from .integrity import METS_CHECKSUM_TYPES, REQ_CASE, REQ_HREF, REQ_MISSING, Reference
from .mets import XL, FileEntry
from .report import ERROR, INFO, WARNING

# A file's SIZE (CSIP69) and CHECKSUM (CSIP71) that do not match the file itself.
_FILE_PROFILE_REQS = ("CSIP69", "CSIP71")
# In a representation METS the data folder is described with USE="Data" (E-ARK practice).
_REPRESENTATION_USES = ("data",)


def check_file_section(ctx: CheckContext) -> None:
    """fileSec, its file groups and every file."""
    root = ctx.root
    secs = children(root, "fileSec")
    if not secs:
        ctx.warning("CSIP58", "SECTION_MISSING", root, section="fileSec")
        return
    sec = secs[0]
    ctx.require_attr(sec, "ID", "CSIP59", "ID")
    uses = [(g.get("USE") or "") for g in children(sec, "fileGrp")]
    if not ctx.doc.is_representation:
        # Treated as recommendations: CSIP58 allows packages without such content, and the
        # E-ARK test corpus grades these three at WARNING level.
        if "Documentation" not in uses:
            ctx.warning("CSIP60", "FILEGRP_MISSING", sec, use="Documentation")
        if "Schemas" not in uses:
            ctx.warning("CSIP113", "FILEGRP_MISSING", sec, use="Schemas")
        if not any(u.startswith("Representations") for u in uses):
            ctx.warning("CSIP114", "FILEGRP_MISSING", sec, use="Representations")
    amd_ids, dmd_ids = metadata_ids(ctx)
    for group in ctx.doc.groups:
        if not group.nested:
            _check_group(ctx, group)
        _check_idrefs(ctx, group.element, group.attrs.get("ADMID"), amd_ids, "CSIP61", "ADMID", "amdSec")
    _check_files(ctx, amd_ids, dmd_ids)
    if not ctx.doc.is_representation:
        _check_content_in_groups(ctx)


def metadata_ids(ctx: CheckContext) -> tuple[set[str], set[str]]:
    """IDs of the administrative sections (amdSec and its children) and of the dmdSecs."""
    amd_ids = set()
    for amd in children(ctx.root, "amdSec"):
        amd_ids.add(amd.get("ID"))
        amd_ids.update(sec.get("ID") for sec in amd if isinstance(sec.tag, str))
    dmd_ids = {sec.get("ID") for sec in children(ctx.root, "dmdSec")}
    return amd_ids - {None}, dmd_ids - {None}


def _check_idrefs(ctx: CheckContext, elem, value, targets: set[str], req: str, attr: str, section: str, loc=None):
    """CSIP61/CSIP74/CSIP75 (MAY): an ADMID/DMDID that is used must name sections of the right kind."""
    if value is None:
        return
    wrong = [ident for ident in value.split() if ident not in targets]
    if not value.strip() or wrong:
        shown = " ".join(wrong)[:200] or value
        if loc is None:
            ctx.info(req, "IDREF_WRONG", elem, attr=attr, value=shown, section=section)
        else:
            ctx.report.add(req, INFO, "IDREF_WRONG", loc, attr=attr, value=shown, section=section)


@lru_cache(maxsize=256)
def _use_head(use: str | None) -> str:
    """The first part of a fileGrp USE in lower case ("Representations/rep1" -> "representations")."""
    return (use or "").strip().lower().split("/", 1)[0]


def _check_content_in_groups(ctx: CheckContext) -> None:
    """CSIP60/CSIP113/CSIP114 (MUST): documentation, schemas and each representation of the
    package are described in file groups of their kind.

    A package without such content needs no such group (CSIP58), so a missing group alone
    is the warning above; content that is there but in no group of its kind is an error.
    """
    placed = ctx.placed
    for folder, use, req in (("documentation/", "Documentation", "CSIP60"), ("schemas/", "Schemas", "CSIP113")):
        for rel in ctx.index.files_under(folder):
            if use.lower() not in placed.get(rel, ()):
                ctx.report.add(
                    req, ERROR, "CONTENT_NOT_IN_FILEGRP", f"{ctx.doc.label}: /mets/fileSec", path=rel, use=use
                )
    low_uses = [(g.attrs.get("USE") or "").strip().lower() for g in ctx.doc.groups]
    content = [r for r in ctx.index.files_under("representations/") if r.count("/") >= 2]
    for rep in sorted({rel.split("/")[1] for rel in content}):
        wanted = f"representations/{rep}".lower()
        if any(u == wanted or u.startswith(wanted + "/") for u in low_uses):
            continue
        if any("representations" in placed.get(r, ()) for r in content if r.startswith(f"representations/{rep}/")):
            continue  # its files are in a group USE="Representations" (a package without representation METS)
        where = f"{ctx.doc.label}: /mets/fileSec"
        ctx.report.add("CSIP114", ERROR, "REPRESENTATION_NO_FILEGRP", where, rep=rep, use=f"Representations/{rep}")


def _check_group(ctx: CheckContext, group) -> None:
    elem = group.element
    ctx.require_attr(elem, "ID", "CSIP65", "ID")
    use = group.attrs.get("USE")
    if use is None:
        ctx.error("CSIP64", "ATTR_MISSING", elem, attr="USE", element="fileGrp")
    elif not use.strip():
        ctx.error("CSIP64", "ATTR_EMPTY", elem, attr="USE", element="fileGrp")
    else:
        labels = [v.lower() for v in res.vocabulary(res.FILEGRP_LABELS)]
        if ctx.doc.is_representation:
            labels += list(_REPRESENTATION_USES)
        low = use.strip().lower()
        if not any(low == lab or low.startswith(lab + "/") for lab in labels):
            ctx.error("CSIP64", "FILEGRP_USE_VOCAB", elem, value=use)
        elif low != "metadata" and not ctx.index.has_dir_ci(ctx.doc.base_dir + use.strip().strip("/")):
            ctx.error("CSIP64", "FILEGRP_USE_FOLDER", elem, value=use)
    cit = group.attrs.get(f"{CS}CONTENTINFORMATIONTYPE")
    if cit is None and use and use.startswith("Representations"):
        ctx.error("CSIP62", "FILEGRP_CIT_MISSING", elem, value=use)
    if cit is None or check_cit_value(ctx, elem, cit, "CSIP62"):
        check_cit(ctx, elem, cit, None, "CSIP63")
    if group.file_count == 0:
        ctx.error("CSIP66", "FILEGRP_EMPTY", elem)


def _check_files(ctx: CheckContext, amd_ids: set[str], dmd_ids: set[str]) -> None:
    """CSIP67-CSIP79 for every file record; missing attributes are reported per file (capped)."""
    unresolved = [0]  # FLocat references to no file of the package (each also a FILE-MISSING/FILE-HREF)
    for entry in ctx.doc.files:
        _check_file(ctx, entry, unresolved)
        a = entry.attrs
        if "OWNERID" in a and not a["OWNERID"].strip():
            ctx.report.add("CSIP73", INFO, "ATTR_EMPTY", _loc(ctx, entry), attr="OWNERID", element="file")
        if "ADMID" in a:
            _check_idrefs(ctx, None, a["ADMID"], amd_ids, "CSIP74", "ADMID", "amdSec", _loc(ctx, entry))
        if "DMDID" in a:
            _check_idrefs(ctx, None, a["DMDID"], dmd_ids, "CSIP75", "DMDID", "dmdSec", _loc(ctx, entry))
    if unresolved[0]:
        where = f"{ctx.doc.label}: /mets/fileSec"
        ctx.report.add("CSIP79", ERROR, "FILES_HREF_UNRESOLVED", where, count=unresolved[0])


def _loc(ctx: CheckContext, entry: FileEntry) -> str:
    ident = entry.attrs.get("ID")
    name = f"file[@ID='{ident}']" if ident else "file"
    line = f" (rad {entry.line})" if entry.line else ""
    return f"{ctx.doc.label}: /mets/fileSec/fileGrp/{name}{line}"


def _missing(ctx: CheckContext, entry: FileEntry, req: str, attr: str, element: str = "file") -> None:
    ctx.report.add(req, ERROR, "ATTR_MISSING", _loc(ctx, entry), attr=attr, element=element)


def _check_file(ctx: CheckContext, entry: FileEntry, unresolved: list[int]) -> None:
    a = entry.attrs
    rep = ctx.report
    if not a.get("ID"):
        _missing(ctx, entry, "CSIP67", "ID")
    mimetype = a.get("MIMETYPE")
    if mimetype is None or not mimetype.strip():
        _missing(ctx, entry, "CSIP68", "MIMETYPE")
    else:
        _check_mime(ctx, entry, mimetype)
    size = a.get("SIZE")
    if size is None or not size.strip():
        _missing(ctx, entry, "CSIP69", "SIZE")
        size = None
    elif not size.strip().isdigit():
        rep.add("CSIP69", ERROR, "SIZE_INVALID", _loc(ctx, entry), value=size)
        size = None
    created = a.get("CREATED")
    if created is None or not created.strip():
        _missing(ctx, entry, "CSIP70", "CREATED")
    elif not is_datetime(created):
        rep.add("CSIP70", ERROR, "DATETIME_INVALID", _loc(ctx, entry), attr="CREATED", value=created)
    checksum = a.get("CHECKSUM")
    if checksum is None or not checksum.strip():
        _missing(ctx, entry, "CSIP71", "CHECKSUM")
        checksum = None
    ctype = a.get("CHECKSUMTYPE")
    if ctype is None or not ctype.strip():
        _missing(ctx, entry, "CSIP72", "CHECKSUMTYPE")
        ctype = None
    elif ctype not in METS_CHECKSUM_TYPES:
        rep.add(
            "CSIP72",
            ERROR,
            "VOCAB_INVALID",
            _loc(ctx, entry),
            attr="CHECKSUMTYPE",
            value=ctype,
            vocab="METS CHECKSUMTYPE",
        )
        ctype = None
    if not entry.flocats:
        rep.add("CSIP76", ERROR, "FLOCAT_MISSING", _loc(ctx, entry))
        return
    if len(entry.flocats) > 1:
        rep.add("CSIP76", ERROR, "FLOCAT_MANY", _loc(ctx, entry), count=len(entry.flocats))
    flocat = entry.flocats[0]
    loctype = flocat.get("LOCTYPE")
    if loctype != "URL":
        key = "ATTR_MISSING" if loctype is None else "ATTR_VALUE"
        rep.add(
            "CSIP77",
            ERROR,
            key,
            _loc(ctx, entry) + "/FLocat",
            attr="LOCTYPE",
            element="FLocat",
            value=loctype,
            expected="URL",
        )
    xtype = flocat.get(f"{XL}type")
    if xtype != "simple":
        key = "ATTR_MISSING" if xtype is None else "ATTR_VALUE"
        rep.add(
            "CSIP78",
            ERROR,
            key,
            _loc(ctx, entry) + "/FLocat",
            attr="xlink:type",
            element="FLocat",
            value=xtype,
            expected="simple",
        )
    href = flocat.get(f"{XL}href")
    if href is None:
        rep.add("CSIP79", ERROR, "ATTR_MISSING", _loc(ctx, entry) + "/FLocat", attr="xlink:href", element="FLocat")
        return
    _check_file_href(ctx, entry, href, size, checksum, ctype, unresolved)


def _check_mime(ctx: CheckContext, entry: FileEntry, mimetype: str) -> None:
    for severity, key in mimetype_problems(mimetype):
        ctx.report.add("CSIP68", severity, key, _loc(ctx, entry), value=mimetype[:100])


def _check_file_href(ctx, entry, href, size, checksum, ctype, unresolved: list[int]) -> None:
    def loc() -> str:
        return _loc(ctx, entry) + "/FLocat"

    rep = ctx.report
    if not href.strip():
        rep.add("CSIP79", ERROR, "HREF_EMPTY", loc())
        return
    status, rel = ctx.index.resolve(ctx.doc.base_dir, href.strip())
    if status in ("external", "outside", "missing"):
        unresolved[0] += 1
    if status == "external":
        rep.add(REQ_HREF, ERROR, "HREF_EXTERNAL", loc(), href=href[:200])
    elif status == "outside":
        rep.add(REQ_HREF, ERROR, "HREF_OUTSIDE", loc(), href=href[:200])
    elif status == "missing":
        rep.add(REQ_MISSING, ERROR, "HREF_MISSING", loc(), href=href[:200])
    else:
        if status == "case":
            rep.add(REQ_CASE, WARNING, "HREF_CASE", loc(), href=href[:200], actual=rel)
        ctx.index.mark_described(rel)
        ctx.placed.setdefault(rel, set()).add(_use_head(entry.group_use))
        ref = Reference(rel, size, checksum, ctype, "", location_fn=loc)
        ref.profile_reqs = _FILE_PROFILE_REQS
        ref.document = ctx.doc.label
        ref.mimetype = entry.attrs.get("MIMETYPE")
        ctx.refs.append(ref)
