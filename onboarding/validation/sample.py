"""Build a small, valid E-ARK SIP (CSIP + SIP 2.1.0) on disk.

Used by the tests and the benchmark (which asks for 20 000 data files), and handy for
demos.  The METS document is written as a stream, so very large packages do not need
much memory.  Every attribute a CSIP/SIP validator expects is filled in, so a package
built here validates without errors; tests then break it on purpose.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import quoteattr

CREATED = "2024-05-01T12:00:00"
SCHEMA_LOCATIONS = (
    "http://www.loc.gov/METS/ schemas/mets.xsd http://www.w3.org/1999/xlink schemas/xlink.xsd "
    "https://DILCIS.eu/XML/METS/CSIPExtensionMETS schemas/DILCISExtensionMETS.xsd "
    "https://DILCIS.eu/XML/METS/SIPExtensionMETS schemas/DILCISExtensionSIPMETS.xsd"
)


def _write(path: Path, data: bytes) -> tuple[int, str]:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return len(data), hashlib.sha256(data).hexdigest()


def _file_xml(ident: str, href: str, size: int, digest: str, mimetype: str) -> str:
    return (
        f'<file ID={quoteattr(ident)} MIMETYPE={quoteattr(mimetype)} SIZE="{size}" CREATED="{CREATED}" '
        f'CHECKSUM="{digest}" CHECKSUMTYPE="SHA-256" sip:FILEFORMATNAME="Plain text" sip:FILEFORMATVERSION="1.0" '
        f'sip:FILEFORMATREGISTRY="PRONOM" sip:FILEFORMATKEY="x-fmt/111">'
        f'<FLocat LOCTYPE="URL" xlink:type="simple" xlink:href={quoteattr(href)}/></file>\n'
    )


def _mdref(href: str, size: int, digest: str, mdtype: str) -> str:
    return (
        f'<mdRef LOCTYPE="URL" xlink:type="simple" xlink:href={quoteattr(href)} MDTYPE="{mdtype}" '
        f'MIMETYPE="text/xml" SIZE="{size}" CREATED="{CREATED}" CHECKSUM="{digest}" CHECKSUMTYPE="SHA-256"/>'
    )


def build_sip(
    dest: str | os.PathLike,
    name: str = "sip-exempel",
    data_files: Iterable[tuple[str, bytes]] | None = None,
) -> Path:
    """Create ``dest/name`` holding a valid SIP and return the package folder.

    ``data_files`` yields (relative name under representations/rep1/data/, content); by
    default one small text file.
    """
    root = Path(dest) / name
    root.mkdir(parents=True)
    if data_files is None:
        data_files = [("dokument.txt", "Protokoll från kommunstyrelsen.\n".encode())]
    ead = _write(root / "metadata/descriptive/ead.xml", b'<?xml version="1.0"?><ead xmlns="urn:isbn:1-931666-22-9"/>\n')
    premis = _write(
        root / "metadata/preservation/premis.xml",
        b'<?xml version="1.0"?><premis xmlns="http://www.loc.gov/premis/v3" version="3.0"/>\n',
    )
    doc = _write(root / "documentation/beskrivning.txt", b"Leveransbeskrivning.\n")
    schema = _write(
        root / "schemas/exempel.xsd", b'<?xml version="1.0"?><xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"/>\n'
    )
    mets_path = root / "METS.xml"
    with open(mets_path, "w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<mets xmlns="http://www.loc.gov/METS/" xmlns:csip="https://DILCIS.eu/XML/METS/CSIPExtensionMETS" '
            'xmlns:sip="https://DILCIS.eu/XML/METS/SIPExtensionMETS" xmlns:xlink="http://www.w3.org/1999/xlink" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            f'xsi:schemaLocation="{SCHEMA_LOCATIONS}" OBJID={quoteattr(name)} LABEL="Exempelleverans" '
            'TYPE="Mixed" csip:CONTENTINFORMATIONTYPE="MIXED" '
            'PROFILE="https://earksip.dilcis.eu/profile/E-ARK-SIP.xml">\n'
            f'<metsHdr CREATEDATE="{CREATED}" LASTMODDATE="{CREATED}" RECORDSTATUS="NEW" csip:OAISPACKAGETYPE="SIP">\n'
            '<agent ROLE="CREATOR" TYPE="OTHER" OTHERTYPE="SOFTWARE"><name>Arkivplattformen</name>'
            '<note csip:NOTETYPE="SOFTWARE VERSION">1.0</note></agent>\n'
            '<agent ROLE="CREATOR" TYPE="ORGANIZATION"><name>Exempels kommun</name>'
            '<note csip:NOTETYPE="IDENTIFICATIONCODE">212000-0000</note></agent>\n'
            '<agent ROLE="OTHER" OTHERROLE="SUBMITTER" TYPE="ORGANIZATION"><name>Exempels kommun</name>'
            '<note csip:NOTETYPE="IDENTIFICATIONCODE">212000-0000</note></agent>\n'
            '<agent ROLE="CREATOR" TYPE="INDIVIDUAL"><name>Anna Arkivarie</name><note>anna@example.se</note></agent>\n'
            '<agent ROLE="PRESERVATION" TYPE="ORGANIZATION"><name>Regionarkivet</name>'
            '<note csip:NOTETYPE="IDENTIFICATIONCODE">232100-0000</note></agent>\n'
            '<altRecordID TYPE="SUBMISSIONAGREEMENT">LA 2024:1</altRecordID>\n'
            '<altRecordID TYPE="PREVIOUSSUBMISSIONAGREEMENT">LA 2020:7</altRecordID>\n'
            '<altRecordID TYPE="REFERENCECODE">SE/EX/KS</altRecordID>\n'
            '<altRecordID TYPE="PREVIOUSREFERENCECODE">SE/EX/KS-old</altRecordID>\n'
            "</metsHdr>\n"
            f'<dmdSec ID="dmd-ead" CREATED="{CREATED}" STATUS="CURRENT">'
            f"{_mdref('metadata/descriptive/ead.xml', *ead, 'EAD')}</dmdSec>\n"
            f'<amdSec ID="amd"><digiprovMD ID="digiprov-premis" STATUS="CURRENT">'
            f"{_mdref('metadata/preservation/premis.xml', *premis, 'PREMIS')}</digiprovMD></amdSec>\n"
            '<fileSec ID="filesec">\n<fileGrp ID="grp-doc" USE="Documentation">\n'
        )
        out.write(_file_xml("file-doc", "documentation/beskrivning.txt", *doc, "text/plain"))
        out.write('</fileGrp>\n<fileGrp ID="grp-schemas" USE="Schemas">\n')
        out.write(_file_xml("file-xsd", "schemas/exempel.xsd", *schema, "application/xml"))
        out.write(
            '</fileGrp>\n<fileGrp ID="grp-rep1" USE="Representations/rep1" csip:CONTENTINFORMATIONTYPE="MIXED">\n'
        )
        for number, (rel, content) in enumerate(data_files, start=1):
            meta = _write(root / "representations/rep1/data" / rel, content)
            out.write(_file_xml(f"file-{number}", f"representations/rep1/data/{rel}", *meta, "text/plain"))
        out.write(
            "</fileGrp>\n</fileSec>\n"
            '<structMap ID="structmap" TYPE="PHYSICAL" LABEL="CSIP">\n'
            f'<div ID="div-root" LABEL={quoteattr(name)}>\n'
            '<div ID="div-metadata" LABEL="Metadata" DMDID="dmd-ead" ADMID="digiprov-premis"/>\n'
            '<div ID="div-doc" LABEL="Documentation"><fptr FILEID="grp-doc"/></div>\n'
            '<div ID="div-schemas" LABEL="Schemas"><fptr FILEID="grp-schemas"/></div>\n'
            '<div ID="div-rep" LABEL="Representations"><fptr FILEID="grp-rep1"/></div>\n'
            "</div>\n</structMap>\n</mets>\n"
        )
    return root
