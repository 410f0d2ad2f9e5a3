"""Safe, streaming parsing of a METS document.

The document is read once with :func:`lxml.etree.iterparse` using a hardened parser
(``resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False``) and the
bundled XSDs attached, so well-formedness, XML safety and schema validity are all
checked in the same pass.  A document with a DOCTYPE (and hence any entity
declaration: XXE, billion laughs) is refused on the first start tag, before any
content is read.  ``mets:file`` elements - the bulk of a large METS - are turned into
small :class:`FileEntry` records and removed from the tree as soon as they end, so the
retained tree only holds the header, metadata sections, file groups and structMaps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .messages import failure_detail, gettext_noop
from .resources import METS_NS, XLINK_NS, mets_schema

M = f"{{{METS_NS}}}"
XL = f"{{{XLINK_NS}}}"

TAG_FILE = f"{M}file"
TAG_FILEGRP = f"{M}fileGrp"
TAG_FLOCAT = f"{M}FLocat"
TAG_FILESEC = f"{M}fileSec"

_MAX_XSD_ERRORS = 50
_FIRST_ELEMENT = re.compile(rb"<[A-Za-z_]")


class MetsParseError(Exception):
    """The METS document is unsafe or not well-formed XML."""

    def __init__(self, key: str, detail: str = "", line: int | None = None):
        super().__init__(key)
        self.key = key
        self.detail = detail
        self.line = line


@dataclass
class FileEntry:
    """The data of one ``mets:file`` we need after the element is discarded."""

    attrs: dict[str, str]
    flocats: list[dict[str, str]]
    group_use: str | None
    group_id: str | None
    line: int | None
    has_fcontent: bool = False


@dataclass
class FileGroup:
    """One ``mets:fileGrp`` (its own attributes and how many files it holds)."""

    element: etree._Element
    attrs: dict[str, str]
    file_count: int = 0
    line: int | None = None
    nested: bool = False


@dataclass
class MetsDocument:
    """A parsed METS document: retained tree, file records and schema errors."""

    label: str
    base_dir: str
    root: etree._Element
    files: list[FileEntry] = field(default_factory=list)
    groups: list[FileGroup] = field(default_factory=list)
    xsd_errors: list[tuple[int | None, str]] = field(default_factory=list)
    is_representation: bool = False


def _parser_kwargs() -> dict:
    return {
        "resolve_entities": False,
        "no_network": True,
        "load_dtd": False,
        "huge_tree": False,
        "remove_comments": True,
        "remove_pis": True,
    }


def _file_entry(elem: etree._Element, group: FileGroup | None) -> FileEntry:
    flocats = []
    has_fcontent = False
    for child in elem:
        if child.tag == TAG_FLOCAT:
            flocats.append(dict(child.attrib))
        elif child.tag == f"{M}FContent":
            has_fcontent = True
    attrs = dict(elem.attrib)
    return FileEntry(
        attrs=attrs,
        flocats=flocats,
        group_use=group.attrs.get("USE") if group else None,
        group_id=group.attrs.get("ID") if group else None,
        line=elem.sourceline,
        has_fcontent=has_fcontent,
    )


def parse_mets(path: Path, label: str, base_dir: str, validate_schema: bool = True) -> MetsDocument:
    """Parse ``path`` safely; raise :class:`MetsParseError` when it is unsafe or not XML."""
    kwargs = _parser_kwargs()
    if validate_schema:
        kwargs["schema"] = mets_schema()
    if _has_doctype(path):
        raise MetsParseError("XML_DOCTYPE")
    # libxml2 reports schema-validation errors of iterparse to lxml's thread-wide error log, and
    # the exception's error_log is a copy of all of it: without clearing, one package's errors
    # (another kommun's, in a worker) would appear in the next package's report.
    etree.clear_error_log()
    # Only file groups and files need Python callbacks; everything else stays in C.
    events = etree.iterparse(str(path), events=("start", "end"), tag=(TAG_FILEGRP, TAG_FILE), **kwargs)
    doc = None
    group_stack: list[FileGroup] = []
    try:
        for event, elem in events:
            if doc is None:
                doc = _new_document(elem.getroottree().getroot(), label, base_dir)
            if event == "start":
                if elem.tag == TAG_FILEGRP:
                    group = FileGroup(
                        element=elem, attrs=dict(elem.attrib), line=elem.sourceline, nested=bool(group_stack)
                    )
                    group_stack.append(group)
                    doc.groups.append(group)
                continue
            if elem.tag == TAG_FILE:
                parent = elem.getparent()
                if parent is not None and parent.tag == TAG_FILEGRP:
                    group = group_stack[-1] if group_stack else None
                    doc.files.append(_file_entry(elem, group))
                    for outer in group_stack:
                        outer.file_count += 1
                    elem.clear(keep_tail=False)
                    while elem.getprevious() is not None:
                        del parent[0]
            elif group_stack:
                group_stack.pop()
        if doc is None:
            doc = _new_document(events.root, label, base_dir)
    except MetsParseError:
        raise
    except etree.XMLSyntaxError as exc:
        own = {str(path), None, "", "<string>"}
        log = [e for e in exc.error_log if e.filename in own]
        # libxml2's I/O messages name the file on the server: those become a Swedish description.
        parse_errors = [e for e in log if e.domain_name not in ("SCHEMASV", "SCHEMASP", "IO")]
        if doc is None and not parse_errors and getattr(events, "root", None) is not None:
            doc = _new_document(events.root, label, base_dir)
        if parse_errors or doc is None:
            first = parse_errors[0] if parse_errors else None
            raise MetsParseError(
                "XML_SYNTAX",
                detail=(first.message if first else failure_detail(exc))[:300],
                line=first.line if first else None,
            ) from exc
        doc.xsd_errors = [(e.line, e.message) for e in log if e.domain_name == "SCHEMASV"][:_MAX_XSD_ERRORS]
    except (OSError, ValueError) as exc:
        raise MetsParseError("XML_SYNTAX", detail=failure_detail(exc)) from exc
    if doc is None:
        raise MetsParseError("XML_SYNTAX", detail=gettext_noop("tomt dokument"))
    return doc


def _has_doctype(path: Path) -> bool:
    """True when the prolog (everything before the root start tag) declares a DOCTYPE or entity."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(256 * 1024)
    except OSError:
        return False
    match = _FIRST_ELEMENT.search(head)
    prolog = head[: match.start()] if match else head
    return b"<!DOCTYPE" in prolog.upper() or b"<!ENTITY" in prolog.upper()


def _new_document(root, label: str, base_dir: str) -> MetsDocument:
    """Start a document record, refusing DOCTYPEs the prolog scan could not see (e.g. UTF-16)."""
    if root is None:
        raise MetsParseError("XML_SYNTAX", detail=gettext_noop("tomt dokument"))
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.system_url:
        raise MetsParseError("XML_DOCTYPE", line=root.sourceline)
    return MetsDocument(label=label, base_dir=base_dir, root=root)


def text_of(elem: etree._Element | None) -> str:
    """Stripped text content of an element ('' when missing)."""
    if elem is None:
        return ""
    return "".join(elem.itertext()).strip()


def xpath_of(elem: etree._Element) -> str:
    """A short, readable path like ``/mets/metsHdr/agent[2]`` for locations."""
    parts = []
    node = elem
    while node is not None and isinstance(node.tag, str):
        name = etree.QName(node).localname
        parent = node.getparent()
        if parent is not None:
            same = [c for c in parent if c.tag == node.tag]
            if len(same) > 1:
                name += f"[{same.index(node) + 1}]"
        parts.append(name)
        node = parent
    return "/" + "/".join(reversed(parts))
