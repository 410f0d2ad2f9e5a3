"""News text: Markdown (CommonMark, by markdown-it-py) to HTML, sanitised by nh3 (ammonia).

Raw HTML in the text is not passed through (markdown-it's `html` off, so it shows as text), and nh3 keeps
only the tags and attributes below and links to http, https and mailto: a news item can never carry a
script, a style, an image from elsewhere or a javascript: link. The text's headings start at h2
on an item's page, whose h1 is the item's title (at h3 in a newsletter, where items are h2).
"""

import re
from functools import lru_cache
from html import unescape

import nh3
from markdown_it import MarkdownIt

_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")

ALLOWED_TAGS = {
    "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "ul", "ol", "li", "strong", "em", "a", "blockquote",
    "code", "pre", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"scope"}}
URL_SCHEMES = {"http", "https", "mailto"}
_HEADING = re.compile(r"<(/?)h([1-6])>")


def _shift_headings(html: str, top: int) -> str:
    """The text's highest heading becomes h<top>, the others keep their distance to it (no level skipped
    from the page's own heading, whether the author began with # or ##)."""
    levels = [int(level) for _slash, level in _HEADING.findall(html)]
    if not levels:
        return html
    by = top - min(levels)
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{max(1, min(int(m.group(2)) + by, 6))}>", html)


def render_markdown(text: str, *, top: int = 2) -> str:
    """Safe HTML of a news item's Markdown text (may be marked safe in a template); its highest heading is
    h<top>."""
    html = _shift_headings(_MARKDOWN.render(text or ""), top)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


@lru_cache(maxsize=256)  # every start page shows the latest items' excerpts: each text is rendered once per process
def plain_excerpt(text: str, length: int = 220) -> str:
    """The first words of the text without markup, as plain text (escaped where shown: start page, e-mail)."""
    plain = nh3.clean(_MARKDOWN.render(text or ""), tags=set())
    plain = re.sub(r"\s+", " ", unescape(plain)).strip()
    return plain if len(plain) <= length else plain[: length - 1].rsplit(" ", 1)[0] + "…"
