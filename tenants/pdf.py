"""Any of the platform's HTML documents (reports, statements, submission agreements, newsletter issues) as PDF,
with WeasyPrint: the one place the platform writes a PDF.

Every PDF is PDF/A-2a (ISO 19005-2, level A): tagged (a structure tree a screen reader follows, /MarkInfo),
with the document's language (/Lang, from `<html lang>`), its title (XMP dc:title, from `<title>`, shown by
viewers instead of the file name), every font embedded and an sRGB output intent. So the consortium can archive
its own documents in its e-archive (Riksarkivet accepts PDF/A) and readers of published documents can read them
with assistive technology (DOS-lagen). A document without a language or a title is refused rather than written.

Fetches nothing over the network and reads no file outside the project's static files: every URL goes
through `static_only_fetcher`, which refuses the rest. Below every app that makes PDFs, so they all can
import it (reports for its reports, deliveries for the agreement).

WeasyPrint itself (with its cairo/pango bindings, about a second to import) is imported only inside the
two functions that need it, so the web processes that never make a PDF do not load it.
"""

import logging
import posixpath
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders

logger = logging.getLogger(__name__)
# WeasyPrint logs every layout step at INFO: in a worker that floods the log with one line a page.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

# Relative URLs in the document's HTML resolve against this base; only its /static/ paths are served.
BASE_URL = "https://report.invalid/"


# WeasyPrint's PDF/A-2a. Its variant table asks for tags, but `pdf_tags` defaults to False (not None), so the
# variant's default never applies: tagging is asked for explicitly, at layout (render) and at writing.
PDF_OPTIONS = {"pdf_variant": "pdf/a-2a", "pdf_tags": True}


class NotArchivable(ValueError):
    """A document without the language or title that PDF/A-2a (and a screen reader) needs."""


class RefusedURL(ValueError):
    """A document asked for something other than a static file of the project."""


def _static_roots() -> list[Path]:
    roots = [Path(p).resolve() for p in settings.STATICFILES_DIRS]
    roots.append(Path(settings.STATIC_ROOT).resolve())
    return roots


def static_file_for(url: str) -> tuple[bytes, str]:
    """(content, mime type) of /static/<path> from the project's static files; RefusedURL for all else.

    Refuses other hosts and schemes (http, file:, data: too: the templates never need them), and
    paths that climb out of the static folders.
    """
    parts = urlsplit(url)
    base = urlsplit(BASE_URL)
    if parts.scheme != base.scheme or parts.netloc != base.netloc:
        raise RefusedURL(f"refused: {url[:100]}")
    path = unquote(parts.path)
    if not path.startswith(settings.STATIC_URL):
        raise RefusedURL(f"refused: {url[:100]}")
    relative = posixpath.normpath(path[len(settings.STATIC_URL) :])
    if relative.startswith(("..", "/")) or "\x00" in relative:
        raise RefusedURL(f"refused: {url[:100]}")
    found = finders.find(relative)
    if not found:
        raise RefusedURL(f"not a static file: {url[:100]}")
    resolved = Path(found).resolve()
    if not any(resolved.is_relative_to(root) for root in _static_roots()) and not _is_app_static(resolved):
        raise RefusedURL(f"outside the static files: {url[:100]}")
    mime = {
        ".css": "text/css",
        ".svg": "image/svg+xml",
        ".png": "image/png",
        ".ttf": "font/ttf",
        ".woff2": "font/woff2",
        ".woff": "font/woff",
    }.get(resolved.suffix.lower())
    if mime is None:
        raise RefusedURL(f"file type not served: {url[:100]}")
    return resolved.read_bytes(), mime


def _url_fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        """WeasyPrint's url_fetcher: never opens a network connection or a file outside the static files.

        `refused` keeps what was refused (WeasyPrint only logs a warning and goes on without it).
        """

        def __init__(self):
            super().__init__(allowed_protocols=(), allow_redirects=False)
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            try:
                body, mime = static_file_for(url)
            except RefusedURL:
                self.refused.append(url)
                raise
            return URLFetcherResponse(url, body, {"Content-Type": mime})

    return StaticOnlyFetcher


def static_only_fetcher():
    """A new fetcher for one rendering."""
    return _url_fetcher_class()()


def _is_app_static(resolved: Path) -> bool:
    """Static files of an installed app (its static/ folder inside the project)."""
    project = Path(settings.BASE_DIR).resolve()
    return resolved.is_relative_to(project) and "static" in resolved.relative_to(project).parts


@dataclass
class Rendered:
    pdf: bytes
    pages: int
    refused: tuple[str, ...] = ()


def pdf_from_html(html: str) -> Rendered:
    """Lay out and write any of the platform's HTML documents as PDF/A-2a: relative URLs resolve against
    BASE_URL, and every URL goes through the static-only fetcher (no network, no files but static ones).
    NotArchivable when the HTML has no `<html lang>` or no `<title>`."""
    from weasyprint import HTML

    fetcher = static_only_fetcher()
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render(**PDF_OPTIONS)
    if not (document.metadata.lang or "").strip() or not (document.metadata.title or "").strip():
        raise NotArchivable("a PDF/A document needs <html lang> and a non-empty <title>")
    if fetcher.refused:
        logger.warning("PDF rendering refused %s", fetcher.refused)
    pdf = document.write_pdf(**PDF_OPTIONS)
    return Rendered(pdf=pdf, pages=len(document.pages), refused=tuple(fetcher.refused))
