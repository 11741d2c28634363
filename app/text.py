"""User text: limited Markdown rendered to sanitised HTML, and plain-text helpers.

Every field that accepts Markdown stores what the person wrote and the HTML from
:func:`render_markdown`; templates show the stored HTML with ``|safe`` and nothing else.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt
from slugify import slugify

# CommonMark without raw HTML, images or tables: paragraphs, emphasis, lists, links, quotes.
_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).disable(["image", "table"])

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote", "code", "pre", "h3", "h4"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str) -> str:
    """Limited Markdown to safe HTML: no raw HTML, no scripts, links only http(s)/mailto,
    opened with rel="nofollow noopener noreferrer"."""
    html = _md.render(text or "")
    # Headings from user text are demoted so they never compete with the page's own.
    html = html.replace("<h1>", "<h3>").replace("</h1>", "</h3>").replace("<h2>", "<h4>").replace("</h2>", "</h4>")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
    )


def plain(text: str | None) -> str:
    """Strip surrounding white space and NUL characters from a one-line field."""
    return (text or "").replace("\x00", "").strip()


def slug(text: str | None, *, separator: str = "-", max_length: int = 60, fallback: str = "item") -> str:
    """The one way a slug or key is made from a name: lower-case ASCII words (accents and
    other letters transliterated) joined by ``separator``, at most ``max_length`` characters,
    ``fallback`` when nothing is left."""
    return slugify(text or "", separator=separator, max_length=max_length) or fallback
