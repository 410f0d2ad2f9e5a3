"""Local schemas and vocabularies from the ``eark-validator`` wheel (never the network).

Only the *resource files* of the wheel are used (``eark_validator/ipxml/resources``),
read with :mod:`importlib.resources`; none of its Python code is imported.  Schema
imports that point to remote URLs (``http://www.loc.gov/standards/xlink/xlink.xsd``)
are mapped to the local copies by an lxml resolver; anything else is refused.
"""

from __future__ import annotations

import mimetypes
from functools import cache, lru_cache
from importlib import resources

from lxml import etree

_PKG = "eark_validator.ipxml"
_VOCAB_NS = "https://DILCIS.eu/XML/Vocabularies/IP"

METS_NS = "http://www.loc.gov/METS/"
XLINK_NS = "http://www.w3.org/1999/xlink"
CSIP_NS = "https://DILCIS.eu/XML/METS/CSIPExtensionMETS"
SIP_NS = "https://DILCIS.eu/XML/METS/SIPExtensionMETS"

# Schema file name (in resources/schema) by the URL/basename used in schemaLocation.
_SCHEMA_FILES = {
    "mets.xsd": "mets.xsd",
    "xlink.xsd": "xlink.xsd",
    "xml.xsd": "xml.xsd",
    "dilcisextensionmets.xsd": "DILCISExtensionMETS.xsd",
    "dilcisextensionsipmets.xsd": "DILCISExtensionSIPMETS.xsd",
}

# A driver schema importing every namespace a CSIP/SIP METS document uses.
_DRIVER_XSD = f"""<?xml version="1.0"?>
<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:ipval:driver">
  <xsd:import namespace="{METS_NS}" schemaLocation="local:mets.xsd"/>
  <xsd:import namespace="{XLINK_NS}" schemaLocation="local:xlink.xsd"/>
  <xsd:import namespace="{CSIP_NS}" schemaLocation="local:DILCISExtensionMETS.xsd"/>
  <xsd:import namespace="{SIP_NS}" schemaLocation="local:DILCISExtensionSIPMETS.xsd"/>
</xsd:schema>
""".encode()


def _resource(*parts: str):
    node = resources.files(_PKG).joinpath("resources")
    for part in parts:
        node = node.joinpath(part)
    return node


class _LocalSchemaResolver(etree.Resolver):
    """Resolve schema locations to the bundled files; refuse everything else."""

    def resolve(self, system_url, public_id, context):
        name = (system_url or "").rsplit("/", 1)[-1].rsplit(":", 1)[-1].lower()
        local = _SCHEMA_FILES.get(name)
        if local is None:
            return self.resolve_string(b'<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema"/>', context)
        return self.resolve_string(_resource("schema", local).read_bytes(), context, base_url=f"local:{local}")


@lru_cache(maxsize=1)
def mets_schema() -> etree.XMLSchema:
    """The compiled METS + xlink + CSIP/SIP extension schema (cached)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    parser.resolvers.add(_LocalSchemaResolver())
    doc = etree.fromstring(_DRIVER_XSD, parser, base_url="local:driver.xsd")
    return etree.XMLSchema(etree.ElementTree(doc))


# Terms of the CSIP 2.1.0 vocabularies that the wheel's (older) copies lack; the test suite
# compares every vocabulary with the specification's own files, so this list cannot drift.
_ADDED_TERMS = {
    "CSIPVocabularyContentCategory.xml": (
        "2D and 3D Computer Aided Design",
        "Design (schematics, architectural drawings) - Print",
        "Email",
        "GIS Raster and Georeferenced Images",
        "GIS Vector and Raster Combined",
        "Geographic Information System (GIS) - Vector Data",
        "Image",
        "Moving image",
        "Musical Scores - Digital",
        "Musical Scores - Print",
        "Non-GIS Cartographic",
        "Scanned 3D Objects (output from photogrammetry scanning)",
        "Software and Video Games",
        "Sound",
        "Still image",
        "Text",
        "Web Archives",
    ),
    "CSIPVocabularyContentInformationType.xml": (
        "cits3dpm_v1_0",
        "citsehpj_v2_0",
        "citserms_v3_0",
        "cscarchival_v1_0",
        "cspremis_v1_0",
    ),
}
# Misspelt terms in the wheel's copies, by their specification spelling.
_CORRECTED_TERMS = {"SIPVocabularyRecordStatus.xml": {"REPLEACEMENT": "REPLACEMENT"}}


@cache
def vocabulary(file_name: str) -> frozenset[str]:
    """The terms of a DILCIS vocabulary file (e.g. ``CSIPVocabularyStatus.xml``), as of CSIP 2.1.0."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(_resource("vocabs", file_name).read_bytes(), parser)
    fixes = _CORRECTED_TERMS.get(file_name, {})
    terms = {fixes.get(term, term) for term in ((t.text or "").strip() for t in root.iter(f"{{{_VOCAB_NS}}}Term"))}
    return frozenset(terms | set(_ADDED_TERMS.get(file_name, ())))


@lru_cache(maxsize=1)
def mime_types() -> frozenset[str]:
    """IANA media types (bundled list) plus the de-facto types known to the standard library."""
    text = _resource("vocabs", "IANA.txt").read_text(encoding="utf-8")
    known = {line.strip().lower() for line in text.splitlines() if "/" in line}
    builtin = mimetypes.MimeTypes(filenames=())
    for table in (builtin.types_map[True], builtin.types_map[False]):
        known.update(v.lower() for v in table.values())
    return frozenset(known)


CONTENT_CATEGORY = "CSIPVocabularyContentCategory.xml"
CONTENT_INFORMATION_TYPE = "CSIPVocabularyContentInformationType.xml"
FILEGRP_LABELS = "CSIPVocabularyFileGrpAndStructMapDivisionLabel.xml"
NOTE_TYPE = "CSIPVocabularyNoteType.xml"
OAIS_PACKAGE_TYPE = "CSIPVocabularyOAISPackageType.xml"
STATUS = "CSIPVocabularyStatus.xml"
RECORD_STATUS = "SIPVocabularyRecordStatus.xml"
ALT_RECORD_ID_TYPE = "SIPVocabularyRecordIDType.xml"
AGENT_OTHER_TYPE = "CSIPVocabularyAgentOtherType.xml"
STRUCTMAP_TYPE = "CSIPVocabularyStructMapType.xml"
STRUCTMAP_LABEL = "CSIPVocabularyStructMapLabel.xml"

# Every vocabulary file the checks read (the tests compare them with the specification's copies).
VOCABULARIES = (
    AGENT_OTHER_TYPE,
    CONTENT_CATEGORY,
    CONTENT_INFORMATION_TYPE,
    FILEGRP_LABELS,
    NOTE_TYPE,
    OAIS_PACKAGE_TYPE,
    STATUS,
    STRUCTMAP_LABEL,
    STRUCTMAP_TYPE,
    RECORD_STATUS,
    ALT_RECORD_ID_TYPE,
)
