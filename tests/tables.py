"""Read an HTML table back as a reader sees it: ``table(html, "funds-1")`` → its caption and
rows of cell texts (header cells included, white space and non-breaking spaces collapsed)."""

from __future__ import annotations

from html.parser import HTMLParser


class _Table(HTMLParser):
    def __init__(self, table_id: str):
        super().__init__()
        self.table_id, self.depth, self.caption, self.rows = table_id, 0, None, []
        self._cell: list[str] | None = None
        self._in_caption = False

    def handle_starttag(self, tag, attrs):
        if tag == "table" and (self.depth or dict(attrs).get("id") == self.table_id):
            self.depth += 1
        elif self.depth and tag == "tr":
            self.rows.append([])
        elif self.depth and tag in ("td", "th"):
            self._cell = []
        elif self.depth and tag == "caption":
            self._in_caption, self._cell = True, []

    def handle_endtag(self, tag):
        if not self.depth:
            return
        if tag == "table":
            self.depth -= 1
        elif tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(_text(self._cell))
            self._cell = None
        elif tag == "caption":
            self.caption, self._cell, self._in_caption = _text(self._cell), None, False

    def handle_data(self, data):
        if self.depth and self._cell is not None:
            self._cell.append(data)


def _text(parts: list[str]) -> str:
    return " ".join("".join(parts).replace("\xa0", " ").split())


def table(html: str, table_id: str) -> tuple[str | None, list[list[str]]]:
    parser = _Table(table_id)
    parser.feed(html)
    return parser.caption, parser.rows
