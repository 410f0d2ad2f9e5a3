"""A complete, valid E-ARK SIP (CSIP 2.1.0 + SIP 2.1.0) built in memory, for the tests to break.

:func:`build_package` writes the content files and keeps the package METS and the
representation METS as lxml trees, so a test changes exactly one thing (an attribute,
an element, a file) and :meth:`Package.write` puts the package on disk.  Everything a
requirement may ask for is present: all five SIP agents, the four altRecordIDs, dmdSec,
digiprovMD and rightsMD, Documentation/Schemas/Representations file groups, a
representation with its own METS, and the MAY attributes (OWNERID, ADMID, DMDID,
sip:FILEFORMAT*) used correctly; the valid package gives no finding at all.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

NS = {
    "m": "http://www.loc.gov/METS/",
    "xlink": "http://www.w3.org/1999/xlink",
    "csip": "https://DILCIS.eu/XML/METS/CSIPExtensionMETS",
    "sip": "https://DILCIS.eu/XML/METS/SIPExtensionMETS",
}
CREATED = "2024-05-01T12:00:00"
NAME = "sip-prov"
REP_METS = "representations/rep1/METS.xml"

FILES = {
    "metadata/descriptive/ead.xml": b'<?xml version="1.0"?><ead xmlns="urn:isbn:1-931666-22-9"/>\n',
    "metadata/preservation/premis.xml": b'<?xml version="1.0"?><premis xmlns="http://www.loc.gov/premis/v3"/>\n',
    "metadata/other/rights.xml": b'<?xml version="1.0"?><rightsDeclarationMD xmlns="http://cosimo.stanford.edu/sdr/metsrights/"/>\n',
    "documentation/beskrivning.txt": "Leveransbeskrivning för kommunstyrelsens protokoll.\n".encode(),
    "schemas/ead.xsd": b'<?xml version="1.0"?><xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"/>\n',
    "representations/rep1/data/protokoll.txt": "Protokoll från kommunstyrelsen 2024-04-30.\n".encode(),
    "representations/rep1/metadata/descriptive/dc.xml": b'<?xml version="1.0"?><dc xmlns="http://purl.org/dc/elements/1.1/"/>\n',
    "representations/rep1/metadata/other/rights.xml": b'<?xml version="1.0"?><rights xmlns="urn:x-rights"/>\n',
    "representations/rep1/metadata/preservation/premis.xml": b'<?xml version="1.0"?><premis xmlns="http://www.loc.gov/premis/v3"/>\n',
}

_ROOT = (
    '<mets xmlns="http://www.loc.gov/METS/" xmlns:csip="https://DILCIS.eu/XML/METS/CSIPExtensionMETS" '
    'xmlns:sip="https://DILCIS.eu/XML/METS/SIPExtensionMETS" xmlns:xlink="http://www.w3.org/1999/xlink" '
    'OBJID="{objid}" TYPE="Mixed" csip:CONTENTINFORMATIONTYPE="MIXED" '
    'PROFILE="https://earksip.dilcis.eu/profile/E-ARK-SIP.xml"{label}>'
)
_SOFTWARE = (
    '<agent ROLE="CREATOR" TYPE="OTHER" OTHERTYPE="SOFTWARE"><name>Arkivplattformen</name>'
    '<note csip:NOTETYPE="SOFTWARE VERSION">2.1</note></agent>'
)


def _mdref(href: str, mdtype: str) -> str:
    return (
        f'<mdRef LOCTYPE="URL" xlink:type="simple" xlink:href="{href}" MDTYPE="{mdtype}" MIMETYPE="text/xml" '
        f'SIZE="{{size:{href}}}" CREATED="{CREATED}" CHECKSUM="{{sha:{href}}}" CHECKSUMTYPE="SHA-256"/>'
    )


def _file(ident: str, href: str, mimetype: str, extra: str = "") -> str:
    return (
        f'<file ID="{ident}" MIMETYPE="{mimetype}" SIZE="{{size:{href}}}" CREATED="{CREATED}" '
        f'CHECKSUM="{{sha:{href}}}" CHECKSUMTYPE="SHA-256" sip:FILEFORMATNAME="Plain text" '
        f'sip:FILEFORMATVERSION="1.0" sip:FILEFORMATREGISTRY="PRONOM" sip:FILEFORMATKEY="x-fmt/111"{extra}>'
        f'<FLocat LOCTYPE="URL" xlink:type="simple" xlink:href="{href}"/></file>'
    )


PACKAGE_METS = (
    _ROOT.format(objid=NAME, label=' LABEL="Kommunstyrelsens protokoll 2024"')
    + f'<metsHdr CREATEDATE="{CREATED}" LASTMODDATE="{CREATED}" RECORDSTATUS="NEW" csip:OAISPACKAGETYPE="SIP">'
    + _SOFTWARE
    + '<agent ROLE="CREATOR" TYPE="ORGANIZATION"><name>Exempels kommun, kommunstyrelsen</name>'
    '<note csip:NOTETYPE="IDENTIFICATIONCODE">212000-0000</note></agent>'
    '<agent ROLE="OTHER" OTHERROLE="SUBMITTER" TYPE="ORGANIZATION"><name>Exempels kommun</name>'
    '<note csip:NOTETYPE="IDENTIFICATIONCODE">212000-0001</note></agent>'
    '<agent ROLE="CREATOR" TYPE="INDIVIDUAL"><name>Anna Arkivarie</name><note>anna@example.se</note></agent>'
    '<agent ROLE="PRESERVATION" TYPE="ORGANIZATION"><name>Regionarkivet</name>'
    '<note csip:NOTETYPE="IDENTIFICATIONCODE">232100-0000</note></agent>'
    '<altRecordID TYPE="SUBMISSIONAGREEMENT">LA 2024:1</altRecordID>'
    '<altRecordID TYPE="PREVIOUSSUBMISSIONAGREEMENT">LA 2020:7</altRecordID>'
    '<altRecordID TYPE="REFERENCECODE">SE/EX/KS</altRecordID>'
    '<altRecordID TYPE="PREVIOUSREFERENCECODE">SE/EX/KS-1</altRecordID>'
    "</metsHdr>"
    f'<dmdSec ID="dmd-ead" CREATED="{CREATED}" STATUS="CURRENT">'
    f"{_mdref('metadata/descriptive/ead.xml', 'EAD')}</dmdSec>"
    '<amdSec ID="amd">'
    f'<rightsMD ID="rights" STATUS="CURRENT">{_mdref("metadata/other/rights.xml", "METSRIGHTS")}</rightsMD>'
    f'<digiprovMD ID="digiprov-premis" STATUS="CURRENT">'
    f"{_mdref('metadata/preservation/premis.xml', 'PREMIS')}</digiprovMD>"
    "</amdSec>"
    '<fileSec ID="filesec">'
    '<fileGrp ID="grp-doc" USE="Documentation" ADMID="digiprov-premis">'
    + _file(
        "file-doc",
        "documentation/beskrivning.txt",
        "text/plain",
        ' OWNERID="D-2024-1" ADMID="digiprov-premis" DMDID="dmd-ead"',
    )
    + '</fileGrp><fileGrp ID="grp-schemas" USE="Schemas">'
    + _file("file-xsd", "schemas/ead.xsd", "application/xml")
    + '</fileGrp><fileGrp ID="grp-rep1" USE="Representations/rep1" csip:CONTENTINFORMATIONTYPE="MIXED">'
    + _file("file-rep1-mets", REP_METS, "application/xml")
    + "</fileGrp></fileSec>"
    '<structMap ID="structmap" TYPE="PHYSICAL" LABEL="CSIP">'
    f'<div ID="div-root" LABEL="{NAME}">'
    '<div ID="div-metadata" LABEL="Metadata" DMDID="dmd-ead" ADMID="digiprov-premis rights"/>'
    '<div ID="div-doc" LABEL="Documentation"><fptr FILEID="grp-doc"/></div>'
    '<div ID="div-schemas" LABEL="Schemas"><fptr FILEID="grp-schemas"/></div>'
    '<div ID="div-rep1" LABEL="Representations/rep1">'
    f'<mptr LOCTYPE="URL" xlink:type="simple" xlink:href="{REP_METS}" xlink:title="grp-rep1"/></div>'
    "</div></structMap></mets>"
)

REPRESENTATION_METS = (
    _ROOT.format(objid="rep1", label="")
    + f'<metsHdr CREATEDATE="{CREATED}" LASTMODDATE="{CREATED}" csip:OAISPACKAGETYPE="SIP">'
    + _SOFTWARE
    + "</metsHdr>"
    f'<dmdSec ID="rep1-dmd" CREATED="{CREATED}" STATUS="CURRENT">{_mdref("metadata/descriptive/dc.xml", "DC")}</dmdSec>'
    '<amdSec ID="rep1-amd">'
    f'<rightsMD ID="rep1-rights" STATUS="CURRENT">{_mdref("metadata/other/rights.xml", "METSRIGHTS")}</rightsMD>'
    f'<digiprovMD ID="rep1-digiprov" STATUS="CURRENT">'
    f"{_mdref('metadata/preservation/premis.xml', 'PREMIS')}</digiprovMD>"
    "</amdSec>"
    '<fileSec ID="rep1-filesec"><fileGrp ID="rep1-grp-data" USE="Data">'
    + _file("rep1-file-1", "data/protokoll.txt", "text/plain")
    + "</fileGrp></fileSec>"
    '<structMap ID="rep1-structmap" TYPE="PHYSICAL" LABEL="CSIP"><div ID="rep1-div-root" LABEL="rep1">'
    '<div ID="rep1-div-metadata" LABEL="Metadata" DMDID="rep1-dmd" ADMID="rep1-rights rep1-digiprov"/>'
    '<div ID="rep1-div-data" LABEL="Data"><fptr FILEID="rep1-grp-data"/></div>'
    "</div></structMap></mets>"
)


def _fill(template: str, files: dict[str, bytes], base: str) -> bytes:
    """Put each referenced file's size and SHA-256 into the template."""
    out = template
    for rel, data in files.items():
        if not rel.startswith(base):
            continue
        href = rel[len(base) :]
        out = out.replace(f"{{size:{href}}}", str(len(data))).replace(
            f"{{sha:{href}}}", hashlib.sha256(data).hexdigest()
        )
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + out.encode()


@dataclass
class Package:
    """The package under construction: content files and the two METS trees."""

    root: Path
    files: dict[str, bytes]
    mets: etree._Element
    rep: etree._Element
    update_rep_entry: bool = True
    removed: set[str] = field(default_factory=set)
    # Further representations (add_representation): folder name -> its METS tree.
    more: dict[str, etree._Element] = field(default_factory=dict)

    def el(self, xpath: str, doc: etree._Element | None = None) -> etree._Element:
        """The first element at ``xpath`` (prefixes m, xlink, csip, sip) in the package METS or ``doc``."""
        found = (self.mets if doc is None else doc).xpath(xpath, namespaces=NS)
        assert found, f"no element at {xpath}"
        return found[0]

    def rel(self, xpath: str) -> etree._Element:
        """The first element at ``xpath`` in the representation METS."""
        return self.el(xpath, self.rep)

    def remove(self, xpath: str, doc: etree._Element | None = None) -> None:
        """Remove the first element at ``xpath``."""
        elem = self.el(xpath, doc)
        elem.getparent().remove(elem)

    def add(self, parent_xpath: str, xml: str, doc: etree._Element | None = None, index: int | None = None):
        """Add the METS fragment ``xml`` (default namespace METS) under the element at ``parent_xpath``."""
        wrapper = etree.fromstring(
            f'<w xmlns="{NS["m"]}" xmlns:xlink="{NS["xlink"]}" xmlns:csip="{NS["csip"]}" '
            f'xmlns:sip="{NS["sip"]}">{xml}</w>'
        )
        parent = self.el(parent_xpath, doc)
        for offset, child in enumerate(list(wrapper)):
            if index is None:
                parent.append(child)
            else:
                parent.insert(index + offset, child)

    def write(self) -> Path:
        """Write all files and both METS documents; the package METS records the representation METS'
        real size and checksum (unless ``update_rep_entry`` is off)."""
        for rel, data in self.files.items():
            path = self.root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        for rel, tree in ((REP_METS, self.rep), *((f"representations/{n}/METS.xml", t) for n, t in self.more.items())):
            rep_bytes = etree.tostring(tree, xml_declaration=True, encoding="UTF-8")
            if rel not in self.removed:
                (self.root / rel).write_bytes(rep_bytes)
            if self.update_rep_entry:
                for file in self.mets.xpath("//m:file[m:FLocat/@xlink:href=$h]", namespaces=NS, h=rel):
                    file.set("SIZE", str(len(rep_bytes)))
                    file.set("CHECKSUM", hashlib.sha256(rep_bytes).hexdigest())
        (self.root / "METS.xml").write_bytes(etree.tostring(self.mets, xml_declaration=True, encoding="UTF-8"))
        return self.root


def add_representation(package: Package, name: str) -> None:
    """A second representation like rep1 (own folder, METS, file group and division)."""
    for rel in [r for r in package.files if r.startswith("representations/rep1/")]:
        package.files[rel.replace("representations/rep1/", f"representations/{name}/", 1)] = package.files[rel]
    text = etree.tostring(package.rep).replace(b"rep1", name.encode())
    package.more[name] = etree.fromstring(text, etree.XMLParser(remove_blank_text=True))
    package.add(
        "//m:fileSec",
        f'<fileGrp ID="grp-{name}" USE="Representations/{name}" csip:CONTENTINFORMATIONTYPE="MIXED">'
        f'<file ID="file-{name}-mets" MIMETYPE="application/xml" SIZE="0" CREATED="{CREATED}" CHECKSUM="0" '
        'CHECKSUMTYPE="SHA-256" sip:FILEFORMATNAME="Plain text" sip:FILEFORMATVERSION="1.0" '
        'sip:FILEFORMATREGISTRY="PRONOM" sip:FILEFORMATKEY="x-fmt/111">'
        f'<FLocat LOCTYPE="URL" xlink:type="simple" xlink:href="representations/{name}/METS.xml"/></file></fileGrp>',
    )
    package.add(
        "//m:div[@ID='div-root']",
        f'<div ID="div-{name}" LABEL="Representations/{name}"><mptr LOCTYPE="URL" xlink:type="simple" '
        f'xlink:href="representations/{name}/METS.xml" xlink:title="grp-{name}"/></div>',
    )


def build_package(dest: Path) -> Package:
    """A valid package under ``dest/sip-prov``, not yet written (call :meth:`Package.write`)."""
    root = dest / NAME
    root.mkdir(parents=True)
    files = dict(FILES)
    parser = etree.XMLParser(remove_blank_text=True)
    mets = etree.fromstring(_fill(PACKAGE_METS, files, ""), parser)
    rep = etree.fromstring(_fill(REPRESENTATION_METS, files, "representations/rep1/"), parser)
    return Package(root=root, files=files, mets=mets, rep=rep)
