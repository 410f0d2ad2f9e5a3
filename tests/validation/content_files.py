"""Real files of the formats the content checks must tell apart, made by the tests (WeasyPrint, Pillow, zipfile)."""

import io
import random
import zipfile

from tests.clamd import CUSTOM_BYTES, EICAR


def png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, "PNG")
    return out.getvalue()


def pdf(variant: str | None = None) -> bytes:
    import weasyprint

    return weasyprint.HTML(string="<p>Protokoll</p>").write_pdf(pdf_variant=variant)


def pdf_claiming_pdfa_without_xmp_id() -> bytes:
    """A PDF/A-1b whose XMP lost its pdfaid entries: it still carries the PDF/A output intent (GTS_PDFA1)."""
    data = pdf("pdf/a-1b")
    assert b"pdfaid:" in data and b"GTS_PDFA1" in data
    return data.replace(b"pdfaid:", b"pdfxid:")


def docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.document.main+xml"/></Types>',
        )
        zf.writestr("_rels/.rels", "<Relationships/>")
        zf.writestr(
            "word/document.xml", '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'
        )
    return out.getvalue()


def random_bytes(size: int = 4096) -> bytes:
    """Bytes of no format, the same in every run: os.urandom's could now and then match a PRONOM signature (a short
    magic number at some offset), and the file was then identified (a CI run failed so)."""
    return random.Random(20261204).randbytes(size)


def eicar() -> bytes:
    return EICAR


def with_custom_signature() -> bytes:
    return b"Ett vanligt protokoll, men med " + CUSTOM_BYTES + b" inuti.\n"
