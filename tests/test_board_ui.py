"""The live board's pages (board, accessible list view, projector): who may open them,
what the page hands to its script, and that board text never turns into markup."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from app.extensions import db
from app.models import Role
from app.models.base import utcnow
from app.models.workshop import Minutes, RegistrationStatus, WorkshopStatus
from tests.factories.board import add_group, add_note, add_vote, person
from tests.factories.workshops import create_workshop, register
from tests.xss import PAYLOADS, assert_no_xss

PAGES = ("board", "board/list", "projector")
EN = {"Accept-Language": "en"}


def url(workshop, page: str) -> str:
    return f"/workshops/{workshop.id}/{page}"


@pytest.fixture
def world(city, other_city):
    facilitator = person(city, "Fabiana Facilitatrice", Role.FACILITATOR)
    workshop = create_workshop(city=city, facilitator=facilitator, status=WorkshopStatus.LIVE)
    people = {
        "facilitator": facilitator,
        "co_facilitator": person(city, "Carlo Cofacilitatore"),
        "staff": person(city, "Stefania Staff", Role.STAFF),
        "other_staff": person(other_city, "Nicola Napoli", Role.STAFF),
        "admin": person(city, "Ada Admin", Role.ADMIN),
        "participant": person(city, "Paolo Partecipante"),
        "waitlisted": person(city, "Wanda Attesa"),
        "cancelled": person(city, "Cesare Disdetto"),
        "invited": person(city, "Irene Invitata"),
        "outsider": person(city, "Olga Esterna"),
        "other_facilitator": person(city, "Franco Altro", Role.FACILITATOR),
    }
    workshop.facilitators.append(people["co_facilitator"])
    db.session.commit()
    register(workshop, people["participant"])
    register(workshop, people["waitlisted"], status=RegistrationStatus.WAITLISTED)
    register(workshop, people["cancelled"], status=RegistrationStatus.CANCELLED)
    register(workshop, people["invited"], status=RegistrationStatus.INVITED)
    return {"workshop": workshop, **people}


class Attrs(HTMLParser):
    """The attributes of the first element carrying ``data-board-root``."""

    def __init__(self):
        super().__init__()
        self.root: dict | None = None
        self.inline_scripts = 0
        self.style_attrs = 0
        self.strings: dict | None = None
        self._in_strings = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "style" in attrs:
            self.style_attrs += 1
        if tag == "script" and attrs.get("type") == "application/json":
            self._in_strings = attrs.get("id") == "page-strings"
        elif tag == "script" and not attrs.get("src"):
            self.inline_scripts += 1
        if self.root is None and "data-board-root" in attrs:
            self.root = attrs

    def handle_data(self, data):
        if self._in_strings:
            assert self.strings is None, "one block of strings per page"
            self.strings = json.loads(data)
            self._in_strings = False


def root_attrs(html: str) -> Attrs:
    parser = Attrs()
    parser.feed(html)
    assert parser.root is not None, "the page has no data-board-root element"
    return parser


# --- who may open the pages ------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, world, page):
    response = client.get(url(world["workshop"], page))
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(
    "who, role",
    [
        ("facilitator", "facilitator"),
        ("co_facilitator", "facilitator"),
        ("staff", "facilitator"),
        ("admin", "facilitator"),
        ("participant", "participant"),
    ],
)
def test_facilitators_staff_and_registered_participants_open_the_pages(client, login, world, page, who, role):
    login(world[who])
    response = client.get(url(world["workshop"], page))
    assert response.status_code == 200
    attrs = root_attrs(response.get_data(as_text=True)).root
    assert attrs["data-role"] == role
    assert attrs["data-workshop-id"] == str(world["workshop"].id)
    assert attrs["data-user-id"] == str(world[who].id)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("who", ["outsider", "waitlisted", "cancelled", "invited", "other_staff", "other_facilitator"])
def test_everyone_else_is_refused(client, login, world, page, who):
    login(world[who])
    assert client.get(url(world["workshop"], page)).status_code == 403


@pytest.mark.parametrize("page", PAGES)
def test_an_unknown_workshop_is_not_found(client, login, world, page):
    login(world["admin"])
    assert client.get(f"/workshops/999999/{page}").status_code == 404


# --- what the page gives its script ----------------------------------------------------


def test_the_board_page_hands_its_script_everything_it_needs(client, login, world):
    login(world["participant"])
    html = client.get(url(world["workshop"], "board"), headers=EN).get_data(as_text=True)
    parsed = root_attrs(html)
    attrs = parsed.root
    assert attrs["data-board-view"] == "board"
    assert attrs["data-status"] == "live"
    assert attrs["data-locked"] == "false"
    assert attrs["data-vote-budget"] == "5"
    assert attrs["data-agenda-length"] == "3"
    assert attrs["data-user-name"] == "Paolo Partecipante"
    assert json.loads(attrs["data-colors"])[0] == "yellow"
    # The words for t() (static/js/i18n.js): one JSON block, plurals as their two forms.
    strings = parsed.strings
    assert strings["votes_left"] == "Votes left: %(n)s of %(total)s"
    assert strings["phase_of"] == "Phase %(n)s of %(total)s"
    assert strings["votes"] == {"one": "%(num)s vote", "other": "%(num)s votes"}
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$", attrs["data-server-now"])
    assert '<script type="module" src="/static/js/board.js' in html
    assert parsed.inline_scripts == 0 and parsed.style_attrs == 0
    # A participant gets no facilitator controls.
    assert "data-board-controls" not in html
    assert 'data-action="phase-next"' not in html
    # The canvas, the note form, the chat and presence are there for the script.
    for hook in ("data-board-canvas", "data-note-form", "data-chat-form", "data-participants", "data-timer"):
        assert hook in html
    assert 'aria-live="assertive"' in html  # errors from acknowledgements


def test_facilitators_get_the_controls(client, login, world):
    login(world["facilitator"])
    html = client.get(url(world["workshop"], "board")).get_data(as_text=True)
    for action in ("start", "phase-prev", "phase-next", "lock", "unlock", "spotlight-clear", "close"):
        assert f'data-action="{action}"' in html
    list_html = client.get(url(world["workshop"], "board/list")).get_data(as_text=True)
    assert 'data-action="phase-next"' in list_html
    # The projector is read-only: no controls, no forms.
    projector = client.get(url(world["workshop"], "projector")).get_data(as_text=True)
    assert "data-board-controls" not in projector
    assert "<form" not in projector and "<textarea" not in projector
    assert '<script type="module" src="/static/js/board-projector.js' in projector
    assert root_attrs(projector).inline_scripts == 0


def test_the_pages_link_to_each_other_and_to_the_workshop(client, login, world):
    login(world["participant"])
    workshop = world["workshop"]
    html = client.get(url(workshop, "board")).get_data(as_text=True)
    assert f'href="/workshops/{workshop.id}/board/list"' in html
    assert f'href="/workshops/{workshop.id}/projector"' in html
    assert f'href="/workshops/{workshop.id}"' in html
    list_html = client.get(url(workshop, "board/list")).get_data(as_text=True)
    assert f'href="/workshops/{workshop.id}/board"' in list_html


def test_a_scheduled_workshop_says_the_board_is_read_only(client, login, city):
    workshop = create_workshop(city=city, status=WorkshopStatus.SCHEDULED)
    participant = person(city, "Pia Partecipante")
    register(workshop, participant)
    login(participant)
    attrs = root_attrs(client.get(url(workshop, "board")).get_data(as_text=True)).root
    assert attrs["data-status"] == "scheduled"


def test_the_minutes_link_is_offered_to_facilitators_when_closed(client, login, city):
    workshop = create_workshop(city=city, status=WorkshopStatus.CLOSED)
    participant = person(city, "Pia Partecipante")
    register(workshop, participant)
    login(workshop.created_by)
    html = client.get(url(workshop, "board")).get_data(as_text=True)
    attrs = root_attrs(html).root
    assert attrs["data-minutes-pdf-url"] == f"/workshops/{workshop.id}/minutes.pdf"
    assert f'href="/workshops/{workshop.id}/minutes.pdf"' in html
    # Participants see the minutes only once they are approved.
    login(participant)
    assert root_attrs(client.get(url(workshop, "board")).get_data(as_text=True)).root["data-minutes-pdf-url"] == ""
    db.session.add(Minutes(workshop_id=workshop.id, decisions="Si parte dal parco.", approved_at=utcnow()))
    db.session.commit()
    attrs = root_attrs(client.get(url(workshop, "board")).get_data(as_text=True)).root
    assert attrs["data-minutes-pdf-url"] == f"/workshops/{workshop.id}/minutes.pdf"


def test_the_pages_speak_italian(client, login, world):
    login(world["participant"])
    html = client.get(url(world["workshop"], "board"), headers={"Accept-Language": "it"}).get_data(as_text=True)
    strings = root_attrs(html).strings
    assert strings["votes_left"] == "Voti rimasti: %(n)s su %(total)s"
    assert strings["votes"] == {"one": "%(num)s voto", "other": "%(num)s voti"}
    assert "Scrivi una nota" in html


# --- the list view's snapshot (no JavaScript) ------------------------------------------


def test_the_list_view_shows_the_board_by_group_with_votes(client, login, world):
    workshop = world["workshop"]
    green = add_group(workshop, world["facilitator"], "Spazi verdi")
    add_group(workshop, world["facilitator"], "Trasporti")
    bench = add_note(workshop, world["participant"], "Più panchine al parco", group=green)
    add_note(workshop, world["participant"], "Una fontanella in piazza")
    add_vote(bench, world["participant"], 2)
    login(world["participant"])
    page = client.get(url(workshop, "board/list"), headers=EN).get_data(as_text=True)
    html = page[page.index("data-list-groups") :]  # the notes, after the forms' group choice
    green_at = html.index("Spazi verdi")
    assert green_at < html.index("Più panchine al parco") < html.index("Trasporti")
    assert html.index("Trasporti") < html.index("Una fontanella in piazza")
    assert "2 votes" in html
    assert 'aria-live="polite"' in page  # new notes are announced
    assert '<script type="module" src="/static/js/board-list.js' in page


def test_deleted_notes_and_groups_are_not_listed(client, login, world):
    workshop = world["workshop"]
    group = add_group(workshop, world["facilitator"], "Gruppo tolto")
    note = add_note(workshop, world["participant"], "Nota tolta")
    group.deleted_at = note.deleted_at = utcnow()
    db.session.commit()
    login(world["participant"])
    html = client.get(url(workshop, "board/list")).get_data(as_text=True)
    assert "Gruppo tolto" not in html and "Nota tolta" not in html


# --- board text never becomes markup ----------------------------------------------------


def test_board_text_is_never_markup(client, login, world):
    workshop = world["workshop"]
    for i, payload in enumerate(PAYLOADS):
        group = add_group(workshop, world["facilitator"], payload, x=10.0 * i)
        add_note(workshop, world["participant"], payload, group=group)
        add_note(workshop, world["participant"], payload)
    login(world["facilitator"])
    for page in PAGES:
        html = client.get(url(workshop, page)).get_data(as_text=True)
        assert_no_xss(html)
    # The canvas and the projector never render notes on the server: the script builds
    # them with textContent from the socket's state.
    for page in ("board", "projector"):
        html = client.get(url(workshop, page)).get_data(as_text=True)
        assert "xss-1" not in html and "xss-2" not in html
    # The list view's snapshot shows each payload as text.
    html = client.get(url(workshop, "board/list")).get_data(as_text=True)
    assert "&lt;script&gt;alert(&#39;xss-1&#39;)&lt;/script&gt;" in html


def test_a_hostile_workshop_title_and_name_stay_text(client, login, city):
    facilitator = person(city, PAYLOADS[2], Role.FACILITATOR)
    for payload in PAYLOADS:
        workshop = create_workshop(city=city, facilitator=facilitator, status=WorkshopStatus.LIVE, title=payload[:140])
        login(facilitator)
        for page in PAGES:
            response = client.get(url(workshop, page))
            assert response.status_code == 200
            assert_no_xss(response.get_data(as_text=True))
