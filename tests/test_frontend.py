"""The front end's conventions: one block of translated words per page for t()
(static/js/i18n.js), no words written into the scripts, plurals right, and the searchable
multiple choice of the form macro."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from app.models import Role
from tests import factories
from tests.factories.needs import create_need

JS = Path(__file__).resolve().parent.parent / "app" / "static" / "js"


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.blocks: list[dict] = []
        self.scripts: list[str] = []
        self.selects: list[dict] = []
        self._in_block = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("id") == "page-strings":
            assert attrs.get("type") == "application/json"
            self._in_block = True
        elif tag == "script" and attrs.get("src"):
            self.scripts.append(attrs["src"])
        if tag == "select":
            self.selects.append(attrs)

    def handle_data(self, data):
        if self._in_block:
            self.blocks.append(json.loads(data))
            self._in_block = False


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    assert len(page.blocks) <= 1, "one block of strings per page"
    return page


def test_scripts_take_their_words_from_the_page_only():
    # The old conventions are gone: words in data-* attributes, a JSON attribute of strings,
    # and words chosen by the page's language inside a script.
    old = re.compile(
        r"dataset\.(label[A-Z]|msg|t[A-Z]|countText|moreText|newNeedsText|strings)|documentElement\.lang ==="
    )
    offenders = [f"{path.name}: {m.group(0)}" for path in JS.glob("*.js") for m in old.finditer(path.read_text())]
    assert offenders == []


def test_the_workshop_form_gets_one_block_and_a_searchable_choice_of_needs(client, login, city):
    facilitator = factories.create_user(role=Role.FACILITATOR, city=city)
    create_need(city)
    login(facilitator)
    page = parse(client.get(f"/c/{city.slug}/workshops/new", headers={"Accept-Language": "it"}).get_data(as_text=True))
    searchable = [s["name"] for s in page.selects if "multiple" in s and "data-searchable" in s]
    assert searchable == ["need_ids", "idea_ids"]
    assert "/static/vendor/tom-select/dist/js/tom-select.complete.min.js" in page.scripts
    assert page.blocks[0]["select_search"] == "Scrivi per cercare…"


def test_pages_without_a_multiple_choice_do_not_load_the_picker(client, city):
    page = parse(client.get("/").get_data(as_text=True))
    assert not any("tom-select" in src for src in page.scripts)


def test_counts_speak_in_the_singular_and_the_plural(client, city):
    need = create_need(city)
    html = client.get(f"/c/{city.slug}/needs", headers={"Accept-Language": "it"}).get_data(as_text=True)
    assert f'data-live-counter="need:{need.id} comments" data-live-plural="needs_comments">0 commenti<' in html
    words = parse(html).blocks[0]
    assert words["needs_supports"] == {"one": "%(num)s sostegno", "other": "%(num)s sostegni"}
