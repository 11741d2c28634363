"""User text: limited Markdown rendered to sanitised HTML, and plain-text helpers.

Every field that accepts Markdown stores what the person wrote and the HTML from
:func:`render_markdown`; templates show the stored HTML with ``|safe`` and nothing else.
"""

from __future__ import annotations

import re

import nh3
from markdown_it import MarkdownIt
from slugify import slugify

# CommonMark without raw HTML, images or tables: paragraphs, emphasis, lists, links, quotes.
_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).disable(["image", "table"])

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote", "code", "pre", "h3", "h4", "h5", "h6"}
_HEADING = re.compile(r"<(/?)h([1-6])>")
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}


def _demote_headings(html: str, top: int = 3) -> str:
    """Headings of user text below the page's own (its h1 and h2): the text's largest
    heading becomes an h3, the next size an h4…, and none skips a level after the one
    before it (``#`` then ``###`` is h3 then h4), so the page's outline stays in order."""
    levels = sorted({int(level) for closing, level in _HEADING.findall(html) if not closing})
    rank = {level: top + n for n, level in enumerate(levels)}
    previous = top - 1
    opened: list[int] = []

    def shift(match: re.Match) -> str:
        nonlocal previous
        if match.group(1):
            return f"</h{opened.pop() if opened else top}>"
        level = min(rank[int(match.group(2))], previous + 1, 6)
        previous = level
        opened.append(level)
        return f"<h{level}>"

    return _HEADING.sub(shift, html)


def render_markdown(text: str) -> str:
    """Limited Markdown to safe HTML: no raw HTML, no scripts, links only http(s)/mailto,
    opened with rel="nofollow noopener noreferrer"."""
    html = _demote_headings(_md.render(text or ""))
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


def _inline_text(token) -> str:
    """The words of an inline token, its markup dropped; a link keeps its address."""
    out, href = [], None
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type == "softbreak":
            out.append(" ")
        elif child.type == "hardbreak":
            out.append("\n")
        elif child.type == "link_open":
            href = child.attrGet("href")
        elif child.type == "link_close" and href:
            out.append(f" ({href})")
            href = None
    return "".join(out).replace("\x00", "")


def markdown_blocks(text: str) -> list[tuple[str, str, int]]:
    """Limited Markdown as plain structured text for print: ``(kind, text, depth)`` with
    kind ``heading``, ``paragraph``, ``bullet``, ``1.``/``2.``… (numbered item), ``quote``
    or ``code``; depth is the list nesting."""
    blocks: list[tuple[str, str, int]] = []
    lists: list[list] = []  # [ordered?, next number] per open list
    item_mark: list[str | None] = []
    quote, heading = 0, False
    for token in _md.parse(text or ""):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            lists.append([kind == "ordered_list_open", int(token.attrGet("start") or 1)])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            ordered, number = lists[-1]
            item_mark.append(f"{number}." if ordered else "bullet")
            lists[-1][1] += 1
        elif kind == "list_item_close":
            item_mark.pop()
        elif kind == "blockquote_open":
            quote += 1
        elif kind == "blockquote_close":
            quote -= 1
        elif kind in ("fence", "code_block"):
            blocks.append(("code", token.content.rstrip("\n"), len(lists)))
        elif kind in ("heading_open", "heading_close"):
            heading = kind == "heading_open"
        elif kind == "inline":
            if heading:
                block_kind = "heading"
            elif item_mark and item_mark[-1]:
                block_kind, item_mark[-1] = item_mark[-1], None  # the item's first paragraph
            else:
                block_kind = "quote" if quote else "paragraph"
            blocks.append((block_kind, _inline_text(token), len(lists)))
    return blocks
