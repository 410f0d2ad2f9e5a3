"""The package's XML and texts: both METS documents, PREMIS, EAD3 and the Swedish description, written by the
PackageXml half of the writer (writer.py's PackageWriter holds the ZIP half)."""

from __future__ import annotations

from lxml import etree

from .package_fragments import mets_file_fragment, premis_file_fragment, write_fragments
from .package_parts import (
    CS,
    EAD_NS,
    FILE_NSMAP,
    FILE_OBJECT,
    METS_NSMAP,
    P_ALGORITHM,
    P_CHARACTERISTICS,
    P_DESIGNATION,
    P_DIGEST,
    P_FIXITY,
    P_FORMAT,
    P_FORMAT_NAME,
    P_IDENTIFIER,
    P_IDENTIFIER_TYPE,
    P_IDENTIFIER_VALUE,
    P_OBJECT,
    P_SIZE,
    PREMIS_NS,
    PREMIS_NSMAP,
    REP,
    SIP_PROFILE,
    TAG_FILE,
    TAG_FLOCAT,
    XL,
    XL_HREF,
    XL_TYPE,
    XSI_NS,
    DataFile,
    E,
    M,
    P,
    content_categories,
    href,
    mets_schema_location,
)


class PackageXml:
    """The XML half of PackageWriter: needs self.meta, self.files, self.stamp, self.created, self.root."""

    # -- XML pieces -----------------------------------------------------------------------------
    def _root_attrs(self, objid: str, prefix: str, label: str | None) -> dict:
        meta = self.meta
        attrs = {
            "OBJID": objid,
            "TYPE": meta.content_category if meta.content_category in content_categories() else "OTHER",
            f"{CS}CONTENTINFORMATIONTYPE": meta.content_information_type,
            "PROFILE": SIP_PROFILE,
            f"{{{XSI_NS}}}schemaLocation": mets_schema_location(prefix),
        }
        if attrs["TYPE"] == "OTHER":
            attrs[f"{CS}OTHERTYPE"] = meta.content_category
        if label:
            attrs["LABEL"] = label
        return attrs

    def _software_agent(self, parent) -> None:
        agent = etree.SubElement(parent, f"{M}agent", ROLE="CREATOR", TYPE="OTHER", OTHERTYPE="SOFTWARE")
        etree.SubElement(agent, f"{M}name").text = self.meta.software
        etree.SubElement(agent, f"{M}note", {f"{CS}NOTETYPE": "SOFTWARE VERSION"}).text = self.meta.software_version

    def _agent(self, parent, role: str, kind: str, name: str, code: str = "", other_role: str = "") -> None:
        attrs = {"ROLE": role, "TYPE": kind}
        if other_role:
            attrs["OTHERROLE"] = other_role
        agent = etree.SubElement(parent, f"{M}agent", attrs)
        etree.SubElement(agent, f"{M}name").text = name
        if code:
            etree.SubElement(agent, f"{M}note", {f"{CS}NOTETYPE": "IDENTIFICATIONCODE"}).text = code

    def _header(self, package: bool):
        attrs = {"CREATEDATE": self.stamp, "LASTMODDATE": self.stamp}
        if package:
            attrs["RECORDSTATUS"] = "NEW"
        attrs[f"{CS}OAISPACKAGETYPE"] = "SIP"
        hdr = etree.Element(f"{M}metsHdr", attrs, nsmap=METS_NSMAP)
        self._software_agent(hdr)
        if not package:
            return hdr
        meta = self.meta
        self._agent(hdr, "CREATOR", "ORGANIZATION", meta.archival_creator, meta.archival_creator_code)
        self._agent(hdr, "OTHER", "ORGANIZATION", meta.submitter, meta.submitter_code, other_role="SUBMITTER")
        if meta.contact:
            self._agent(hdr, "CREATOR", "INDIVIDUAL", meta.contact)
        if meta.preservation:
            self._agent(hdr, "PRESERVATION", "ORGANIZATION", meta.preservation)
        if meta.agreement:
            etree.SubElement(hdr, f"{M}altRecordID", TYPE="SUBMISSIONAGREEMENT").text = meta.agreement
        if meta.previous_agreement:
            etree.SubElement(hdr, f"{M}altRecordID", TYPE="PREVIOUSSUBMISSIONAGREEMENT").text = meta.previous_agreement
        return hdr

    def _mdref(self, parent, target: DataFile, base: str, mdtype: str) -> None:
        etree.SubElement(
            parent,
            f"{M}mdRef",
            {
                "LOCTYPE": "URL",
                f"{XL}type": "simple",
                f"{XL}href": href(target.rel[len(base) :]),
                "MDTYPE": mdtype,
                "MIMETYPE": target.mimetype,
                "SIZE": str(target.size),
                "CREATED": target.created,
                "CHECKSUM": target.sha256,
                "CHECKSUMTYPE": "SHA-256",
            },
        )

    def _metadata_sections(self, prefix: str, ead: DataFile, premis: DataFile, base: str):
        dmd = etree.Element(
            f"{M}dmdSec", {"ID": f"{prefix}dmd-ead", "CREATED": self.stamp, "STATUS": "CURRENT"}, nsmap=METS_NSMAP
        )
        self._mdref(dmd, ead, base, "EAD")
        amd = etree.Element(f"{M}amdSec", {"ID": f"{prefix}amd"}, nsmap=METS_NSMAP)
        digiprov = etree.SubElement(amd, f"{M}digiprovMD", {"ID": f"{prefix}digiprov-premis", "STATUS": "CURRENT"})
        self._mdref(digiprov, premis, base, "PREMIS")
        return dmd, amd

    def _file(self, ident: str, target: DataFile, rel: str, admid: str = ""):
        attrs = {
            "ID": ident,
            "MIMETYPE": target.mimetype,
            "SIZE": str(target.size),
            "CREATED": target.created,
            "CHECKSUM": target.sha256,
            "CHECKSUMTYPE": "SHA-256",
        }
        if admid:
            attrs["ADMID"] = admid
        elem = etree.Element(f"{M}file", attrs, nsmap=METS_NSMAP)
        etree.SubElement(elem, f"{M}FLocat", {"LOCTYPE": "URL", f"{XL}type": "simple", f"{XL}href": href(rel)})
        return elem

    def _stream_file(self, xf, n: int, data: DataFile, admid: str) -> None:
        """One data file of the representation METS as an lxml element (the slow path, see write_fragments)."""
        ident = f"{REP}-file-{n}"
        elem = etree.Element(
            TAG_FILE,
            {
                "ID": ident,
                "MIMETYPE": data.mimetype,
                "SIZE": str(data.size),
                "CREATED": data.created,
                "CHECKSUM": data.sha256,
                "CHECKSUMTYPE": "SHA-256",
                "ADMID": admid,
            },
            nsmap=FILE_NSMAP,
        )
        etree.SubElement(elem, TAG_FLOCAT, {"LOCTYPE": "URL", XL_TYPE: "simple", XL_HREF: href(f"data/{data.rel}")})
        xf.write(elem)

    def _structmap(self, prefix: str, label: str, divs: list[tuple[str, str, str]], mptr: tuple[str, str] | None):
        smap = etree.Element(
            f"{M}structMap", {"ID": f"{prefix}structmap", "TYPE": "PHYSICAL", "LABEL": "CSIP"}, nsmap=METS_NSMAP
        )
        main = etree.SubElement(smap, f"{M}div", ID=f"{prefix}div-root", LABEL=label)
        etree.SubElement(
            main,
            f"{M}div",
            ID=f"{prefix}div-metadata",
            LABEL="Metadata",
            DMDID=f"{prefix}dmd-ead",
            ADMID=f"{prefix}digiprov-premis",
        )
        for ident, div_label, group in divs:
            div = etree.SubElement(main, f"{M}div", ID=ident, LABEL=div_label)
            etree.SubElement(div, f"{M}fptr", FILEID=group)
        if mptr is not None:
            target, group = mptr
            div = etree.SubElement(main, f"{M}div", ID=f"div-{REP}", LABEL=f"Representations/{REP}")
            etree.SubElement(
                div,
                f"{M}mptr",
                {"LOCTYPE": "URL", f"{XL}type": "simple", f"{XL}href": href(target), f"{XL}title": group},
            )
        return smap

    def _rep_mets(self, out, ead: DataFile, premis: DataFile) -> None:
        base = f"representations/{REP}/"
        with etree.xmlfile(out, encoding="UTF-8") as xf:
            xf.write_declaration()
            with xf.element(f"{M}mets", self._root_attrs(REP, "../../", None), nsmap=METS_NSMAP):
                xf.write(self._header(package=False))
                for section in self._metadata_sections(f"{REP}-", ead, premis, base):
                    xf.write(section)
                with xf.element(f"{M}fileSec", ID=f"{REP}-filesec"):
                    with xf.element(f"{M}fileGrp", ID=f"{REP}-grp-data", USE="Data"):
                        admid = f"{REP}-digiprov-premis"
                        xf.flush()  # the fileGrp start tag is out; the file entries follow as text
                        write_fragments(out, xf, self.files, mets_file_fragment, self._stream_file, admid)
                xf.write(self._structmap(f"{REP}-", REP, [(f"{REP}-div-data", "Data", f"{REP}-grp-data")], None))

    def _package_mets(self, out, ead, premis, doc, schemas, rep_mets) -> None:
        meta = self.meta
        with etree.xmlfile(out, encoding="UTF-8") as xf:
            xf.write_declaration()
            with xf.element(f"{M}mets", self._root_attrs(meta.objid, "", meta.label), nsmap=METS_NSMAP):
                xf.write(self._header(package=True))
                for section in self._metadata_sections("", ead, premis, ""):
                    xf.write(section)
                with xf.element(f"{M}fileSec", ID="filesec"):
                    with xf.element(f"{M}fileGrp", ID="grp-doc", USE="Documentation"):
                        xf.write(self._file("file-doc-1", doc, doc.rel))
                    with xf.element(f"{M}fileGrp", ID="grp-schemas", USE="Schemas"):
                        for n, schema in enumerate(schemas, 1):
                            xf.write(self._file(f"file-schema-{n}", schema, schema.rel))
                    with xf.element(
                        f"{M}fileGrp",
                        {
                            "ID": f"grp-{REP}",
                            "USE": f"Representations/{REP}",
                            f"{CS}CONTENTINFORMATIONTYPE": meta.content_information_type,
                        },
                    ):
                        xf.write(self._file(f"file-{REP}-mets", rep_mets, rep_mets.rel))
                divs = [("div-doc", "Documentation", "grp-doc"), ("div-schemas", "Schemas", "grp-schemas")]
                xf.write(self._structmap("", meta.objid, divs, (rep_mets.rel, f"grp-{REP}")))

    # -- PREMIS ---------------------------------------------------------------------------------
    def _identifier(self, parent, tag: str, kind: str, value: str) -> None:
        ident = etree.SubElement(parent, f"{P}{tag}Identifier")
        etree.SubElement(ident, f"{P}{tag}IdentifierType").text = kind
        etree.SubElement(ident, f"{P}{tag}IdentifierValue").text = value

    def _software_premis_agent(self):
        agent = etree.Element(f"{P}agent", nsmap={None: PREMIS_NS})
        self._identifier(agent, "agent", "local", "agent-software")
        etree.SubElement(agent, f"{P}agentName").text = self.meta.software
        etree.SubElement(agent, f"{P}agentType").text = "software"
        etree.SubElement(agent, f"{P}agentVersion").text = self.meta.software_version
        return agent

    def _event(self, ident: str, kind: str, detail: str, objects: list[str]):
        event = etree.Element(f"{P}event", nsmap={None: PREMIS_NS})
        self._identifier(event, "event", "local", ident)
        etree.SubElement(event, f"{P}eventType").text = kind
        etree.SubElement(event, f"{P}eventDateTime").text = self.stamp
        info = etree.SubElement(event, f"{P}eventDetailInformation")
        etree.SubElement(info, f"{P}eventDetail").text = detail
        outcome = etree.SubElement(event, f"{P}eventOutcomeInformation")
        etree.SubElement(outcome, f"{P}eventOutcome").text = "success"
        link = etree.SubElement(event, f"{P}linkingAgentIdentifier")
        etree.SubElement(link, f"{P}linkingAgentIdentifierType").text = "local"
        etree.SubElement(link, f"{P}linkingAgentIdentifierValue").text = "agent-software"
        for value in objects:
            obj = etree.SubElement(event, f"{P}linkingObjectIdentifier")
            etree.SubElement(obj, f"{P}linkingObjectIdentifierType").text = "local"
            etree.SubElement(obj, f"{P}linkingObjectIdentifierValue").text = value
        return event

    def _rep_premis(self, out) -> None:
        """One PREMIS object per data file with its SHA-256 fixity, size and format; the digest event."""
        with etree.xmlfile(out, encoding="UTF-8") as xf:
            xf.write_declaration()
            schema = {f"{{{XSI_NS}}}schemaLocation": f"{PREMIS_NS} ../../../../schemas/premis-v3-0.xsd"}
            with xf.element(f"{P}premis", {**schema, "version": "3.0"}, nsmap={None: PREMIS_NS, "xsi": XSI_NS}):
                xf.flush()
                write_fragments(out, xf, self.files, premis_file_fragment, self._stream_premis_file)
                xf.write(
                    self._event(
                        "event-digest",
                        "message digest calculation",
                        f"SHA-256 beräknad när filen kopierades in i paketet ({len(self.files)} filer).",
                        [],
                    )
                )
                xf.write(self._software_premis_agent())

    def _stream_premis_file(self, xf, n: int, data: DataFile) -> None:
        """The PREMIS object of one data file with its fixity, built as an element and written whole (the
        slow path of a name write_fragments cannot write as text; lxml refuses it as it always did)."""
        sub = etree.SubElement
        obj = etree.Element(P_OBJECT, FILE_OBJECT, nsmap=PREMIS_NSMAP)
        ident = sub(obj, P_IDENTIFIER)
        sub(ident, P_IDENTIFIER_TYPE).text = "local"
        sub(ident, P_IDENTIFIER_VALUE).text = f"data/{data.rel}"
        chars = sub(obj, P_CHARACTERISTICS)
        fixity = sub(chars, P_FIXITY)
        sub(fixity, P_ALGORITHM).text = "SHA-256"
        sub(fixity, P_DIGEST).text = data.sha256
        sub(chars, P_SIZE).text = str(data.size)
        sub(sub(sub(chars, P_FORMAT), P_DESIGNATION), P_FORMAT_NAME).text = data.mimetype
        xf.write(obj)

    def _package_premis(self) -> bytes:
        """The package as an intellectual entity, its creation by the platform, and the agents."""
        nsmap = {None: PREMIS_NS, "xsi": XSI_NS}
        root = etree.Element(
            f"{P}premis",
            {f"{{{XSI_NS}}}schemaLocation": f"{PREMIS_NS} ../../schemas/premis-v3-0.xsd", "version": "3.0"},
            nsmap=nsmap,
        )
        obj = etree.SubElement(root, f"{P}object", {f"{{{XSI_NS}}}type": "intellectualEntity"})
        self._identifier(obj, "object", "local", self.meta.objid)
        detail = f"Paketet byggdes av {self.meta.software} från kommunens export ({len(self.files)} filer)."
        root.append(self._event("event-creation", "creation", detail, [self.meta.objid]))
        root.append(self._software_premis_agent())
        submitter = etree.SubElement(root, f"{P}agent")
        self._identifier(submitter, "agent", "local", "agent-submitter")
        etree.SubElement(submitter, f"{P}agentName").text = self.meta.submitter
        etree.SubElement(submitter, f"{P}agentType").text = "organization"
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)

    # -- EAD3 and the description ---------------------------------------------------------------------
    def _ead(self, representation: bool) -> bytes:
        """EAD3: the records creator, the period and the information types (a fonds; the representation a file)."""
        meta = self.meta
        up = "../../../../" if representation else "../../"
        ead = etree.Element(
            f"{E}ead",
            {f"{{{XSI_NS}}}schemaLocation": f"{EAD_NS} {up}schemas/ead3.xsd"},
            nsmap={None: EAD_NS, "xsi": XSI_NS},
        )
        control = etree.SubElement(ead, f"{E}control")
        etree.SubElement(control, f"{E}recordid").text = f"{meta.objid}-{REP}" if representation else meta.objid
        titlestmt = etree.SubElement(etree.SubElement(control, f"{E}filedesc"), f"{E}titlestmt")
        etree.SubElement(titlestmt, f"{E}titleproper").text = meta.label
        etree.SubElement(control, f"{E}maintenancestatus", value="new")
        etree.SubElement(etree.SubElement(control, f"{E}maintenanceagency"), f"{E}agencyname").text = meta.submitter
        event = etree.SubElement(etree.SubElement(control, f"{E}maintenancehistory"), f"{E}maintenanceevent")
        etree.SubElement(event, f"{E}eventtype", value="created")
        etree.SubElement(event, f"{E}eventdatetime", standarddatetime=self.stamp).text = self.stamp
        etree.SubElement(event, f"{E}agenttype", value="machine")
        etree.SubElement(event, f"{E}agent").text = f"{meta.software} {meta.software_version}"
        archdesc = etree.SubElement(ead, f"{E}archdesc", level="file" if representation else "fonds")
        did = etree.SubElement(archdesc, f"{E}did")
        title = meta.label if not representation else f"{meta.label} – representation {REP}"
        etree.SubElement(did, f"{E}unittitle").text = title
        if meta.period_from or meta.period_to:
            period = f"{meta.period_from or ''}–{meta.period_to or ''}"
            attrs = {"normal": f"{meta.period_from or meta.period_to}/{meta.period_to or meta.period_from}"}
            etree.SubElement(did, f"{E}unitdate", attrs).text = period
        origination = etree.SubElement(did, f"{E}origination")
        etree.SubElement(etree.SubElement(origination, f"{E}corpname"), f"{E}part").text = meta.archival_creator
        if meta.information_types:
            access = etree.SubElement(archdesc, f"{E}controlaccess")
            for name in meta.information_types:
                etree.SubElement(etree.SubElement(access, f"{E}genreform"), f"{E}part").text = name
        return etree.tostring(ead, xml_declaration=True, encoding="UTF-8", pretty_print=True)

    def _description(self, empty_dirs: list[str]) -> str:
        meta = self.meta
        period = f"{meta.period_from or '…'}–{meta.period_to or '…'}"
        lines = [
            f"Leveransbeskrivning för {meta.label}",
            "",
            f"Paketets identifierare: {meta.objid}",
            f"Arkivbildare: {meta.archival_creator}",
            f"Levererande organisation: {meta.submitter}",
            f"System: {meta.system or '–'}",
            f"Leveransöverenskommelse: {meta.agreement or '–'}",
            f"Informationstyper: {', '.join(meta.information_types) or '–'}",
            f"Period: {period}",
            f"Antal filer: {len(self.files)} ({self.content_bytes} byte), tomma mappar: {len(empty_dirs)}",
            f"Byggt: {self.stamp} av {meta.software} {meta.software_version}",
            "",
            "Paketet följer FGS Paketstruktur 2.0 (E-ARK CSIP 2.1.0 och E-ARK SIP 2.1.0).",
            "Filerna ligger oförändrade under representations/rep1/data/; varje fil har storlek och",
            "SHA-256 i representations/rep1/METS.xml och i representations/rep1/metadata/preservation/premis.xml.",
        ]
        return "\n".join(lines) + "\n"


# What XML 1.0 cannot hold at all (C0 controls are refused as names already): such a name takes lxml's path.
