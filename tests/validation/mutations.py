"""One violating change per machine-checkable requirement, applied to the valid package of
:mod:`.builder`.

Each :class:`Mutation` names the requirement it breaks, the severity the finding must have
(the requirement's level, or ``error`` where the requirement's text has a MUST clause the
table documents), and ``also``: the other requirement ids the same change cannot help
breaking (for example METS-XSD when the METS schema itself fixes a value).  The test
asserts the violating package reports exactly ``{requirement} | also`` and the untouched
package does not report the requirement.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .builder import NS, REP_METS, Package, add_representation

XL = f"{{{NS['xlink']}}}"
CS = f"{{{NS['csip']}}}"
SP = f"{{{NS['sip']}}}"

# Elements of the package METS (P) and the representation METS (R).
SOFTWARE = "//m:agent[@OTHERTYPE='SOFTWARE']"
CREATOR = "//m:agent[@ROLE='CREATOR'][@TYPE='ORGANIZATION']"
SUBMITTER = "//m:agent[@OTHERROLE='SUBMITTER']"
CONTACT = "//m:agent[@TYPE='INDIVIDUAL']"
PRESERVER = "//m:agent[@ROLE='PRESERVATION']"
MD_DIV = "//m:div[@LABEL='Metadata']"


@dataclass(frozen=True)
class Mutation:
    """A change to the valid package that violates ``req`` (reported at ``severity``)."""

    req: str
    severity: str
    name: str
    apply: Callable[[Package], None]
    also: frozenset[str] = frozenset()


def setattrs(xpath: str, rep: bool = False, **attrs) -> Callable[[Package], None]:
    """Set (value str) or delete (value None) attributes; ``csip_``/``sip_``/``xlink_`` prefixes map to namespaces."""

    def apply(p: Package) -> None:
        elem = p.rel(xpath) if rep else p.el(xpath)
        for key, value in attrs.items():
            for prefix, ns in (("csip_", CS), ("sip_", SP), ("xlink_", XL)):
                if key.startswith(prefix):
                    key = ns + key[len(prefix) :]
            if value is None:
                elem.attrib.pop(key, None)
            else:
                elem.set(key, value)

    return apply


def settext(xpath: str, text: str, rep: bool = False) -> Callable[[Package], None]:
    def apply(p: Package) -> None:
        (p.rel(xpath) if rep else p.el(xpath)).text = text

    return apply


def steps(*fns: Callable[[Package], None]) -> Callable[[Package], None]:
    def apply(p: Package) -> None:
        for fn in fns:
            fn(p)

    return apply


def remove(xpath: str, rep: bool = False) -> Callable[[Package], None]:
    return lambda p: p.remove(xpath, p.rep if rep else None)


def add(parent: str, xml: str, rep: bool = False, index: int | None = None) -> Callable[[Package], None]:
    return lambda p: p.add(parent, xml, p.rep if rep else None, index)


def drop_file(rel: str) -> Callable[[Package], None]:
    return lambda p: p.files.pop(rel)


def add_file(rel: str, data: bytes = b"<x/>\n") -> Callable[[Package], None]:
    return lambda p: p.files.__setitem__(rel, data)


def move_file(old: str, new: str) -> Callable[[Package], None]:
    return lambda p: p.files.__setitem__(new, p.files.pop(old))


def M(req, severity, name, apply, also=()):  # noqa: N802 - reads as a table
    return Mutation(req, severity, name, apply, frozenset(also))


def _section_mutations() -> list[Mutation]:
    """CSIP18-CSIP57: the same pattern for dmdSec, digiprovMD and rightsMD (package METS)."""
    out = []
    kinds = (
        # name, section, requirement numbers (ID, [CREATED], STATUS, mdRef, LOCTYPE, xlink:type, href, MDTYPE,
        # MIMETYPE, SIZE, CREATED, CHECKSUM, CHECKSUMTYPE), the metadata file
        ("dmdSec", "//m:dmdSec", range(18, 31), "metadata/descriptive/ead.xml"),
        ("digiprovMD", "//m:digiprovMD", [33, 34, 35, *range(36, 45)], "metadata/preservation/premis.xml"),
        ("rightsMD", "//m:rightsMD", [46, 47, 48, *range(49, 58)], "metadata/other/rights.xml"),
    )
    for name, sec, numbers, rel in kinds:
        ids = [f"CSIP{n}" for n in numbers]
        if name == "dmdSec":
            ident, created, status, mdref, loctype, xtype, href, mdtype, mime, size, mcreated, checksum, ctype = ids
            out.append(M(created, "error", "dmdSec utan CREATED", setattrs(sec, CREATED=None)))
        else:
            ident, status, mdref, loctype, xtype, href, mdtype, mime, size, mcreated, checksum, ctype = ids
        ref = f"{sec}/m:mdRef"
        rep_id = {"dmdSec": "dmd-ead", "digiprovMD": "digiprov-premis", "rightsMD": "rights"}[name]
        rep_xpath = {"dmdSec": "//m:dmdSec", "digiprovMD": "//m:digiprovMD", "rightsMD": "//m:rightsMD"}[name]
        rep_attr = "DMDID" if name == "dmdSec" else "ADMID"
        old_rep_id = {"dmdSec": "rep1-dmd", "digiprovMD": "rep1-digiprov", "rightsMD": "rep1-rights"}[name]

        def dup(p, rep_xpath=rep_xpath, rep_id=rep_id, rep_attr=rep_attr, old=old_rep_id):
            p.rel(rep_xpath).set("ID", rep_id)
            div = p.rel(MD_DIV)
            div.set(rep_attr, div.get(rep_attr).replace(old, rep_id))

        base = rel.rsplit("/", 1)[-1]
        # The file's DMDID/ADMID, the file group's ADMID (MAY, info) and the Metadata division's DMDID/ADMID
        # (SHOULD, warning) then name a section that has no ID.
        dangling = {
            "dmdSec": {"CSIP75", "CSIP92"},
            "digiprovMD": {"CSIP61", "CSIP74", "CSIP91"},
            "rightsMD": {"CSIP91"},
        }
        # Moving or losing the PREMIS file leaves metadata/preservation without a referenced file.
        preservation = {"CSIP32"} if name == "digiprovMD" else set()
        unreferenced = {"CSIP17"} if name == "dmdSec" else set()
        # A dmdSec whose file left metadata/descriptive leaves that folder empty (a CSIP17 warning).
        moved = {"CSIP17"} if name == "dmdSec" else set()
        out += [
            M(ident, "error", f"{name}: samma ID som i representationens METS-fil", dup),
            M(ident, "error", f"{name} utan ID", setattrs(sec, ID=None), also={"METS-XSD", *dangling[name]}),
            M(status, "warning", f"{name} utan STATUS", setattrs(sec, STATUS=None)),
            M(status, "error", f"{name} med STATUS utanför vokabulären", setattrs(sec, STATUS="OLD")),
            M(
                mdref,
                "warning",
                f"{name}/mdRef pekar utanför mappen metadata",
                steps(move_file(rel, f"{base}"), setattrs(ref, xlink_href=base)),
                preservation | moved,
            ),
            M(loctype, "error", f"{name}/mdRef LOCTYPE=OTHER", setattrs(ref, LOCTYPE="OTHER")),
            *(
                [
                    M(
                        mdref,
                        "error",
                        f"{name} utan mdRef fast metadatamappen har filer",
                        remove(ref),
                        {"FILE-UNDESCRIBED", "CSIP17" if name == "dmdSec" else "CSIP32"},
                    )
                ]
                if name != "rightsMD"
                else []
            ),
            M(xtype, "error", f"{name}/mdRef xlink:type=locator", setattrs(ref, xlink_type="locator"), {"METS-XSD"}),
            M(
                href,
                "error",
                f"{name}/mdRef pekar på en fil som saknas",
                setattrs(ref, xlink_href=rel + ".saknas"),
                {"FILE-UNDESCRIBED", *unreferenced, *preservation},
            ),
            M(mdtype, "error", f"{name}/mdRef MDTYPE=OTHER utan OTHERMDTYPE", setattrs(ref, MDTYPE="OTHER")),
            M(mime, "error", f"{name}/mdRef med ogiltig MIMETYPE", setattrs(ref, MIMETYPE="inte/en-typ")),
            M(size, "error", f"{name}/mdRef med fel SIZE", setattrs(ref, SIZE="9999")),
            M(mcreated, "error", f"{name}/mdRef utan CREATED", setattrs(ref, CREATED=None)),
            M(checksum, "error", f"{name}/mdRef med fel CHECKSUM", setattrs(ref, CHECKSUM="0" * 64)),
            M(ctype, "error", f"{name}/mdRef utan CHECKSUMTYPE", setattrs(ref, CHECKSUMTYPE=None)),
        ]
    return out


def _content_div(p: Package) -> None:
    """The package variant without a representation METS: rep1's data listed in the package METS
    and described by a div LABEL="Representations" (CSIP101-CSIP104, CSIP119)."""
    p.removed.add(REP_METS)
    for rel in [r for r in p.files if r.startswith("representations/rep1/metadata/")]:
        p.files.pop(rel)
    group = p.el("//m:fileGrp[@ID='grp-rep1']")
    file = group[0]
    file.set("ID", "file-data-1")
    file.set("SIZE", str(len(p.files["representations/rep1/data/protokoll.txt"])))
    import hashlib

    file.set("CHECKSUM", hashlib.sha256(p.files["representations/rep1/data/protokoll.txt"]).hexdigest())
    file.set("MIMETYPE", "text/plain")
    file[0].set(XL + "href", "representations/rep1/data/protokoll.txt")
    div = p.el("//m:div[@LABEL='Representations/rep1']")
    div.set("LABEL", "Representations")
    div.set("ID", "div-content")
    div.remove(div[0])
    p.add("//m:div[@ID='div-content']", '<fptr FILEID="grp-rep1"/>')


CONTENT = "//m:div[@LABEL='Representations']"
STR12 = {"CSIPSTR12"}  # the representation folder no longer has a METS.xml of its own (structure warning)


def mutations() -> list[Mutation]:
    """All mutations, at least one per machine-checkable requirement."""
    return [
        # Root element (CSIP1-CSIP6) and SIP additions (SIP1, SIP2)
        M("CSIP1", "error", "mets utan OBJID", setattrs("/m:mets", OBJID=None)),
        M("CSIP1", "warning", "OBJID är inte paketmappens namn", setattrs("/m:mets", OBJID="annat-namn")),
        M("CSIP1", "warning", "representationens OBJID är inte mappens namn", setattrs("/m:mets", True, OBJID="rep2")),
        M("CSIP2", "error", "TYPE utanför vokabulären", setattrs("/m:mets", TYPE="Protokoll")),
        M("CSIP2", "error", "TYPE=OTHER utan csip:OTHERTYPE", setattrs("/m:mets", TYPE="OTHER")),
        M(
            "CSIP3",
            "error",
            "csip:OTHERTYPE är en term ur vokabulären",
            setattrs("/m:mets", TYPE="OTHER", csip_OTHERTYPE="Datasets"),
        ),
        M("CSIP3", "error", "csip:OTHERTYPE utan TYPE=OTHER", setattrs("/m:mets", csip_OTHERTYPE="Protokoll")),
        M(
            "CSIP4",
            "error",
            "representationens METS utan CONTENTINFORMATIONTYPE",
            setattrs("/m:mets", True, csip_CONTENTINFORMATIONTYPE=None),
        ),
        M(
            "CSIP4",
            "warning",
            "paketets METS utan CONTENTINFORMATIONTYPE",
            setattrs("/m:mets", csip_CONTENTINFORMATIONTYPE=None),
        ),
        M(
            "CSIP4",
            "error",
            "CONTENTINFORMATIONTYPE utanför vokabulären",
            setattrs("/m:mets", csip_CONTENTINFORMATIONTYPE="PDF"),
            {"METS-XSD"},
        ),
        M(
            "CSIP5",
            "error",
            "OTHERCONTENTINFORMATIONTYPE utan OTHER",
            setattrs("/m:mets", csip_OTHERCONTENTINFORMATIONTYPE="Egen typ"),
        ),
        M(
            "CSIP5",
            "error",
            "OTHER utan OTHERCONTENTINFORMATIONTYPE",
            setattrs("/m:mets", csip_CONTENTINFORMATIONTYPE="OTHER"),
            {"CSIP4"},
        ),
        M(
            "CSIP5",
            "error",
            "OTHERCONTENTINFORMATIONTYPE är en term ur vokabulären",
            setattrs("/m:mets", csip_CONTENTINFORMATIONTYPE="OTHER", csip_OTHERCONTENTINFORMATIONTYPE="SIARD2"),
        ),
        M("CSIP6", "error", "PROFILE är ingen URL", setattrs("/m:mets", True, PROFILE="E-ARK SIP")),
        M("SIP1", "info", "tomt LABEL", setattrs("/m:mets", LABEL=" ")),
        M(
            "SIP2",
            "error",
            "PROFILE för CSIP i stället för SIP",
            setattrs("/m:mets", PROFILE="https://earkcsip.dilcis.eu/profile/E-ARK-CSIP.xml"),
        ),
        # metsHdr (CSIP117, CSIP7-CSIP16) and SIP3, SIP4
        M("CSIP117", "error", "representationens METS utan metsHdr", remove("//m:metsHdr", True)),
        M("CSIP7", "error", "metsHdr utan CREATEDATE", setattrs("//m:metsHdr", True, CREATEDATE=None)),
        M("CSIP8", "warning", "metsHdr utan LASTMODDATE", setattrs("//m:metsHdr", LASTMODDATE=None)),
        M(
            "CSIP8",
            "warning",
            "LASTMODDATE före CREATEDATE",
            setattrs("//m:metsHdr", LASTMODDATE="2023-01-01T00:00:00"),
        ),
        M("CSIP8", "error", "LASTMODDATE i framtiden", setattrs("//m:metsHdr", LASTMODDATE="2999-01-01T00:00:00")),
        M(
            "CSIP9",
            "error",
            "OAISPACKAGETYPE utanför vokabulären",
            setattrs("//m:metsHdr", True, csip_OAISPACKAGETYPE="PAKET"),
            {"METS-XSD"},
        ),
        M("SIP3", "info", "RECORDSTATUS utanför vokabulären", setattrs("//m:metsHdr", RECORDSTATUS="GAMMAL")),
        M("SIP4", "error", "OAISPACKAGETYPE=AIP i en SIP", setattrs("//m:metsHdr", csip_OAISPACKAGETYPE="AIP")),
        M("CSIP10", "error", "ingen programvaruagent", remove(SOFTWARE, True)),
        M("CSIP11", "error", "programvaruagent med ROLE=EDITOR", setattrs(SOFTWARE, True, ROLE="EDITOR")),
        M("CSIP12", "error", "programvaruagent med TYPE=ORGANIZATION", setattrs(SOFTWARE, True, TYPE="ORGANIZATION")),
        M("CSIP13", "error", "programvaruagent med OTHERTYPE=HARDWARE", setattrs(SOFTWARE, True, OTHERTYPE="HARDWARE")),
        M("CSIP14", "error", "programvaruagent med tomt namn", settext(f"{SOFTWARE}/m:name", "", True)),
        M("CSIP15", "error", "programvaruagent utan note", remove(f"{SOFTWARE}/m:note", True)),
        M("CSIP15", "error", "programvaruagent med två note", add(SOFTWARE, "<note>byggd 2024-05-01</note>", True)),
        M(
            "CSIP16",
            "error",
            "versionsnoteringen utan NOTETYPE",
            setattrs(f"{SOFTWARE}/m:note", True, csip_NOTETYPE=None),
        ),
        # altRecordID (SIP5-SIP8)
        *[
            M(req, "info", f"tomt altRecordID {kind}", settext(f"//m:altRecordID[@TYPE='{kind}']", ""))
            for req, kind in (
                ("SIP5", "SUBMISSIONAGREEMENT"),
                ("SIP6", "PREVIOUSSUBMISSIONAGREEMENT"),
                ("SIP7", "REFERENCECODE"),
                ("SIP8", "PREVIOUSREFERENCECODE"),
            )
        ],
        M(
            "SIP5",
            "info",
            "två leveransöverenskommelser",
            add("//m:metsHdr", '<altRecordID TYPE="SUBMISSIONAGREEMENT">LA 2024:2</altRecordID>'),
        ),
        M(
            "SIP7",
            "info",
            "två referenskoder",
            add("//m:metsHdr", '<altRecordID TYPE="REFERENCECODE">SE/EX/KF</altRecordID>'),
        ),
        # SIP agents (SIP9-SIP31)
        M(
            "SIP9",
            "info",
            "två arkivbildare",
            add("//m:metsHdr", '<agent ROLE="CREATOR" TYPE="ORGANIZATION"><name>Nämnden</name></agent>', index=2),
        ),
        M("SIP10", "error", "arkivbildare utan ROLE", setattrs(CREATOR, ROLE=None), {"METS-XSD", "SIP9"}),
        M(
            "SIP10",
            "error",
            "arkivbildare med ROLE utanför METS lista",
            setattrs(CREATOR, ROLE="ARKIVBILDARE"),
            {"METS-XSD", "SIP9"},
        ),
        M("SIP11", "error", "arkivbildare med TYPE=OTHER", setattrs(CREATOR, TYPE="OTHER", OTHERTYPE="GROUP")),
        M("SIP12", "info", "arkivbildare med tomt namn", settext(f"{CREATOR}/m:name", "")),
        M(
            "SIP13",
            "info",
            "arkivbildare med två note",
            add(CREATOR, '<note csip:NOTETYPE="IDENTIFICATIONCODE">1</note>'),
        ),
        M(
            "SIP14",
            "error",
            "arkivbildarens note utan IDENTIFICATIONCODE",
            setattrs(f"{CREATOR}/m:note", csip_NOTETYPE="SOFTWARE VERSION"),
        ),
        M("SIP15", "error", "ingen leverantör", remove(SUBMITTER)),
        M(
            "SIP15",
            "error",
            "två leverantörer",
            add(
                "//m:metsHdr",
                '<agent ROLE="OTHER" OTHERROLE="SUBMITTER" TYPE="INDIVIDUAL"><name>Per</name></agent>',
                index=3,
            ),
        ),
        M("SIP16", "error", "leverantör med ROLE=CREATOR", setattrs(SUBMITTER, ROLE="CREATOR")),
        M("SIP17", "error", "leverantör med TYPE=OTHER", setattrs(SUBMITTER, TYPE="OTHER", OTHERTYPE="GROUP")),
        M("SIP18", "info", "leverantör med tomt namn", settext(f"{SUBMITTER}/m:name", "")),
        M(
            "SIP19",
            "info",
            "leverantör med två note",
            add(SUBMITTER, '<note csip:NOTETYPE="IDENTIFICATIONCODE">2</note>'),
        ),
        M("SIP20", "error", "leverantörens note utan NOTETYPE", setattrs(f"{SUBMITTER}/m:note", csip_NOTETYPE=None)),
        M("SIP21", "info", "ingen kontaktperson", remove(CONTACT)),
        M("SIP24", "error", "kontaktperson med tomt namn", settext(f"{CONTACT}/m:name", "")),
        M("SIP25", "info", "kontaktperson med tom note", settext(f"{CONTACT}/m:note", "")),
        M(
            "SIP26",
            "info",
            "två bevarandeorganisationer",
            add(
                "//m:metsHdr",
                '<agent ROLE="PRESERVATION" TYPE="ORGANIZATION"><name>Riksarkivet</name></agent>',
                index=5,
            ),
        ),
        M("SIP28", "error", "bevarandeorganisation med TYPE=INDIVIDUAL", setattrs(PRESERVER, TYPE="INDIVIDUAL")),
        M("SIP29", "info", "bevarandeorganisation med tomt namn", settext(f"{PRESERVER}/m:name", " ")),
        M(
            "SIP30",
            "info",
            "bevarandeorganisation med två note",
            add(PRESERVER, '<note csip:NOTETYPE="IDENTIFICATIONCODE">3</note>'),
        ),
        M(
            "SIP31",
            "error",
            "bevarandeorganisationens note med SOFTWARE VERSION",
            setattrs(f"{PRESERVER}/m:note", csip_NOTETYPE="SOFTWARE VERSION"),
        ),
        # dmdSec and amdSec (CSIP17-CSIP57)
        M(
            "CSIP17",
            "warning",
            "representationen utan dmdSec",
            steps(
                remove("//m:dmdSec", True),
                setattrs(MD_DIV, True, DMDID=None),
                drop_file("representations/rep1/metadata/descriptive/dc.xml"),
            ),
        ),
        M(
            "CSIP17",
            "error",
            "fil i metadata/descriptive utan dmdSec",
            add_file("metadata/descriptive/mods.xml"),
            {"FILE-UNDESCRIBED"},
        ),
        *_section_mutations(),
        M(
            "CSIP31",
            "warning",
            "två amdSec",
            steps(
                remove("//m:rightsMD"),
                add("/m:mets", '<amdSec ID="amd2"/>', index=3),
                lambda p: p.el("//m:amdSec[@ID='amd2']").append(_rights(p)),
            ),
        ),
        M(
            "CSIP32",
            "warning",
            "representationen utan digiprovMD",
            steps(
                remove("//m:digiprovMD", True),
                setattrs(MD_DIV, True, ADMID="rep1-rights"),
                drop_file("representations/rep1/metadata/preservation/premis.xml"),
            ),
        ),
        M(
            "CSIP32",
            "error",
            "fil i metadata/preservation utan digiprovMD",
            add_file("metadata/preservation/event.xml"),
            {"FILE-UNDESCRIBED"},
        ),
        M(
            "CSIP31",
            "error",
            "representationen har bevarandemetadata men inget amdSec",
            steps(remove("//m:amdSec", True), setattrs(MD_DIV, True, ADMID=None)),
            {"CSIP32", "CSIP45", "FILE-UNDESCRIBED"},
        ),
        M(
            "CSIP31",
            "warning",
            "representationens amdSec utan filer i metadata",
            steps(
                move_file("representations/rep1/metadata/preservation/premis.xml", "representations/rep1/premis.xml"),
                move_file("representations/rep1/metadata/other/rights.xml", "representations/rep1/rights.xml"),
                setattrs("//m:digiprovMD/m:mdRef", True, xlink_href="premis.xml"),
                setattrs("//m:rightsMD/m:mdRef", True, xlink_href="rights.xml"),
            ),
            {"CSIP32", "CSIP35", "CSIP48"},
        ),
        M("CSIP45", "info", "rightsMD med beskrivande metadata (EAD)", setattrs("//m:rightsMD/m:mdRef", MDTYPE="EAD")),
        # fileSec (CSIP58-CSIP79, CSIP113, CSIP114) and SIP32-SIP35
        M(
            "CSIP58",
            "warning",
            "representationen utan fileSec",
            steps(remove("//m:fileSec", True), remove("//m:div[@LABEL='Data']", True)),
            {"FILE-UNDESCRIBED"},
        ),
        M("CSIP59", "error", "fileSec utan ID", setattrs("//m:fileSec", ID=None)),
        M(
            "CSIP60",
            "warning",
            "ingen dokumentation och ingen Documentation-grupp",
            steps(
                remove("//m:fileGrp[@USE='Documentation']"),
                remove("//m:div[@LABEL='Documentation']"),
                drop_file("documentation/beskrivning.txt"),
            ),
        ),
        M(
            "CSIP60",
            "error",
            "dokumentation utan Documentation-grupp",
            steps(remove("//m:fileGrp[@USE='Documentation']"), remove("//m:div[@LABEL='Documentation']")),
            {"FILE-UNDESCRIBED", "CSIP93"},
        ),
        M(
            "CSIP113",
            "warning",
            "inga scheman och ingen Schemas-grupp",
            steps(
                remove("//m:fileGrp[@USE='Schemas']"), remove("//m:div[@LABEL='Schemas']"), drop_file("schemas/ead.xsd")
            ),
        ),
        M(
            "CSIP113",
            "error",
            "schema utan Schemas-grupp",
            steps(remove("//m:fileGrp[@USE='Schemas']"), remove("//m:div[@LABEL='Schemas']")),
            {"FILE-UNDESCRIBED", "CSIP97"},
        ),
        M(
            "CSIP114",
            "error",
            "representation utan fileGrp",
            steps(remove("//m:fileGrp[@ID='grp-rep1']"), remove("//m:div[@LABEL='Representations/rep1']")),
            {"CSIP105", "CSIP107", "CSIP101"},
        ),
        M(
            "CSIP61",
            "info",
            "fileGrp/@ADMID pekar på ett dmdSec",
            setattrs("//m:fileGrp[@ID='grp-doc']", ADMID="dmd-ead"),
        ),
        M(
            "CSIP62",
            "error",
            "representationens fileGrp utan CONTENTINFORMATIONTYPE",
            setattrs("//m:fileGrp[@ID='grp-rep1']", csip_CONTENTINFORMATIONTYPE=None),
        ),
        M(
            "CSIP62",
            "warning",
            "fileGrp och representationens METS anger olika typ",
            setattrs("/m:mets", True, csip_CONTENTINFORMATIONTYPE="SIARD2"),
        ),
        M(
            "CSIP63",
            "error",
            "fileGrp/@OTHERCONTENTINFORMATIONTYPE utan OTHER",
            setattrs("//m:fileGrp[@ID='grp-rep1']", csip_OTHERCONTENTINFORMATIONTYPE="Egen"),
        ),
        M(
            "CSIP63",
            "error",
            "fileGrp med OTHER utan OTHERCONTENTINFORMATIONTYPE",
            steps(
                setattrs("//m:fileGrp[@ID='grp-rep1']", csip_CONTENTINFORMATIONTYPE="OTHER"),
                setattrs(
                    "/m:mets", True, csip_CONTENTINFORMATIONTYPE="OTHER", csip_OTHERCONTENTINFORMATIONTYPE="Protokoll"
                ),
            ),
        ),
        M(
            "CSIP63",
            "error",
            "fileGrp/@OTHERCONTENTINFORMATIONTYPE är en term ur vokabulären",
            steps(
                setattrs(
                    "//m:fileGrp[@ID='grp-rep1']",
                    csip_CONTENTINFORMATIONTYPE="OTHER",
                    csip_OTHERCONTENTINFORMATIONTYPE="ERMS",
                ),
                setattrs(
                    "/m:mets", True, csip_CONTENTINFORMATIONTYPE="OTHER", csip_OTHERCONTENTINFORMATIONTYPE="Protokoll"
                ),
            ),
        ),
        M("CSIP64", "error", "fileGrp USE utan motsvarande mapp", setattrs("//m:fileGrp", True, USE="Data/extra")),
        M("CSIP64", "error", "fileGrp utan USE", setattrs("//m:fileGrp", True, USE=None)),
        M(
            "CSIP65",
            "error",
            "fileGrp med samma ID som i paketets METS",
            steps(setattrs("//m:fileGrp", True, ID="grp-doc"), setattrs("//m:fptr", True, FILEID="grp-doc")),
        ),
        M("CSIP66", "error", "tom fileGrp", remove("//m:file", True), {"FILE-UNDESCRIBED"}),
        M("CSIP67", "error", "file med samma ID som i paketets METS", setattrs("//m:file", True, ID="file-doc")),
        M("CSIP68", "error", "file med ogiltig MIMETYPE", setattrs("//m:file", True, MIMETYPE="inte/en-typ")),
        M("CSIP69", "error", "file utan SIZE", setattrs("//m:file", True, SIZE=None)),
        M("CSIP69", "error", "file med fel SIZE", setattrs("//m:file", True, SIZE="7"), {"FILE-SIZE"}),
        M("CSIP70", "error", "file utan CREATED", setattrs("//m:file", True, CREATED=None)),
        M("CSIP71", "error", "file utan CHECKSUM", setattrs("//m:file", True, CHECKSUM=None)),
        M("CSIP71", "error", "file med fel CHECKSUM", setattrs("//m:file", True, CHECKSUM="0" * 64), {"FILE-CHECKSUM"}),
        M("CSIP72", "error", "file utan CHECKSUMTYPE", setattrs("//m:file", True, CHECKSUMTYPE=None)),
        M("CSIP73", "info", "tomt OWNERID", setattrs("//m:file[@ID='file-doc']", OWNERID="")),
        M("CSIP74", "info", "file/@ADMID pekar på ett dmdSec", setattrs("//m:file[@ID='file-doc']", ADMID="dmd-ead")),
        M(
            "CSIP75",
            "info",
            "file/@DMDID pekar på digiprovMD",
            setattrs("//m:file[@ID='file-doc']", DMDID="digiprov-premis"),
        ),
        M(
            "CSIP76",
            "error",
            "file med två FLocat",
            add("//m:file", '<FLocat LOCTYPE="URL" xlink:type="simple" xlink:href="data/protokoll.txt"/>', True),
        ),
        M("CSIP77", "error", "FLocat LOCTYPE=OTHER", setattrs("//m:FLocat", True, LOCTYPE="OTHER")),
        M(
            "CSIP78",
            "error",
            "FLocat xlink:type=locator",
            setattrs("//m:FLocat", True, xlink_type="locator"),
            {"METS-XSD"},
        ),
        M(
            "CSIP79",
            "error",
            "FLocat pekar på en fil som saknas",
            setattrs("//m:FLocat", True, xlink_href="data/saknas.txt"),
            {"FILE-MISSING", "FILE-UNDESCRIBED"},
        ),
        M(
            "CSIP79",
            "error",
            "FLocat utan xlink:href",
            setattrs("//m:FLocat", True, xlink_href=None),
            {"FILE-UNDESCRIBED"},
        ),
        M("SIP32", "warning", "tomt sip:FILEFORMATNAME", setattrs("//m:file", True, sip_FILEFORMATNAME=""), {"SIP33"}),
        M(
            "SIP32",
            "info",
            "inget file-element anger sip:FILEFORMATNAME",
            setattrs("//m:file", True, sip_FILEFORMATNAME=None),
            {"SIP33"},
        ),
        M(
            "SIP33",
            "info",
            "sip:FILEFORMATVERSION utan formatnamn",
            setattrs("//m:file[@ID='file-doc']", sip_FILEFORMATNAME=None),
        ),
        M("SIP33", "warning", "tomt sip:FILEFORMATVERSION", setattrs("//m:file", True, sip_FILEFORMATVERSION="")),
        M(
            "SIP34",
            "warning",
            "tomt sip:FILEFORMATREGISTRY",
            setattrs("//m:file", True, sip_FILEFORMATREGISTRY=""),
            {"SIP35"},
        ),
        M("SIP35", "info", "PRONOM-nyckel i fel form", setattrs("//m:file", True, sip_FILEFORMATKEY="111")),
        M("SIP35", "info", "nyckel utan register", setattrs("//m:file[@ID='file-doc']", sip_FILEFORMATREGISTRY=None)),
        M(
            "SIP34",
            "info",
            "inget file-element anger sip:FILEFORMATREGISTRY",
            setattrs("//m:file", True, sip_FILEFORMATREGISTRY=None, sip_FILEFORMATKEY=None),
            {"SIP35"},
        ),
        # structMap (CSIP80-CSIP119)
        M(
            "CSIP80",
            "error",
            "två structMap LABEL=CSIP",
            add("/m:mets", '<structMap ID="sm2" TYPE="PHYSICAL" LABEL="CSIP"><div ID="sm2-div"/></structMap>', True),
        ),
        M("CSIP81", "error", "structMap TYPE=LOGICAL", setattrs("//m:structMap", True, TYPE="LOGICAL")),
        M("CSIP82", "error", "structMap LABEL=Egen", setattrs("//m:structMap", True, LABEL="Egen"), {"CSIP80"}),
        M("CSIP83", "error", "structMap utan ID", setattrs("//m:structMap", True, ID=None)),
        M("CSIP83", "error", "structMap med samma ID som paketets", setattrs("//m:structMap", True, ID="structmap")),
        M(
            "CSIP84",
            "error",
            "två huvud-div",
            add("//m:structMap", '<div ID="rep1-div-root2" LABEL="rep1"/>', True),
            {"METS-XSD"},
        ),
        M("CSIP85", "error", "huvud-div utan ID", setattrs("//m:structMap/m:div", True, ID=None)),
        M(
            "CSIP85",
            "error",
            "huvud-div med samma ID som paketets",
            setattrs("//m:structMap/m:div", True, ID="div-root"),
        ),
        M(
            "CSIP88",
            "error",
            "två Metadata-div",
            add("//m:structMap/m:div", '<div ID="rep1-div-metadata2" LABEL="Metadata"/>', True),
            {"CSIP90"},
        ),
        M("CSIP89", "error", "Metadata-div utan ID", setattrs(MD_DIV, True, ID=None)),
        M("CSIP89", "error", "Metadata-div med samma ID som paketets", setattrs(MD_DIV, True, ID="div-metadata")),
        M("CSIP90", "error", 'Metadata-div med LABEL="metadata"', setattrs(MD_DIV, True, LABEL="metadata"), {"CSIP88"}),
        M("CSIP91", "warning", "Metadata-div utan rightsMD i ADMID", setattrs(MD_DIV, ADMID="digiprov-premis")),
        M("CSIP92", "warning", "Metadata-div utan DMDID", setattrs(MD_DIV, True, DMDID=None)),
        M(
            "CSIP91",
            "warning",
            "Metadata-div/@ADMID pekar på ett dmdSec",
            setattrs(MD_DIV, ADMID="digiprov-premis rights dmd-ead"),
        ),
        M(
            "CSIP92",
            "warning",
            "Metadata-div/@DMDID pekar på digiprovMD",
            setattrs(MD_DIV, DMDID="dmd-ead digiprov-premis"),
        ),
        *_group_div_mutations(),
        M(
            "CSIP101",
            "warning",
            "ingen Representations-div",
            steps(_content_div, remove(CONTENT)),
            STR12 | {"CSIP104", "CSIP119", "CSIP108", "CSIP109"},
        ),
        M(
            "CSIP101",
            "error",
            "två Representations-div",
            steps(
                _content_div,
                add(
                    "//m:div[@ID='div-root']",
                    '<div ID="div-content2" LABEL="Representations"><fptr FILEID="grp-rep1"/></div>',
                ),
            ),
            STR12,
        ),
        M("CSIP102", "error", "Representations-div utan ID", steps(_content_div, setattrs(CONTENT, ID=None)), STR12),
        M(
            "CSIP103",
            "error",
            'Representations-div med LABEL="representations"',
            steps(_content_div, setattrs(CONTENT, LABEL="representations")),
            STR12,
        ),
        M(
            "CSIP104",
            "error",
            "Representations-div utan fptr",
            steps(_content_div, remove(f"{CONTENT}/m:fptr")),
            STR12 | {"CSIP119", "CSIP108", "CSIP109"},
        ),
        M(
            "CSIP119",
            "error",
            "Representations-div pekar på Schemas-gruppen",
            steps(_content_div, add(CONTENT, '<fptr FILEID="grp-schemas"/>')),
            STR12 | {"CSIP104", "CSIP108", "CSIP109"},
        ),
        M(
            "CSIP105",
            "warning",
            "representationen utan egen div",
            steps(
                remove("//m:div[@ID='div-rep1']"),
                add(
                    "//m:div[@ID='div-root']",
                    '<div ID="div-reps" LABEL="Representations"><fptr FILEID="grp-rep1"/></div>',
                ),
            ),
            {"CSIP107"},
        ),
        M("CSIP106", "error", "representations-div utan ID", setattrs("//m:div[@ID='div-rep1']", ID=None)),
        M(
            "CSIP106",
            "error",
            "representations-div med samma ID som Documentation-div",
            setattrs("//m:div[@ID='div-rep1']", ID="div-doc"),
        ),
        M(
            "CSIP107",
            "error",
            "representations-div för en mapp som inte finns",
            setattrs("//m:div[@ID='div-rep1']", LABEL="Representations/rep9"),
            {"CSIP105"},
        ),
        M(
            "CSIP108",
            "error",
            "mptr/@xlink:title pekar på Documentation-gruppen",
            setattrs("//m:mptr", xlink_title="grp-doc"),
            {"CSIP104", "CSIP119", "CSIP109"},
        ),
        M(
            "CSIP108",
            "error",
            "mptr utan xlink:title",
            setattrs("//m:mptr", xlink_title=None),
            {"CSIP104", "CSIP119", "CSIP109"},
        ),
        M("CSIP109", "error", "representations-div utan mptr", remove("//m:mptr"), {"CSIP104", "CSIP119", "CSIP108"}),
        M(
            "CSIP109",
            "error",
            "representations-div med två mptr",
            add(
                "//m:div[@ID='div-rep1']",
                f'<mptr LOCTYPE="URL" xlink:type="simple" xlink:href="{REP_METS}" xlink:title="grp-rep1"/>',
            ),
        ),
        M(
            "CSIP110",
            "error",
            "mptr pekar på en datafil",
            setattrs("//m:mptr", xlink_href="representations/rep1/data/protokoll.txt"),
        ),
        M(
            "CSIP110",
            "error",
            "mptr pekar på en annan representations METS-fil",
            steps(
                lambda p: add_representation(p, "rep2"),
                setattrs("//m:mptr", xlink_href="representations/rep2/METS.xml"),
            ),
        ),
        M(
            "CSIP110",
            "error",
            "mptr pekar på en extern adress",
            setattrs("//m:mptr", xlink_href="https://example.org/METS.xml"),
            {"FILE-HREF"},
        ),
        M("CSIP111", "error", "mptr xlink:type=locator", setattrs("//m:mptr", xlink_type="locator"), {"METS-XSD"}),
        M("CSIP112", "error", "mptr LOCTYPE=OTHER", setattrs("//m:mptr", LOCTYPE="OTHER")),
    ]


def _rights(p: Package):
    from lxml import etree

    from .builder import CREATED

    data = p.files["metadata/other/rights.xml"]
    import hashlib

    return etree.fromstring(
        f'<rightsMD xmlns="{NS["m"]}" xmlns:xlink="{NS["xlink"]}" ID="rights" STATUS="CURRENT">'
        f'<mdRef LOCTYPE="URL" xlink:type="simple" xlink:href="metadata/other/rights.xml" MDTYPE="METSRIGHTS" '
        f'MIMETYPE="text/xml" SIZE="{len(data)}" CREATED="{CREATED}" CHECKSUM="{hashlib.sha256(data).hexdigest()}" '
        f'CHECKSUMTYPE="SHA-256"/></rightsMD>'
    )


def _group_div_mutations() -> list[Mutation]:
    """CSIP93-CSIP100, CSIP116, CSIP118: the Documentation and Schemas divisions."""
    out = []
    for label, group, other, (present, ident, label_req, fptr, fileid) in (
        ("Documentation", "grp-doc", "grp-schemas", ("CSIP93", "CSIP94", "CSIP95", "CSIP96", "CSIP116")),
        ("Schemas", "grp-schemas", "grp-doc", ("CSIP97", "CSIP98", "CSIP99", "CSIP100", "CSIP118")),
    ):
        div = f"//m:div[@LABEL='{label}']"
        out += [
            M(present, "warning", f"ingen {label}-div", remove(div), {fptr, fileid}),
            M(
                present,
                "error",
                f"två {label}-div",
                add(
                    "//m:div[@ID='div-root']", f'<div ID="div-{label}-2" LABEL="{label}"><fptr FILEID="{group}"/></div>'
                ),
            ),
            M(ident, "error", f"{label}-div utan ID", setattrs(div, ID=None)),
            M(label_req, "error", f'{label}-div med LABEL="{label.lower()}"', setattrs(div, LABEL=label.lower())),
            M(fptr, "error", f"{label}-div utan fptr", remove(f"{div}/m:fptr"), {fileid}),
            M(fileid, "error", f"{label}-div pekar på gruppen {other}", add(div, f'<fptr FILEID="{other}"/>'), {fptr}),
        ]
    return out
