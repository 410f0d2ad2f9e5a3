"""Requirements that span the METS documents of one package.

CSIP asks that every identifier is unique *within the package* (CSIP18, CSIP33, ...,
CSIP106), not only within one METS file (which the XSD's ``xsd:ID`` already enforces), and
that a representation's file group in the package METS declares the same content
information type as the representation's own METS (CSIP62).
"""

from __future__ import annotations

from .context import CS, CheckContext, children
from .report import ERROR

# Identifier requirement by element; structMap divisions by their LABEL.
_ID_REQS = {"dmdSec": "CSIP18", "digiprovMD": "CSIP33", "rightsMD": "CSIP46", "fileSec": "CSIP59"}
_DIV_ID_REQS = {"Metadata": "CSIP89", "Documentation": "CSIP94", "Schemas": "CSIP98", "Representations": "CSIP102"}


def _identified(ctx: CheckContext):
    """(ID, requirement id, element) for every identifier a CSIP requirement rules on."""
    root = ctx.root
    for sec in children(root, "dmdSec"):
        yield sec.get("ID"), "CSIP18", sec
    for amd in children(root, "amdSec"):
        for sec in amd:
            if isinstance(sec.tag, str):
                req = _ID_REQS.get(sec.tag.split("}")[-1])
                if req:
                    yield sec.get("ID"), req, sec
    for sec in children(root, "fileSec"):
        yield sec.get("ID"), "CSIP59", sec
    for group in ctx.doc.groups:
        yield group.attrs.get("ID"), "CSIP65", group.element
    for smap in children(root, "structMap"):
        if smap.get("LABEL") != "CSIP":
            continue
        yield smap.get("ID"), "CSIP83", smap
        for main in children(smap, "div"):
            yield main.get("ID"), "CSIP85", main
            for div in children(main, "div"):
                label = div.get("LABEL") or ""
                req = "CSIP106" if label.startswith("Representations/") else _DIV_ID_REQS.get(label)
                if req:
                    yield div.get("ID"), req, div


def check_package(contexts: list[CheckContext]) -> None:
    """Identifier uniqueness across all METS documents and CSIP62 consistency."""
    if not contexts:
        return
    _check_unique_ids(contexts)
    _check_representation_types(contexts)


def _check_unique_ids(contexts: list[CheckContext]) -> None:
    """The second and later holders of an identifier are reported under their own requirement."""
    seen: dict[str, str] = {}
    for ctx in contexts:
        for ident, req, elem in _identified(ctx):
            if not ident:
                continue
            if ident in seen:
                ctx.error(req, "ID_NOT_UNIQUE", elem, value=ident, other=seen[ident])
            else:
                seen[ident] = ctx.doc.label
        for entry in ctx.doc.files:
            ident = entry.attrs.get("ID")
            if not ident:
                continue
            if ident not in seen:
                seen[ident] = ctx.doc.label
                continue
            line = f" (rad {entry.line})" if entry.line else ""
            ctx.report.add(
                "CSIP67",
                ERROR,
                "ID_NOT_UNIQUE",
                f"{ctx.doc.label}: /mets/fileSec/fileGrp/file[@ID='{ident}']{line}",
                value=ident,
                other=seen[ident],
            )


def _check_representation_types(contexts: list[CheckContext]) -> None:
    """CSIP62 (SHOULD): the package's Representations/<name> group states the CIT its METS uses."""
    package = next((c for c in contexts if not c.doc.is_representation), None)
    if package is None:
        return
    rep_types = {}
    for ctx in contexts:
        if ctx.doc.is_representation:
            rep_types[ctx.doc.base_dir.rstrip("/").lower()] = ctx.root.get(f"{CS}CONTENTINFORMATIONTYPE")
    for group in package.doc.groups:
        use = (group.attrs.get("USE") or "").strip()
        declared = group.attrs.get(f"{CS}CONTENTINFORMATIONTYPE")
        actual = rep_types.get(use.lower())
        if declared and actual and declared.strip() != actual.strip():
            package.warning("CSIP62", "FILEGRP_CIT_DIFFERS", group.element, value=declared, actual=actual, use=use)
