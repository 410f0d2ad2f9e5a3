"""E-ARK SIP 2.1.0 requirements (SIP1-SIP35) on top of CSIP.

Agents in ``metsHdr`` are classified by role: the CSIP software agent (checked in
:mod:`.csip_header`), the archival creator (ROLE=CREATOR, TYPE=ORGANIZATION), the
submitting agent (ROLE=OTHER, OTHERROLE=SUBMITTER), contact persons (ROLE=CREATOR,
TYPE=INDIVIDUAL) and the preservation agent (ROLE=PRESERVATION).
"""

from __future__ import annotations

from collections import Counter

from . import resources as res
from .context import CS, CheckContext, children
from .csip_header import software_agent
from .mets import text_of
from .report import INFO, WARNING

SIP_PROFILE = "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml"
_ALT_IDS = (
    ("SIP5", "SUBMISSIONAGREEMENT"),
    ("SIP6", "PREVIOUSSUBMISSIONAGREEMENT"),
    ("SIP7", "REFERENCECODE"),
    ("SIP8", "PREVIOUSREFERENCECODE"),
)
_FILE_ATTRS = (
    ("SIP32", "FILEFORMATNAME"),
    ("SIP33", "FILEFORMATVERSION"),
    ("SIP34", "FILEFORMATREGISTRY"),
    ("SIP35", "FILEFORMATKEY"),
)
_SIP = f"{{{res.SIP_NS}}}"


def check_sip_root(ctx: CheckContext) -> None:
    """SIP1, SIP2 and the metsHdr requirements SIP3-SIP31 (package METS only)."""
    root = ctx.root
    if not (root.get("LABEL") or "").strip():
        ctx.info("SIP1", "MAY_ATTR_MISSING", root, attr="LABEL", element="mets")
    profile = root.get("PROFILE")
    if profile is None:
        ctx.error("SIP2", "ATTR_MISSING", root, attr="PROFILE", element="mets")
    elif profile.strip() != SIP_PROFILE:
        ctx.error("SIP2", "SIP_PROFILE", root, value=profile, expected=SIP_PROFILE)
    headers = children(root, "metsHdr")
    if not headers:
        return
    hdr = headers[0]
    status = hdr.get("RECORDSTATUS")
    if status is None:
        ctx.info("SIP3", "MAY_ATTR_MISSING", hdr, attr="RECORDSTATUS", element="metsHdr")
    elif status not in res.vocabulary(res.RECORD_STATUS) and status != "REPLACEMENT":
        ctx.error("SIP3", "VOCAB_INVALID", hdr, attr="RECORDSTATUS", value=status, vocab="RecordStatus")
    ptype = hdr.get(f"{CS}OAISPACKAGETYPE")
    if ptype is None:
        ctx.error("SIP4", "ATTR_MISSING", hdr, attr="csip:OAISPACKAGETYPE", element="metsHdr")
    elif ptype != "SIP":
        ctx.error("SIP4", "ATTR_VALUE", hdr, attr="csip:OAISPACKAGETYPE", value=ptype, expected="SIP")
    _check_alt_record_ids(ctx, hdr)
    _check_agents(ctx, hdr)


def _check_alt_record_ids(ctx: CheckContext, hdr) -> None:
    alts = children(hdr, "altRecordID")
    for req, kind in _ALT_IDS:
        found = [a for a in alts if a.get("TYPE") == kind]
        if not found:
            ctx.info(req, "ALTRECORDID_MISSING", hdr, kind=kind)
        for alt in found:
            if not text_of(alt):
                ctx.warning(req, "ALTRECORDID_EMPTY", alt, kind=kind)
    if sum(1 for a in alts if a.get("TYPE") == "SUBMISSIONAGREEMENT") > 1:
        ctx.warning("SIP5", "ALTRECORDID_MANY", hdr, kind="SUBMISSIONAGREEMENT")


def _check_identification_notes(ctx: CheckContext, agent, req: str) -> None:
    for note in children(agent, "note"):
        if note.get(f"{CS}NOTETYPE") != "IDENTIFICATIONCODE":
            ctx.error(req, "AGENT_NOTETYPE_ID", note, value=note.get(f"{CS}NOTETYPE") or "")


def _check_agents(ctx: CheckContext, hdr) -> None:
    software = software_agent(hdr)
    agents = [a for a in children(hdr, "agent") if a is not software]
    creators, submitters, contacts, preservers = [], [], [], []
    for agent in agents:
        role, kind = agent.get("ROLE"), agent.get("TYPE")
        if role is None:
            ctx.error("SIP10", "ATTR_MISSING", agent, attr="ROLE", element="agent")
        elif role == "CREATOR" and kind == "INDIVIDUAL":
            contacts.append(agent)
        elif role == "CREATOR":
            creators.append(agent)
        elif role == "OTHER" and agent.get("OTHERROLE") == "SUBMITTER":
            submitters.append(agent)
        elif role == "PRESERVATION":
            preservers.append(agent)
    if not creators:
        ctx.info("SIP9", "SIP_AGENT_MAY_MISSING", hdr, agent="arkivbildare (ROLE=CREATOR, TYPE=ORGANIZATION)")
    for agent in creators:
        if agent.get("TYPE") not in ("ORGANIZATION", "INDIVIDUAL"):
            ctx.error("SIP11", "SIP_AGENT_TYPE", agent, value=agent.get("TYPE") or "", expected="ORGANIZATION")
        _check_identification_notes(ctx, agent, "SIP14")
    if not submitters:
        ctx.error("SIP15", "SIP_SUBMITTER_MISSING", hdr)
    for agent in submitters:
        if agent.get("TYPE") not in ("ORGANIZATION", "INDIVIDUAL"):
            ctx.error(
                "SIP17", "SIP_AGENT_TYPE", agent, value=agent.get("TYPE") or "", expected="ORGANIZATION/INDIVIDUAL"
            )
        if not text_of(agent.find(f"{{{res.METS_NS}}}name")):
            ctx.warning("SIP18", "SIP_AGENT_NAME", agent)
        _check_identification_notes(ctx, agent, "SIP20")
    if not contacts:
        ctx.info("SIP21", "SIP_AGENT_MAY_MISSING", hdr, agent="kontaktperson (ROLE=CREATOR, TYPE=INDIVIDUAL)")
    for agent in contacts:
        if not text_of(agent.find(f"{{{res.METS_NS}}}name")):
            ctx.error("SIP24", "SIP_AGENT_NAME", agent)
    if not preservers:
        ctx.info("SIP26", "SIP_AGENT_MAY_MISSING", hdr, agent="bevarandeorganisation (ROLE=PRESERVATION)")
    for agent in preservers:
        if agent.get("TYPE") != "ORGANIZATION":
            ctx.error("SIP28", "SIP_AGENT_TYPE", agent, value=agent.get("TYPE") or "", expected="ORGANIZATION")
        _check_identification_notes(ctx, agent, "SIP31")


def check_sip_files(ctx: CheckContext) -> None:
    """SIP32-SIP35: optional file format attributes.

    A MAY attribute that no file in the document uses gives one info finding; an
    attribute that is used but left empty gives one (aggregated) warning.
    """
    used = Counter()
    empty = Counter()
    for entry in ctx.doc.files:
        for req, attr in _FILE_ATTRS:
            value = entry.attrs.get(f"{_SIP}{attr}")
            if value is not None:
                used[(req, attr)] += 1
                if not value.strip():
                    empty[(req, attr)] += 1
    if not ctx.doc.files:
        return
    where = f"{ctx.doc.label}: /mets/fileSec/fileGrp/file"
    for req, attr in _FILE_ATTRS:
        if not used[(req, attr)]:
            ctx.report.add(req, INFO, "SIP_FILE_ATTR_UNUSED", where, attr=f"sip:{attr}")
        if empty[(req, attr)]:
            ctx.report.add(req, WARNING, "SIP_FILE_ATTR_EMPTY", where, attr=f"sip:{attr}", count=empty[(req, attr)])
