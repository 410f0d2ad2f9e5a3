"""CSIP requirements for the ``mets`` root element and ``metsHdr`` (CSIP1-CSIP16, CSIP117)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from . import resources as res
from .context import CS, CheckContext, children, is_datetime, parse_datetime
from .mets import M, text_of

# Clock skew we tolerate before calling a LASTMODDATE "in the future" (time zones).
_FUTURE_SLACK = timedelta(hours=26)
# The NoteType vocabulary term of the software agent's version note (CSIP16).
SOFTWARE_VERSION = "SOFTWARE VERSION"


def check_root(ctx: CheckContext) -> None:
    """CSIP1-CSIP6: identifier, content category, content information type, profile."""
    root = ctx.root
    objid = ctx.require_attr(root, "OBJID", "CSIP1", "OBJID")
    if objid is not None:
        # CSIP1's text: the package METS' OBJID should be the package (root folder) name, a
        # representation METS' OBJID the representation folder's name.
        expected = ctx.doc.base_dir.rstrip("/").rsplit("/", 1)[-1] if ctx.doc.is_representation else ctx.index.name
        if expected and objid != expected:
            ctx.warning("CSIP1", "OBJID_NOT_FOLDER", root, value=objid, folder=expected)
    check_content_category(ctx, root)
    cit = root.get(f"{CS}CONTENTINFORMATIONTYPE")
    if cit is None:
        if ctx.doc.is_representation:
            ctx.error("CSIP4", "CIT_MISSING_REP", root)
        else:
            ctx.warning("CSIP4", "CIT_MISSING_ROOT", root)
    if cit is None or check_cit_value(ctx, root, cit, "CSIP4"):
        check_cit(ctx, root, cit, "CSIP4", "CSIP5")
    profile = ctx.require_attr(root, "PROFILE", "CSIP6", "PROFILE")
    if profile is not None and not is_url(profile):
        ctx.error("CSIP6", "PROFILE_NOT_URL", root, value=profile[:200])


def is_url(value: str) -> bool:
    """True for an absolute URL (http/https with a host, or a URN)."""
    value = value.strip()
    parts = urlsplit(value)
    if " " in value:
        return False
    if parts.scheme.lower() == "urn":
        return bool(parts.path)
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def check_content_category(ctx: CheckContext, root) -> None:
    """CSIP2 (TYPE from the ContentCategory vocabulary, OTHER with csip:OTHERTYPE) and CSIP3.

    The CSIP2 text itself says a category outside the vocabulary is TYPE="OTHER" with the
    value in csip:OTHERTYPE, so a missing or empty csip:OTHERTYPE is a CSIP2 error (as the
    DILCIS test corpus grades it).  CSIP3's text adds MUST clauses: csip:OTHERTYPE belongs
    to TYPE="OTHER" only and holds a category that is *not* in the vocabulary.
    """
    mets_type = ctx.require_attr(root, "TYPE", "CSIP2", "TYPE")
    if mets_type is None:
        return
    other = root.get(f"{CS}OTHERTYPE")
    terms = res.vocabulary(res.CONTENT_CATEGORY)
    if mets_type.upper() != "OTHER":
        if mets_type not in terms:
            ctx.error("CSIP2", "VOCAB_INVALID", root, attr="TYPE", value=mets_type, vocab="ContentCategory")
        if other is not None:
            ctx.error("CSIP3", "OTHER_WITHOUT_BASE", root, attr="csip:OTHERTYPE", base="TYPE", value=mets_type)
        return
    if other is None:
        ctx.error("CSIP2", "OTHER_MISSING", root, attr="csip:OTHERTYPE", base="TYPE")
    elif not other.strip():
        ctx.error("CSIP2", "ATTR_EMPTY", root, attr="csip:OTHERTYPE", element="mets")
    elif other.strip() in terms and other.strip().upper() != "OTHER":
        ctx.error("CSIP3", "OTHER_IN_VOCAB", root, attr="csip:OTHERTYPE", value=other, vocab="ContentCategory")


def check_cit(ctx: CheckContext, elem, cit: str | None, req: str | None, other_req: str) -> None:
    """A csip:CONTENTINFORMATIONTYPE value (``req``) and its OTHER companion attribute (``other_req``).

    ``other_req`` (CSIP5 on mets, CSIP63 on fileGrp) is a MAY requirement whose text has MUST
    clauses: with CONTENTINFORMATIONTYPE="OTHER" the csip:OTHERCONTENTINFORMATIONTYPE must
    exist, have a value and not be a vocabulary term; without OTHER it must not be there.
    On the mets element the DILCIS test corpus also grades a missing companion under CSIP4
    (the type is then not declared at all), so ``req`` is given for the root only.
    """
    terms = res.vocabulary(res.CONTENT_INFORMATION_TYPE)
    other = elem.get(f"{CS}OTHERCONTENTINFORMATIONTYPE")
    attr = "csip:OTHERCONTENTINFORMATIONTYPE"
    element = elem.tag.split("}")[-1]
    if cit is not None and cit.strip() == "OTHER":
        for ident in (req, other_req):
            if ident is None:
                continue
            if other is None:
                ctx.error(ident, "OTHER_MISSING", elem, attr=attr, base="csip:CONTENTINFORMATIONTYPE")
            elif not other.strip():
                ctx.error(ident, "ATTR_EMPTY", elem, attr=attr, element=element)
        if other is not None and other.strip() in terms:
            ctx.error(other_req, "OTHER_IN_VOCAB", elem, attr=attr, value=other, vocab="ContentInformationType")
    elif other is not None:
        ctx.error(other_req, "OTHER_WITHOUT_BASE", elem, attr=attr, base="csip:CONTENTINFORMATIONTYPE", value=cit or "")


def check_cit_value(ctx: CheckContext, elem, cit: str, req: str) -> bool:
    """The csip:CONTENTINFORMATIONTYPE value is a term of the vocabulary (``req``); False when not."""
    if cit.strip() in res.vocabulary(res.CONTENT_INFORMATION_TYPE):
        return True
    ctx.error(req, "VOCAB_INVALID", elem, attr="csip:CONTENTINFORMATIONTYPE", value=cit, vocab="ContentInformationType")
    return False


def check_header(ctx: CheckContext) -> None:
    """CSIP117, CSIP7-CSIP16: the package header and the mandatory software agent."""
    headers = children(ctx.root, "metsHdr")
    if not headers:
        ctx.error("CSIP117", "HDR_MISSING", ctx.root)
        return
    hdr = headers[0]
    created = ctx.require_attr(hdr, "CREATEDATE", "CSIP7", "CREATEDATE")
    if created is not None and not is_datetime(created):
        ctx.error("CSIP7", "DATETIME_INVALID", hdr, attr="CREATEDATE", value=created)
    lastmod = hdr.get("LASTMODDATE")
    if lastmod is None:
        ctx.warning("CSIP8", "LASTMODDATE_MISSING", hdr)
    else:
        when = parse_datetime(lastmod)
        made = parse_datetime(created) if created else None
        if when is None:
            ctx.error("CSIP8", "DATETIME_INVALID", hdr, attr="LASTMODDATE", value=lastmod)
        elif when > datetime.now(UTC) + _FUTURE_SLACK:
            ctx.error("CSIP8", "LASTMODDATE_FUTURE", hdr, value=lastmod)
        elif made is not None and when < made:
            ctx.warning("CSIP8", "LASTMODDATE_BEFORE_CREATE", hdr, value=lastmod, created=created)
    ptype = ctx.require_attr(hdr, f"{CS}OAISPACKAGETYPE", "CSIP9", "csip:OAISPACKAGETYPE")
    if ptype is not None and ptype not in res.vocabulary(res.OAIS_PACKAGE_TYPE):
        ctx.error("CSIP9", "VOCAB_INVALID", hdr, attr="csip:OAISPACKAGETYPE", value=ptype, vocab="OAISPackageType")
    check_software_agent(ctx, hdr)


def _agent_conditions(agent) -> dict[str, bool]:
    names = children(agent, "name")
    notes = children(agent, "note")
    return {
        "CSIP11": agent.get("ROLE") == "CREATOR",
        "CSIP12": agent.get("TYPE") == "OTHER",
        "CSIP13": agent.get("OTHERTYPE") in res.vocabulary(res.AGENT_OTHER_TYPE),
        "CSIP14": len(names) == 1 and bool(text_of(names[0])),
        "CSIP15": bool(notes),
        "CSIP16": any(n.get(f"{CS}NOTETYPE") == SOFTWARE_VERSION for n in notes),
    }


def software_agent(hdr):
    """The agent that best matches the CSIP software agent (None when there are no agents)."""
    agents = children(hdr, "agent")
    if not agents:
        return None
    scored = []
    for pos, agent in enumerate(agents):
        cond = _agent_conditions(agent)
        # Identity first (OTHERTYPE=SOFTWARE, TYPE=OTHER), then completeness.
        weight = 4 * cond["CSIP13"] + 2 * cond["CSIP12"] + sum(cond.values())
        scored.append((weight, -pos, agent))
    return max(scored, key=lambda t: (t[0], t[1]))[2]


def check_software_agent(ctx: CheckContext, hdr) -> None:
    """CSIP10-CSIP16 on the agent that is meant to be the creating software."""
    agent = software_agent(hdr)
    if agent is None:
        ctx.error("CSIP10", "AGENT_MISSING", hdr)
        return
    cond = _agent_conditions(agent)
    if not cond["CSIP11"]:
        ctx.error("CSIP11", "AGENT_ATTR", agent, attr="ROLE", value="CREATOR")
    if not cond["CSIP12"]:
        ctx.error("CSIP12", "AGENT_ATTR", agent, attr="TYPE", value="OTHER")
    if not cond["CSIP13"]:
        ctx.error("CSIP13", "AGENT_ATTR", agent, attr="OTHERTYPE", value="SOFTWARE")
    names = children(agent, "name")
    if not names:
        ctx.error("CSIP14", "AGENT_NAME_MISSING", agent)
    elif len(names) > 1:
        ctx.error("CSIP14", "AGENT_NAME_MANY", agent)
    elif not text_of(names[0]):
        ctx.error("CSIP14", "AGENT_NAME_EMPTY", names[0])
    notes = children(agent, "note")
    if not notes:
        ctx.error("CSIP15", "AGENT_NOTE_MISSING", agent)
        return
    if len(notes) > 1:
        ctx.error("CSIP15", "AGENT_NOTE_MANY", notes[1], count=len(notes))
    if not any(text_of(n) for n in notes):
        ctx.error("CSIP15", "AGENT_NOTE_EMPTY", notes[0])
    if not cond["CSIP16"]:
        note = notes[0]
        if all(n.get(f"{CS}NOTETYPE") is None for n in notes):
            ctx.error("CSIP16", "ATTR_MISSING", note, attr="csip:NOTETYPE", element="note")
        else:
            ctx.error("CSIP16", "AGENT_NOTETYPE", note, value=note.get(f"{CS}NOTETYPE") or "")


METS_ELEMENT = f"{M}mets"
