"""E-ARK SIP 2.1.0 requirements (SIP1-SIP35) on top of CSIP.

Agents in ``metsHdr`` are classified by role: the CSIP software agent (checked in
:mod:`.csip_header`), the archival creator (ROLE=CREATOR, TYPE=ORGANIZATION), the
submitting agent (ROLE=OTHER, OTHERROLE=SUBMITTER), contact persons (ROLE=CREATOR,
TYPE=INDIVIDUAL) and the preservation agent (ROLE=PRESERVATION).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

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
# Cardinality 0..1 in the profile: the current agreement and the current reference code.
_SINGLE_ALT_IDS = ("SUBMISSIONAGREEMENT", "REFERENCECODE")
IDENTIFICATIONCODE = "IDENTIFICATIONCODE"
# The roles METS allows for an agent (mets.xsd, agent/@ROLE).
METS_AGENT_ROLES = frozenset(
    ["CREATOR", "EDITOR", "ARCHIVIST", "PRESERVATION", "DISSEMINATOR", "CUSTODIAN", "IPOWNER", "OTHER"]
)
_PRONOM_KEY = re.compile(r"^(x-)?(fmt|sfw|chr)/\d+$")


@lru_cache(maxsize=256)
def _pronom_key(key: str) -> bool:
    """True for a PRONOM identifier (fmt/18, x-fmt/111); cached, a package uses a few."""
    return bool(_PRONOM_KEY.match(key))


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
    elif status not in res.vocabulary(res.RECORD_STATUS):
        ctx.info("SIP3", "VOCAB_INVALID", hdr, attr="RECORDSTATUS", value=status, vocab="RecordStatus")
    ptype = hdr.get(f"{CS}OAISPACKAGETYPE")
    if ptype is None:
        ctx.error("SIP4", "ATTR_MISSING", hdr, attr="csip:OAISPACKAGETYPE", element="metsHdr")
    elif ptype != "SIP":
        ctx.error("SIP4", "ATTR_VALUE", hdr, attr="csip:OAISPACKAGETYPE", value=ptype, expected="SIP")
    _check_alt_record_ids(ctx, hdr)
    _check_agents(ctx, hdr)


def _check_alt_record_ids(ctx: CheckContext, hdr) -> None:
    """SIP5-SIP8 (MAY): used altRecordIDs carry text; the current agreement and code occur once."""
    alts = children(hdr, "altRecordID")
    for req, kind in _ALT_IDS:
        found = [a for a in alts if a.get("TYPE") == kind]
        if not found:
            ctx.info(req, "ALTRECORDID_MISSING", hdr, kind=kind)
        for alt in found:
            if not text_of(alt):
                ctx.info(req, "ALTRECORDID_EMPTY", alt, kind=kind)
        if kind in _SINGLE_ALT_IDS and len(found) > 1:
            ctx.info(req, "ALTRECORDID_MANY", found[1], kind=kind)


def _check_identification_notes(ctx: CheckContext, agent, req: str) -> None:
    for note in children(agent, "note"):
        if note.get(f"{CS}NOTETYPE") != IDENTIFICATIONCODE:
            ctx.error(req, "AGENT_NOTETYPE_ID", note, value=note.get(f"{CS}NOTETYPE") or "")


def _check_may_children(ctx: CheckContext, agent, name_req: str, note_req: str, name_one: bool, note_one: bool):
    """The MAY name/note children of an SIP agent: when used they carry text, and occur once if so ruled."""
    names = children(agent, "name")
    if name_one and not names:
        ctx.info(name_req, "SIP_AGENT_NAME", agent)
    if name_one and len(names) > 1:
        ctx.info(name_req, "SIP_AGENT_MANY", names[1], element="name")
    for name in names:
        if not text_of(name):
            ctx.info(name_req, "SIP_AGENT_EMPTY", name, element="name")
    notes = children(agent, "note")
    if note_one and len(notes) > 1:
        ctx.info(note_req, "SIP_AGENT_MANY", notes[1], element="note")
    for note in notes:
        if not text_of(note):
            ctx.info(note_req, "SIP_AGENT_EMPTY", note, element="note")


def _has_identification(agent) -> bool:
    return any(n.get(f"{CS}NOTETYPE") == IDENTIFICATIONCODE for n in children(agent, "note"))


def classify_agents(hdr) -> dict[str, list]:
    """The SIP agents of a metsHdr by kind (the CSIP software agent is left out).

    ROLE=CREATOR with TYPE=INDIVIDUAL is a contact person unless it carries an
    IDENTIFICATIONCODE note (then it is an archival creator who is a person, SIP11);
    OTHERROLE=SUBMITTER marks the submitting agent whatever its ROLE (SIP16 checks the ROLE).
    An agent without a ROLE from METS' list is reported under SIP10, the first role rule.
    """
    software = software_agent(hdr)
    kinds = {"creator": [], "submitter": [], "contact": [], "preservation": [], "no_role": []}
    for agent in children(hdr, "agent"):
        if agent is software:
            continue
        role, kind = agent.get("ROLE"), agent.get("TYPE")
        if (agent.get("OTHERROLE") or "").strip() == "SUBMITTER":
            kinds["submitter"].append(agent)
        elif role is None or role.strip() not in METS_AGENT_ROLES:
            kinds["no_role"].append(agent)
        elif role == "CREATOR" and kind == "INDIVIDUAL" and not _has_identification(agent):
            kinds["contact"].append(agent)
        elif role == "CREATOR":
            kinds["creator"].append(agent)
        elif role == "PRESERVATION":
            kinds["preservation"].append(agent)
    return kinds


def _check_agents(ctx: CheckContext, hdr) -> None:
    kinds = classify_agents(hdr)
    for agent in kinds["no_role"]:
        if agent.get("ROLE") is None:
            ctx.error("SIP10", "ATTR_MISSING", agent, attr="ROLE", element="agent")
        else:
            ctx.error("SIP10", "VOCAB_INVALID", agent, attr="ROLE", value=agent.get("ROLE"), vocab="METS agent ROLE")
    creators = kinds["creator"]
    if not creators:
        ctx.info("SIP9", "SIP_AGENT_MAY_MISSING", hdr, agent="arkivbildare (ROLE=CREATOR, TYPE=ORGANIZATION)")
    elif len(creators) > 1:
        ctx.info("SIP9", "SIP_AGENT_MANY_AGENTS", creators[1], agent="arkivbildare")
    for agent in creators:
        if agent.get("TYPE") not in ("ORGANIZATION", "INDIVIDUAL"):
            ctx.error(
                "SIP11", "SIP_AGENT_TYPE", agent, value=agent.get("TYPE") or "", expected="ORGANIZATION/INDIVIDUAL"
            )
        _check_may_children(ctx, agent, "SIP12", "SIP13", name_one=False, note_one=True)
        _check_identification_notes(ctx, agent, "SIP14")
    submitters = kinds["submitter"]
    if not submitters:
        ctx.error("SIP15", "SIP_SUBMITTER_MISSING", hdr)
    elif len(submitters) > 1:
        ctx.error("SIP15", "SIP_SUBMITTER_MANY", submitters[1], count=len(submitters))
    for agent in submitters:
        if agent.get("ROLE") != "OTHER":
            ctx.error("SIP16", "SIP_AGENT_ROLE", agent, value=agent.get("ROLE") or "", expected="OTHER")
        if agent.get("TYPE") not in ("ORGANIZATION", "INDIVIDUAL"):
            ctx.error(
                "SIP17", "SIP_AGENT_TYPE", agent, value=agent.get("TYPE") or "", expected="ORGANIZATION/INDIVIDUAL"
            )
        _check_may_children(ctx, agent, "SIP18", "SIP19", name_one=True, note_one=True)
        _check_identification_notes(ctx, agent, "SIP20")
    if not kinds["contact"]:
        ctx.info("SIP21", "SIP_AGENT_MAY_MISSING", hdr, agent="kontaktperson (ROLE=CREATOR, TYPE=INDIVIDUAL)")
    for agent in kinds["contact"]:
        if not any(text_of(n) for n in children(agent, "name")):
            ctx.error("SIP24", "SIP_AGENT_NAME", agent)
        for note in children(agent, "note"):
            if not text_of(note):
                ctx.info("SIP25", "SIP_AGENT_EMPTY", note, element="note")
    preservers = kinds["preservation"]
    if not preservers:
        ctx.info("SIP26", "SIP_AGENT_MAY_MISSING", hdr, agent="bevarandeorganisation (ROLE=PRESERVATION)")
    elif len(preservers) > 1:
        ctx.info("SIP26", "SIP_AGENT_MANY_AGENTS", preservers[1], agent="bevarandeorganisation")
    for agent in preservers:
        if agent.get("TYPE") != "ORGANIZATION":
            ctx.error("SIP28", "SIP_AGENT_TYPE", agent, value=agent.get("TYPE") or "", expected="ORGANIZATION")
        _check_may_children(ctx, agent, "SIP29", "SIP30", name_one=True, note_one=True)
        _check_identification_notes(ctx, agent, "SIP31")


def check_sip_files(ctx: CheckContext) -> None:
    """SIP32-SIP35: optional file format attributes.

    A MAY attribute that no file in the document uses gives one info finding; an
    attribute that is used but left empty gives one (aggregated) warning, as the DILCIS
    test corpus grades it.  A registry key needs its registry (SIP35), and a PRONOM key
    has PRONOM's form (fmt/n, x-fmt/n); a version needs the format's name (SIP33).
    """
    name_key, version_key, registry_key, key_key = (f"{_SIP}{attr}" for _req, attr in _FILE_ATTRS)
    used = [0, 0, 0, 0]
    empty = [0, 0, 0, 0]
    wrong = Counter()
    for entry in ctx.doc.files:
        attrs = entry.attrs
        values = (attrs.get(name_key), attrs.get(version_key), attrs.get(registry_key), attrs.get(key_key))
        for pos, value in enumerate(values):
            if value is not None:
                used[pos] += 1
                if not value.strip():
                    empty[pos] += 1
        name, version, registry, format_key = values
        if version and version.strip() and not (name and name.strip()):
            wrong["SIP33"] += 1
        if format_key and format_key.strip():
            registry = (registry or "").strip()
            if not registry or (registry.upper() == "PRONOM" and not _pronom_key(format_key.strip())):
                wrong["SIP35"] += 1
    if not ctx.doc.files:
        return
    where = f"{ctx.doc.label}: /mets/fileSec/fileGrp/file"
    for pos, (req, attr) in enumerate(_FILE_ATTRS):
        if not used[pos]:
            ctx.report.add(req, INFO, "SIP_FILE_ATTR_UNUSED", where, attr=f"sip:{attr}")
        if empty[pos]:
            ctx.report.add(req, WARNING, "SIP_FILE_ATTR_EMPTY", where, attr=f"sip:{attr}", count=empty[pos])
    if wrong["SIP33"]:
        ctx.report.add("SIP33", INFO, "SIP_VERSION_WITHOUT_NAME", where, count=wrong["SIP33"])
    if wrong["SIP35"]:
        ctx.report.add("SIP35", INFO, "SIP_KEY_WRONG", where, count=wrong["SIP35"])
