"""Headings of user text (``app.text.render_markdown``) sit under the page's own h1 and
h2: the text's largest heading is an h3, and no heading skips a level after the one
before it, whatever sizes the writer chose."""

import re

import pytest

from app.text import render_markdown


def levels(markdown: str) -> list[int]:
    return [int(n) for n in re.findall(r"<h(\d)>", render_markdown(markdown))]


@pytest.mark.parametrize(
    "markdown, expected",
    [
        ("# Finalità\n## Destinatari", [3, 4]),
        ("## Finalità\ntesto\n## Destinatari", [3, 3]),  # was h4 straight after the page's h1
        ("# A\n### C", [3, 4]),  # was h3 then h3
        ("### A\n# B\n##### C", [3, 3, 4]),
        ("###### tiny", [3]),  # was dropped to plain text
        ("Nessun titolo, **solo testo**.", []),
    ],
)
def test_user_headings_start_at_h3_and_never_skip(markdown, expected):
    assert levels(markdown) == expected


def test_headings_close_as_they_open_and_stay_text():
    html = render_markdown("## <script>x</script> Titolo\n\n### Sotto")
    assert html.startswith("<h3>&lt;script&gt;x&lt;/script&gt; Titolo</h3>")
    assert "<h4>Sotto</h4>" in html
