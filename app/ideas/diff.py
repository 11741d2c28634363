"""A readable, escaped word-level diff between two texts of an idea (``difflib``).

Removed words are wrapped in ``<del>``, added ones in ``<ins>`` (each with a hidden label
for screen readers); everything from the texts themselves is escaped, line breaks become
``<br>``. Very long texts fall back to a line-level diff to keep the page fast.
"""

from __future__ import annotations

import difflib
import re

from flask_babel import gettext as _
from markupsafe import Markup, escape

_TOKENS = re.compile(r"\s+|[^\s]+")
WORD_LIMIT = 12000


def _escaped(text: str) -> Markup:
    return Markup("<br>\n").join(escape(part) for part in text.split("\n"))


def _wrap(tag: str, label: str, text: str) -> Markup:
    if not text:
        return Markup("")
    return Markup('<{tag} class="idea-diff-{tag}"><span class="visually-hidden">{label} </span>{text}</{tag}>').format(
        tag=tag, label=label, text=_escaped(text)
    )


def word_diff(old: str, new: str) -> Markup:
    """Markup showing how ``old`` became ``new``."""
    old, new = old or "", new or ""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    if len(a) + len(b) > WORD_LIMIT:
        a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    removed, added = _("removed:"), _("added:")
    out: list[Markup] = []
    gone: list[str] = []
    came: list[str] = []

    def flush() -> None:
        out.append(_wrap("del", removed, "".join(gone)))
        out.append(_wrap("ins", added, "".join(came)))
        gone.clear()
        came.clear()

    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    for index, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op == "equal":
            short = i2 - i1 <= 2 and 0 < index < len(opcodes) - 1
            if short and (gone or came):
                # One word between two changes reads better inside the change.
                gone.extend(a[i1:i2])
                came.extend(b[j1:j2])
                continue
            if gone or came:
                flush()
            out.append(_escaped("".join(a[i1:i2])))
            continue
        gone.extend(a[i1:i2])
        came.extend(b[j1:j2])
    if gone or came:
        flush()
    return Markup("").join(out)


def changed(old: str, new: str) -> bool:
    return (old or "") != (new or "")
