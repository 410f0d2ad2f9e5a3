"""Swedish user-facing messages, keyed by a stable message key.

Checks refer to messages by key (``report.add(req, severity, "ATTR_MISSING", ...)``) and
tests import :data:`MESSAGES` instead of copying the text.  Placeholders use
:meth:`str.format` names; :func:`msg` never fails on a missing placeholder.
"""

from __future__ import annotations

import logging
import string
import tarfile
import zipfile
import zlib


def gettext_noop(text: str) -> str:
    """Marks a text for the translation catalogue (makemessages reads the name); the validator needs no Django.

    The Django side shows a finding in the reader's language from its key and parameters
    (onboarding.deliveries.findings); the validator itself writes Swedish.
    """
    return text


# The progress the validator reports while it works (stored on the delivery as it goes, in Swedish), and the
# form of the content checks' file counts: shown in the reader's language by onboarding.deliveries.findings.
PROGRESS_LABELS = (
    gettext_noop("Öppnar paketet"),
    gettext_noop("Kontrollerar mappstrukturen"),
    gettext_noop("Läser METS-filerna"),
    gettext_noop("Kontrollerar kraven i CSIP och SIP"),
    gettext_noop("Kontrollerar storlek och kontrollsummor"),
    gettext_noop("Skannar efter skadlig kod"),
    gettext_noop("Identifierar filformat"),
    gettext_noop("Klar"),
)
FILES_LABEL = gettext_noop("%(verb)s: %(done)s av %(total)s filer")


MESSAGES: dict[str, str] = {
    # Package, unpacking and limits
    "UNREADABLE_MISSING": gettext_noop("Paketet finns inte eller kan inte öppnas."),
    "UNREADABLE_EMPTY": gettext_noop("Paketet är tomt (0 byte) och kan inte läsas."),
    "UNREADABLE_FORMAT": gettext_noop("Paketet är varken en ZIP-fil, en TAR-fil eller en mapp och kan inte läsas."),
    "UNREADABLE_ARCHIVE": gettext_noop("Paketet är skadat och kan inte packas upp ({detail})."),
    "UNREADABLE_ENCRYPTED": gettext_noop("Paketet innehåller krypterade filer och kan inte läsas."),
    "UNSAFE_NAME": gettext_noop("Paketet innehåller ett ogiltigt filnamn och har avvisats."),
    "UNSAFE_BACKSLASH": gettext_noop(
        "Paketet innehåller en sökväg med bakstreck (\\) och har avvisats av säkerhetsskäl."
    ),
    "UNSAFE_ABSOLUTE": gettext_noop("Paketet innehåller en absolut sökväg och har avvisats av säkerhetsskäl."),
    "UNSAFE_TRAVERSAL": gettext_noop(
        "Paketet innehåller en sökväg som pekar utanför paketet (..) och har avvisats av säkerhetsskäl."
    ),
    "UNSAFE_LINK": gettext_noop(
        "Paketet innehåller en symbolisk länk eller hårdlänk. Länkar tillåts inte; paketet "
        "har avvisats av säkerhetsskäl."
    ),
    "UNSAFE_SPECIAL": gettext_noop(
        "Paketet innehåller en specialfil (t.ex. enhetsfil eller namngiven pipe) och har avvisats."
    ),
    "UNSAFE_DUPLICATE": gettext_noop("Paketet innehåller samma sökväg flera gånger och har avvisats."),
    "LIMIT_FILE_COUNT": gettext_noop("Paketet innehåller fler än {limit} filer och har avvisats."),
    "LIMIT_TOTAL_SIZE": gettext_noop("Paketets uppackade storlek överstiger gränsen {limit} byte och har avvisats."),
    "LIMIT_RATIO": gettext_noop(
        "En fil i paketet är misstänkt hårt komprimerad (mer än {limit} gånger, möjlig zip-bomb). Paketet har avvisats."
    ),
    "INTERNAL_ERROR": gettext_noop("Ett oväntat fel uppstod i valideringen ({detail}). Paketet kunde inte godkännas."),
    # XML safety and schema
    "XML_SYNTAX": gettext_noop("METS-filen är inte välformad XML: {detail}"),
    "XML_DOCTYPE": gettext_noop(
        "METS-filen innehåller en DOCTYPE-deklaration. Sådana tillåts inte av säkerhetsskäl "
        "(risk för XXE eller entitetsexpansion)."
    ),
    "XML_ENTITY": gettext_noop("METS-filen innehåller entitetsreferenser. Sådana tillåts inte av säkerhetsskäl."),
    "XML_TOO_LARGE": gettext_noop("METS-filen är större än gränsen {limit} byte."),
    "XML_EMPTY": gettext_noop("METS-filen är tom (0 byte)."),
    "XSD_ERROR": gettext_noop("METS-filen följer inte XML-schemat: {detail}"),
    # Structure (CSIPSTR)
    "STR_SINGLE_ROOT": gettext_noop("Arkivfilen ska packas upp till en enda rotmapp för paketet."),
    "STR_NO_METS": gettext_noop(
        "Paketets rotmapp saknar filen METS.xml (exakt detta namn). Hittade XML-filer: {found}."
    ),
    "STR_FOLDER_MISSING": gettext_noop("Mappen {folder} saknas."),
    "STR_REP_LOOSE_FILES": gettext_noop(
        "Mappen representations innehåller {count} filer direkt; varje representation bör ligga i en egen undermapp."
    ),
    "STR_REP_NO_METS": gettext_noop("Representationsmappen saknar en egen METS.xml."),
    # Generic attribute problems
    "ATTR_MISSING": gettext_noop("Elementet {element} saknar attributet {attr}."),
    "ATTR_EMPTY": gettext_noop("Attributet {attr} på elementet {element} är tomt."),
    "ATTR_VALUE": gettext_noop('Attributet {attr} har värdet "{value}" men ska ha värdet "{expected}".'),
    "VOCAB_INVALID": gettext_noop('Attributet {attr} har värdet "{value}", som inte finns i vokabulären {vocab}.'),
    "OTHER_MISSING": gettext_noop("När {base} har värdet OTHER måste attributet {attr} finnas och ha ett värde."),
    "DATETIME_INVALID": gettext_noop(
        'Attributet {attr} har värdet "{value}", som inte är en giltig tidpunkt (ÅÅÅÅ-MM-DDThh:mm:ss).'
    ),
    "SIZE_INVALID": gettext_noop('Attributet SIZE har värdet "{value}", som inte är ett antal byte.'),
    "MIMETYPE_INVALID": gettext_noop('MIMETYPE "{value}" är inte en registrerad IANA-medietyp.'),
    "MIMETYPE_UNREGISTERED": gettext_noop('MIMETYPE "{value}" är inte registrerad hos IANA (tillverkarspecifik typ).'),
    "MIMETYPE_TOO_LONG": gettext_noop("MIMETYPE är längre än 256 tecken."),
    "OTHER_WITHOUT_BASE": gettext_noop('Attributet {attr} används men {base} har värdet "{value}" och inte OTHER.'),
    "OTHER_IN_VOCAB": gettext_noop(
        'Attributet {attr} har värdet "{value}", som redan finns i vokabulären {vocab}; '
        "använd då det värdet direkt i stället för OTHER."
    ),
    "IDREF_WRONG": gettext_noop(
        "Attributet {attr} hänvisar till {value}, som inte är ID för något {section} i METS-filen."
    ),
    "ID_NOT_UNIQUE": gettext_noop('ID "{value}" används redan i {other}; ett ID måste vara unikt i hela paketet.'),
    "OBJID_NOT_FOLDER": gettext_noop('OBJID har värdet "{value}" men bör vara mappens namn "{folder}".'),
    "PROFILE_NOT_URL": gettext_noop('PROFILE har värdet "{value}", som inte är en URL till en METS-profil.'),
    # Root element and header
    "CIT_MISSING_REP": gettext_noop(
        "Representationens METS-fil saknar attributet csip:CONTENTINFORMATIONTYPE på rotelementet mets."
    ),
    "CIT_MISSING_ROOT": gettext_noop("METS-filen bör ha attributet csip:CONTENTINFORMATIONTYPE på rotelementet mets."),
    "HDR_MISSING": gettext_noop("METS-filen saknar elementet metsHdr (pakethuvud)."),
    "LASTMODDATE_MISSING": gettext_noop("metsHdr saknar attributet LASTMODDATE; det ska anges om paketet har ändrats."),
    "LASTMODDATE_FUTURE": gettext_noop('LASTMODDATE "{value}" ligger i framtiden.'),
    "LASTMODDATE_BEFORE_CREATE": gettext_noop('LASTMODDATE "{value}" ligger före paketets CREATEDATE "{created}".'),
    "AGENT_MISSING": gettext_noop("metsHdr saknar agent-element för programvaran som skapade paketet."),
    "AGENT_ATTR": gettext_noop('Agenten för programvaran som skapade paketet ska ha {attr}="{value}".'),
    "AGENT_NAME_MISSING": gettext_noop("Agenten för programvaran saknar elementet name."),
    "AGENT_NAME_MANY": gettext_noop("Agenten för programvaran har fler än ett name-element."),
    "AGENT_NAME_EMPTY": gettext_noop("Agenten för programvaran har ett tomt name-element."),
    "AGENT_NOTE_MISSING": gettext_noop("Agenten för programvaran saknar elementet note med programversionen."),
    "AGENT_NOTE_MANY": gettext_noop(
        "Agenten för programvaran har {count} note-element; exakt ett (programversionen) är tillåtet."
    ),
    "AGENT_NOTE_EMPTY": gettext_noop("Agentens note-element med programversionen är tomt."),
    "AGENT_NOTETYPE": gettext_noop('Agentens note-element ska ha csip:NOTETYPE="SOFTWARE VERSION" (har "{value}").'),
    # Metadata sections
    "SECTION_MISSING": gettext_noop("METS-filen saknar {section}; det bör finnas när sådan metadata finns."),
    "SECTION_MISSING_MAY": gettext_noop("METS-filen har inget {section} (valfritt)."),
    "AMDSEC_MANY": gettext_noop("All administrativ metadata bör ligga i ett enda amdSec-element."),
    "STATUS_MISSING": gettext_noop("{section} bör ha attributet STATUS (CURRENT eller SUPERSEDED)."),
    "MDREF_MISSING": gettext_noop("{section} bör referera till metadatafilen med ett mdRef-element."),
    "MDREF_MISSING_FILES": gettext_noop(
        "{section} saknar mdRef fast mappen för metadata innehåller filer; de ska refereras med mdRef."
    ),
    "MDREF_MANY": gettext_noop(
        "{section} har {count} mdRef-element; varje sektion bör referera till en enda metadatafil."
    ),
    "MDREF_OUTSIDE_METADATA": gettext_noop("mdRef pekar på {path}, som inte ligger i mappen metadata."),
    "RIGHTS_MDTYPE": gettext_noop(
        'rightsMD refererar till metadata av typen MDTYPE="{value}", som inte är en rättighetstyp '
        "(METSRIGHTS, PREMIS, PREMIS:RIGHTS eller OTHER)."
    ),
    "DESCRIPTIVE_FILE_UNREFERENCED": gettext_noop(
        "Filen {path} i metadata/descriptive har inget dmdSec-element som refererar till den."
    ),
    "FOLDER_EMPTY": gettext_noop("Det finns {section}-element men inga filer i mappen {folder}."),
    "SECTION_REQUIRED": gettext_noop("Mappen {folder} innehåller metadata men METS-filen saknar {section}."),
    "PRESERVATION_FOLDER_EMPTY": gettext_noop(
        "Det finns digiprovMD-element men inga filer i mappen metadata/preservation."
    ),
    "PRESERVATION_FILE_UNREFERENCED": gettext_noop(
        "Filen {path} i metadata/preservation har inget digiprovMD-element som refererar till den."
    ),
    # References and integrity
    "HREF_EMPTY": gettext_noop("Attributet xlink:href är tomt."),
    "HREF_EXTERNAL": gettext_noop('Referensen "{href}" pekar på en extern adress; filen måste finnas i paketet.'),
    "HREF_OUTSIDE": gettext_noop('Referensen "{href}" pekar utanför paketet.'),
    "HREF_MISSING": gettext_noop('Filen "{href}" som METS-filen refererar till finns inte i paketet.'),
    "HREF_CASE": gettext_noop(
        'Referensen "{href}" matchar bara filen "{actual}" med annat skiftläge (stora/små bokstäver).'
    ),
    "FILE_SIZE_MISMATCH": gettext_noop("Filen {path} är {actual} byte men METS-filen anger {declared} byte."),
    "FILE_CHECKSUM_MISMATCH": gettext_noop(
        "Kontrollsumman ({algo}) för filen {path} stämmer inte med METS-filen. Filen kan vara skadad eller ändrad."
    ),
    "FILE_LINE_ENDINGS": gettext_noop(
        "Filen {path} skiljer sig från uppgifterna i METS-filen endast genom radsluten "
        "(CRLF/LF). Innehållet är oförändrat men filen har troligen konverterats vid "
        "överföringen."
    ),
    "FILES_HREF_UNRESOLVED": gettext_noop(
        "{count} file-element har en FLocat/@xlink:href som inte pekar på en fil i paketet "
        "(se FILE-MISSING och FILE-HREF)."
    ),
    "FILES_SIZE_MISMATCH": gettext_noop(
        "{count} file-element anger en SIZE som inte stämmer med filens storlek (se FILE-SIZE)."
    ),
    "FILES_CHECKSUM_MISMATCH": gettext_noop(
        "{count} file-element anger en CHECKSUM som inte stämmer med filen (se FILE-CHECKSUM)."
    ),
    "FILE_CHECKSUM_UNSUPPORTED": gettext_noop("Kontrollsummor av typen {algo} kan inte kontrolleras."),
    "FILE_UNREADABLE": gettext_noop("Filen {path} kunde inte läsas."),
    "FILE_UNDESCRIBED": gettext_noop("Filen {path} finns i paketet men beskrivs inte i någon METS-fil."),
    # File section
    "FILEGRP_MISSING": gettext_noop('fileSec bör ha en fileGrp med USE="{use}".'),
    "FILEGRP_USE_VOCAB": gettext_noop(
        'fileGrp har USE="{value}", som inte börjar med ett värde ur vokabulären '
        "(Documentation, Schemas, Representations, Metadata)."
    ),
    "FILEGRP_USE_FOLDER": gettext_noop('fileGrp har USE="{value}" men det finns ingen sådan mapp i paketet.'),
    "FILEGRP_CIT_MISSING": gettext_noop('fileGrp med USE="{value}" saknar attributet csip:CONTENTINFORMATIONTYPE.'),
    "FILEGRP_EMPTY": gettext_noop("fileGrp innehåller inga file-element."),
    "FLOCAT_MISSING": gettext_noop("file-elementet saknar FLocat (filens placering)."),
    "CONTENT_NOT_IN_FILEGRP": gettext_noop('Filen {path} finns inte i någon fileGrp med USE="{use}".'),
    "REPRESENTATION_NO_FILEGRP": gettext_noop(
        'Representationen {rep} saknar en fileGrp med USE="{use}" i paketets METS-fil.'
    ),
    "FILEGRP_CIT_DIFFERS": gettext_noop(
        'fileGrp USE="{use}" anger csip:CONTENTINFORMATIONTYPE="{value}" men representationens '
        'METS-fil anger "{actual}".'
    ),
    "FLOCAT_MANY": gettext_noop("file-elementet har {count} FLocat-element; högst ett är tillåtet."),
    # Structural map
    "STRUCTMAP_MISSING": gettext_noop("METS-filen saknar structMap."),
    "STRUCTMAP_NO_CSIP": gettext_noop('METS-filen saknar en structMap med LABEL="CSIP".'),
    "STRUCTMAP_MANY": gettext_noop('METS-filen har {count} structMap med LABEL="CSIP"; exakt en är tillåten.'),
    "MAIN_DIV_COUNT": gettext_noop(
        'structMap LABEL="CSIP" ska ha exakt ett div-element på översta nivån (har {count}).'
    ),
    "METADATA_DIV_MISSING": gettext_noop('structMap saknar div med LABEL="Metadata".'),
    "METADATA_DIV_MANY": gettext_noop('structMap har {count} div med LABEL="Metadata"; exakt en är tillåten.'),
    "METADATA_DIV_UNREFERENCED": gettext_noop(
        "Metadata-div refererar inte till den aktuella sektionen {ident} i {attr}."
    ),
    "DIV_MANY": gettext_noop('structMap har flera div med LABEL="{label}"; högst en är tillåten.'),
    "DIV_MISSING": gettext_noop('structMap saknar en div med LABEL="{label}", fast paketet har sådant innehåll.'),
    "DIV_WITHOUT_FPTR": gettext_noop('div med LABEL="{label}" saknar fptr-element.'),
    "FPTR_UNKNOWN": gettext_noop('fptr pekar på FILEID="{value}", som inte finns i fileSec.'),
    "FPTR_WRONG_GROUP": gettext_noop(
        'fptr FILEID="{value}" i div "{label}" pekar på en fileGrp med annan USE än "{label}".'
    ),
    "FILEGRP_NOT_IN_STRUCTMAP": gettext_noop(
        'fileGrp "{value}" (USE="{label}") saknar fptr i structMap-div "{label}".'
    ),
    "MPTR_MISSING": gettext_noop("Representationens div saknar mptr till {path}."),
    "MPTR_MANY": gettext_noop("Representationens div har {count} mptr-element; exakt ett är tillåtet."),
    "MPTR_TITLE_NOT_GROUP": gettext_noop(
        'mptr har xlink:title="{value}", som inte är ID för en fileGrp med USE som börjar med "Representations".'
    ),
    "MPTR_NOT_REPRESENTATION_METS": gettext_noop('mptr pekar på "{href}", som inte är en representations METS.xml.'),
    "MPTR_OTHER_REPRESENTATION": gettext_noop('mptr pekar på "{href}", men div:en beskriver representationen {rep}.'),
    "DIV_LABEL_SPELLING": gettext_noop('div har LABEL="{value}" men ska ha exakt värdet "{expected}".'),
    "REPRESENTATION_DIV_LABEL": gettext_noop(
        'div har LABEL="{value}", men det finns ingen sådan mapp under representations.'
    ),
    "REPRESENTATION_DIV_MISSING": gettext_noop(
        'structMap saknar en div med LABEL="Representations/{rep}" för representationen {rep}.'
    ),
    # SIP
    "SIP_PROFILE": gettext_noop('PROFILE har värdet "{value}" men ska vara "{expected}".'),
    "MAY_ATTR_MISSING": gettext_noop("Det valfria attributet {attr} på {element} används inte."),
    "ALTRECORDID_MISSING": gettext_noop('Det valfria elementet altRecordID med TYPE="{kind}" finns inte.'),
    "ALTRECORDID_EMPTY": gettext_noop('altRecordID med TYPE="{kind}" har ingen text.'),
    "ALTRECORDID_MANY": gettext_noop('Det finns flera altRecordID med TYPE="{kind}".'),
    "AGENT_NOTETYPE_ID": gettext_noop(
        'Agentens note-element ska ha csip:NOTETYPE="IDENTIFICATIONCODE" (har "{value}").'
    ),
    "SIP_AGENT_MAY_MISSING": gettext_noop("Det finns ingen agent för {agent} (valfritt)."),
    "SIP_AGENT_TYPE": gettext_noop('Agenten har TYPE="{value}" men ska ha {expected}.'),
    "SIP_AGENT_NAME": gettext_noop("Agenten saknar ett name-element med text."),
    "SIP_AGENT_ROLE": gettext_noop('Agenten har ROLE="{value}" men ska ha ROLE="{expected}".'),
    "SIP_AGENT_MANY": gettext_noop("Agenten har flera {element}-element; högst ett används."),
    "SIP_AGENT_EMPTY": gettext_noop("Agentens {element}-element är tomt."),
    "SIP_AGENT_MANY_AGENTS": gettext_noop("Det finns mer än en agent för {agent}; högst en används."),
    "SIP_SUBMITTER_MANY": gettext_noop(
        "metsHdr har {count} agenter för den som levererar paketet; exakt en är tillåten."
    ),
    "SIP_VERSION_WITHOUT_NAME": gettext_noop(
        "{count} file-element anger sip:FILEFORMATVERSION utan sip:FILEFORMATNAME."
    ),
    "SIP_KEY_WRONG": gettext_noop(
        "{count} file-element har en sip:FILEFORMATKEY utan register eller som inte är en PRONOM-nyckel (t.ex. fmt/18)."
    ),
    "SIP_SUBMITTER_MISSING": gettext_noop(
        'metsHdr saknar agent för den som levererar paketet (ROLE="OTHER", OTHERROLE="SUBMITTER").'
    ),
    "SIP_FILE_ATTR_UNUSED": gettext_noop("Det valfria attributet {attr} används inte på något file-element."),
    "SIP_FILE_ATTR_EMPTY": gettext_noop("{count} file-element har ett tomt {attr}."),
    # Report
    # Virus scanning (scanning.py) and file formats (formats.py), issue 17
    "VIRUS_FOUND": gettext_noop("Skadlig kod hittad: {signature}. Paketet har avvisats och satts i karantän."),
    "VIRUS_NOT_CONFIGURED": gettext_noop(
        "Virusskanning är inte konfigurerad: paketets filer har inte skannats efter skadlig kod."
    ),
    "VIRUS_UNAVAILABLE": gettext_noop(
        "Virusskannern kunde inte nås ({detail}); paketet har inte skannats och kan inte godtas."
    ),
    "VIRUS_UNSCANNED": gettext_noop("Filen kunde inte skannas efter skadlig kod ({detail})."),
    "FORMAT_NOT_IN_POLICY": gettext_noop("Filformatet {name} ({puid}) finns inte bland de godtagna formaten."),
    "FORMAT_RULE_ERROR": gettext_noop("Filformatet {name} ({puid}) godtas inte enligt {source}.{note}"),
    "FORMAT_RULE_WARNING": gettext_noop("Filformatet {name} ({puid}) godtas med anmärkning enligt {source}.{note}"),
    "FORMAT_UNIDENTIFIED": gettext_noop("Filens format kunde inte identifieras med PRONOM:s signaturer."),
    "FORMAT_BY_EXTENSION_ONLY": (
        gettext_noop(
            "Filens format kunde inte identifieras med PRONOM:s signaturer; bara filändelsen tyder på {name} ({puid})."
        )
    ),
    "FORMAT_MIMETYPE": (
        gettext_noop(
            'METS anger MIMETYPE "{declared}", men filen identifieras som {name} ({puid}), som har medietypen {actual}.'
        )
    ),
    "FORMAT_PDFA_CLAIM": (
        gettext_noop(
            "Filen gör anspråk på att vara PDF/A men saknar PDF/A-identifieringen (pdfaid) i sina XMP-metadata; "
            "den identifieras som {name} ({puid})."
        )
    ),
    "MORE_SUPPRESSED": gettext_noop("… och {count} liknande fynd till."),
    "SUMMARY": gettext_noop("{package}: {errors} fel, {warnings} varningar, {infos} noteringar."),
}


class _SafeDict(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def msg(key: str, **fmt) -> str:
    """The Swedish message for ``key`` with placeholders filled in (unknown keys fall back to the key)."""
    template = MESSAGES.get(key, key)
    values = _SafeDict({k: ("" if v is None else v) for k, v in fmt.items()})
    return string.Formatter().vformat(template, (), values)


log = logging.getLogger("onboarding.validation")

# Why a package could not be read, in words a kommun understands. An exception's own text is never
# shown (an OSError names server paths, a library speaks English): it goes to the log.
_FAILURES: list[tuple[type[BaseException] | tuple[type[BaseException], ...], str]] = [
    (zipfile.BadZipFile, gettext_noop("ZIP-filen är skadad eller ofullständig")),
    (tarfile.TarError, gettext_noop("TAR-filen är skadad eller ofullständig")),
    (EOFError, gettext_noop("filen tar slut för tidigt")),
    (zlib.error, gettext_noop("komprimerade data i filen är skadade")),
    (NotImplementedError, gettext_noop("filen använder en komprimering som inte stöds")),
    (UnicodeError, gettext_noop("ett filnamn i paketet har en teckenkodning som inte kan läsas")),
    (OSError, gettext_noop("filen kunde inte läsas")),
    (ValueError, gettext_noop("filen har ett ogiltigt innehåll")),
]


def failure_detail(exc: BaseException) -> str:
    """A short Swedish description of `exc` for a finding's {detail}; the exception itself is logged."""
    log.warning("package validation: %s: %s", type(exc).__name__, exc)
    for kinds, text in _FAILURES:
        if isinstance(exc, kinds):
            return text
    return gettext_noop("internt fel i valideringen")
