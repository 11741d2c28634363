"""One representation per object (issue 8, point 3): the ``item:created`` push of a new idea
or need is exactly what the API answers for it, and the card that the live ideas list draws
from the push (static/js/idea-card.js, run here in Node) reads as the card the server draws."""

from __future__ import annotations

import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from app.models import Role
from tests import factories
from tests.factories import needs as fn

JS = Path(__file__).resolve().parent.parent / "app" / "static" / "js"
EXACT = (41.123456, 16.871234)


def _propose(client, need, title="Ludoteca di quartiere", area=None):
    data = {"title": title, "summary": "Giochi in prestito per tutti.", "body": "Sabato.", "need_ids": [need.id]}
    if area is not None:
        data["area"] = area.id
    return client.post("/c/bari/ideas/new", data=data)


def _pushed(watcher, kind):
    pushes = [p for p in watcher.wait_for("item:created") if p["kind"] == kind]
    assert len(pushes) == 1 and pushes[0]["topic"] == "city:bari"
    return pushes[0]["item"]


def test_a_new_idea_is_pushed_as_the_api_shows_it(app, client, login, live, city, resident):
    area = fn.create_area(city, name="Libertà")
    need = fn.create_need(city, title="Niente giochi per i bambini", area=area)
    watcher = live()
    assert watcher.emit("subscribe", {"topic": "city:bari"})["ok"]
    login(resident)
    assert _propose(client, need, area=area).status_code == 302
    item = _pushed(watcher, "idea")

    anyone = app.test_client()
    listed = anyone.get("/api/v1/ideas?city=bari").get_json()["items"]
    assert item == listed[0]
    detail = anyone.get(f"/api/v1/ideas/{item['id']}").get_json()
    assert item == {key: detail[key] for key in item}
    assert item["needs"][0]["title"] == "Niente giochi per i bambini" and item["area"]["name"] == "Libertà"
    assert item["author"] == {"id": resident.id, "name": "Rosa Resident"}


def test_a_new_need_is_pushed_as_anyone_reads_it_in_the_api(app, client, login, live, city):
    staff = factories.create_user(role=Role.STAFF, city=city)
    watcher = live()
    assert watcher.emit("subscribe", {"topic": "city:bari"})["ok"]
    login(staff)  # staff see the exact point; the push goes to everyone, so it must not carry it
    response = client.post(
        "/c/bari/needs/new",
        data={
            "title": "Giardino abbandonato dietro la scuola",
            "body": "Il giardino dietro la scuola media è pieno di rifiuti.",
            "category": "environment",
            "lat": str(EXACT[0]),
            "lng": str(EXACT[1]),
        },
    )
    assert response.status_code == 302
    item = _pushed(watcher, "need")

    assert item == app.test_client().get("/api/v1/needs?city=bari").get_json()["items"][0]
    assert "lat" not in item and item["lat_public"] == 41.123
    as_staff = client.get(f"/api/v1/needs/{item['id']}").get_json()
    assert as_staff["lat"] == EXACT[0]  # the API still shows staff the exact point
    assert {key: value for key, value in as_staff.items() if key not in ("lat", "lng", "history")} == item


# --- the card drawn live reads as the card drawn by the server -----------------------------------


class Cards(HTMLParser):
    """The page's idea cards (text, link, heading) and the live box's data attributes."""

    def __init__(self):
        super().__init__()
        self.cards: list[dict] = []
        self.box: dict = {}
        self.strings: dict = {}
        self.lang = ""
        self._depth = 0
        self._in_strings = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang", "")
        if "data-ideas-live" in attrs:
            self.box = attrs
        if tag == "script" and attrs.get("id") == "page-strings":
            self._in_strings = True
        if tag == "article":
            self.cards.append({"text": [], "href": None, "heading": None, "badge": None})
            self._depth = 1
        elif self._depth:
            self._depth += 1
            card = self.cards[-1]
            if tag == "a" and card["href"] is None:
                card["href"], card["heading"] = attrs["href"], self._last
            if tag == "span" and "badge" in (attrs.get("class") or "") and card["badge"] is None:
                card["badge"] = attrs["class"]
        self._last = tag

    def handle_endtag(self, tag):
        if self._depth:
            self._depth -= 1

    def handle_data(self, data):
        if self._in_strings:
            self.strings = json.loads(data)
            self._in_strings = False
        elif self._depth:
            self.cards[-1]["text"].append(data)


NODE_CARD = """
class El {
  constructor(tag) { this.tag = tag; this.className = ""; this.attrs = {}; this.children = []; }
  set textContent(value) { this.children = [String(value)]; }
  get textContent() { return this.children.map((c) => (typeof c === "string" ? c : c.textContent)).join(""); }
  append(...items) { this.children.push(...items); }
  setAttribute(name, value) { this.attrs[name] = String(value); }
  toJSON() { return { tag: this.tag, className: this.className, attrs: this.attrs, children: this.children }; }
}
const [strings, lang, item, options] = JSON.parse(process.argv[1]);
globalThis.document = {
  getElementById: (id) => (id === "page-strings" ? { textContent: JSON.stringify(strings) } : null),
  documentElement: { lang },
};
const doc = { createElement: (tag) => new El(tag), documentElement: { lang }, baseURI: "http://localhost/" };
const { ideaCard } = await import(process.argv[2]);
process.stdout.write(JSON.stringify(ideaCard(item, options, doc)));
"""


def _draw(page: Cards, item: dict) -> dict:
    """The card idea-card.js draws for ``item`` with the page's words and the box's options."""
    box = page.box
    options = {
        "heading": box["data-heading"],
        "showNeeds": box["data-show-needs"] == "yes",
        "stageBadges": json.loads(box["data-stage-badges"]),
        "timeZone": box["data-time-zone"],
    }
    argument = json.dumps([page.strings, page.lang, item, options])
    done = subprocess.run(
        ["node", "--input-type=module", "-e", NODE_CARD, argument, (JS / "idea-card.js").as_uri()],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _read(element, skip_marker=True) -> dict:
    """Text, first link, its heading and the first badge of a drawn card (as Cards reads HTML)."""
    found = {"text": [], "href": None, "heading": None, "badge": None}

    def walk(node, parent):
        if isinstance(node, str):
            found["text"].append(node)
            return
        if skip_marker and "data-live-marker" in node["attrs"]:
            return
        if node["tag"] == "a" and found["href"] is None:
            found["href"], found["heading"] = node["attrs"]["href"], parent
        if node["tag"] == "span" and "badge" in node["className"] and found["badge"] is None:
            found["badge"] = node["className"]
        for child in node["children"]:
            walk(child, node["tag"])

    walk(element, None)
    return found


def _words(parts: list[str]) -> str:
    return " ".join(" ".join(parts).split())


@pytest.mark.parametrize("page_path", ["/c/bari/ideas", "/c/bari"])
@pytest.mark.parametrize("language", ["it", "en"])
def test_the_live_card_reads_as_the_server_card(app, client, login, live, city, resident, page_path, language):
    if shutil.which("node") is None:
        pytest.fail("This test runs static/js/idea-card.js in Node: install nodejs.", pytrace=False)
    area = fn.create_area(city, name="Libertà")
    needs = [fn.create_need(city, title="Niente giochi <b>per</b> i bambini"), fn.create_need(city, title="Cortile")]
    watcher = live()
    watcher.emit("subscribe", {"topic": "city:bari"})
    login(resident)
    response = client.post(
        "/c/bari/ideas/new",
        data={
            "title": "Ludoteca & <i>giochi</i>",
            "summary": "Giochi in prestito per tutti.",
            "body": "Sabato.",
            "need_ids": [n.id for n in needs],
            "area": area.id,
        },
    )
    assert response.status_code == 302
    item = _pushed(watcher, "idea")

    page = Cards()
    page.feed(app.test_client().get(page_path, headers={"Accept-Language": language}).get_data(as_text=True))
    assert page.box["data-live-prepend"] == "yes" and page.lang == language
    drawn_html = next(c for c in page.cards if c["href"] == f"/c/bari/ideas/{item['id']}")
    drawn_live = _read(_draw(page, item))
    assert _words(drawn_live["text"]) == _words(drawn_html["text"])
    assert (drawn_live["href"], drawn_live["heading"], drawn_live["badge"]) == (
        drawn_html["href"],
        drawn_html["heading"],
        drawn_html["badge"],
    )
    marker = _read(_draw(page, item), skip_marker=False)["text"][0]
    assert marker == ("Nuova idea" if language == "it" else "New idea")
