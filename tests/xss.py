"""The XSS corpus (tests/data/xss.txt) and a checker that finds live markup in a page.

Use it for every new text field: send each payload through the field, then check every
page (and fragment) that shows it with ``assert_no_xss(html)``.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

PAYLOADS = [
    line
    for line in (Path(__file__).parent / "data" / "xss.txt").read_text().splitlines()
    if line and not line.startswith("#")
]

DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "base", "meta", "frame", "frameset", "applet"}
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcdoc"}


class _Finder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = [(k.lower(), v or "") for k, v in attrs]
        names = {k for k, _ in attrs}
        if tag in DANGEROUS_TAGS:
            # Our pages load scripts only by src from /static and have no inline script; the
            # one data block of the page's words (_macros/strings.html, tojson-escaped) is data.
            src = dict(attrs).get("src", "")
            words = attrs == [("type", "application/json"), ("id", "page-strings")]
            if tag != "script" or not (src.startswith("/static/") or words):
                if not (tag == "meta" and names <= {"charset", "name", "content"}):
                    self.found.append(f"<{tag} {attrs}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"event handler {name}={value!r} on <{tag}>")
            if name in URL_ATTRS and value.strip().lower().replace("\t", "").replace("\n", "").startswith(
                ("javascript:", "vbscript:", "data:text/html")
            ):
                self.found.append(f"{name}={value!r} on <{tag}>")
            if name == "style" and "expression(" in value.lower():
                self.found.append(f"style expression on <{tag}>")

    handle_startendtag = handle_starttag


def find_xss(html: str) -> list[str]:
    finder = _Finder()
    finder.feed(html)
    return finder.found


def assert_no_xss(html: str) -> None:
    found = find_xss(html)
    assert not found, f"live markup from user text: {found[:3]}"
