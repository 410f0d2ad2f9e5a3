"""What makes a PDF archivable and readable (PDF/A-2a), read back with pikepdf: the XMP identification
(pdfaid part 2, conformance A), the title, /Lang, /MarkInfo, the structure tree's tags, embedded fonts
and the output intent. Every kind of PDF the platform issues is checked with it."""

import io
from dataclasses import dataclass

import pikepdf


@dataclass
class Archival:
    part: str | None
    conformance: str | None
    title: str | None
    lang: str | None
    marked: bool
    tags: set[str]
    fonts_embedded: list[bool]
    output_intent: str | None


def _walk(node, tags: set[str], depth=0) -> None:
    if depth > 200:
        return
    if isinstance(node, pikepdf.Array):
        for child in node:
            _walk(child, tags, depth + 1)
    elif isinstance(node, pikepdf.Dictionary):
        if "/S" in node:
            tags.add(str(node.S).lstrip("/"))
        if "/K" in node:
            _walk(node.K, tags, depth + 1)


def _embedded(font) -> list[bool]:
    fonts = [font]
    if "/DescendantFonts" in font:
        fonts = list(font.DescendantFonts)
    found = []
    for one in fonts:
        descriptor = one.get("/FontDescriptor")
        if descriptor is not None:
            found.append(any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")))
    return found


def archival(pdf: bytes) -> Archival:
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        meta = doc.open_metadata()
        root = doc.Root
        tags: set[str] = set()
        if "/StructTreeRoot" in root:
            _walk(root.StructTreeRoot.get("/K"), tags)
        fonts = []
        for page in doc.pages:
            for _name, font in (page.Resources.get("/Font") or {}).items():
                fonts.extend(_embedded(font))
        intents = root.get("/OutputIntents") or []
        return Archival(
            part=meta.get("pdfaid:part"),
            conformance=meta.get("pdfaid:conformance"),
            title=meta.get("dc:title"),
            lang=str(root.Lang) if "/Lang" in root else None,
            marked=bool("/MarkInfo" in root and root.MarkInfo.get("/Marked")),
            tags=tags,
            fonts_embedded=fonts,
            output_intent=str(intents[0].S) if len(intents) else None,
        )


def assert_archivable(pdf: bytes, *, title: str, lang: str = "sv", tags: set[str] = frozenset({"H1"})) -> Archival:
    """PDF/A-2a with the document's title and language, tagged (with at least `tags`), fonts embedded."""
    found = archival(pdf)
    assert (found.part, found.conformance) == ("2", "A"), f"not PDF/A-2a: {found}"
    assert found.title == title
    assert found.lang == lang
    assert found.marked, "no /MarkInfo /Marked true"
    assert tags <= found.tags, f"structure tree lacks {tags - found.tags}: {sorted(found.tags)}"
    assert found.fonts_embedded and all(found.fonts_embedded), "a font is not embedded"
    assert found.output_intent == "/GTS_PDFA1"
    return found
