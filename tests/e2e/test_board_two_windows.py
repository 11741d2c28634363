"""Two people, two headless Chromium windows, one real server (eventlet): what one does on
the live board, the other sees. Also the browser's guarantees: a note typed while the
connection is down arrives once (even across a reload), a missed broadcast is caught up
with ``workshop:sync``, and a stale edit gives way to the other person's version."""

from __future__ import annotations

import re
import time

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Role
from app.models.board import BoardNote
from app.models.workshop import WorkshopStatus
from tests import factories
from tests.factories.workshops import create_workshop, register

pytestmark = [pytest.mark.e2e, pytest.mark.server]

AGENDA = [("Idee libere", "brainstorm", 10), ("Raggruppiamo", "cluster", 10), ("Votiamo", "vote", 10)]


class Window:
    """One person's browser window, signed in through the sign-in form."""

    def __init__(self, browser, server, user, viewport=(1280, 900)):
        self.server = server
        self.user = user
        self.context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, locale="en-GB")
        self.page = self.context.new_page()
        self.page.set_default_timeout(15000)
        self.errors: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.goto(server.url + "/login")
        self.page.fill("#email", user.email)
        self.page.fill("#password", factories.PASSWORD)
        self.page.locator("main form button[type=submit]").click()
        self.page.wait_for_url(lambda url: "/login" not in url)

    def open(self, workshop, view="board"):
        self.page.goto(f"{self.server.url}/workshops/{workshop.id}/{view}")
        self.wait_connected()

    def wait_connected(self):
        self.page.locator("[data-connection][data-state=connected]").wait_for()

    def note(self, text):
        return self.page.locator(".board-note", has=self.page.locator(".board-note-text", has_text=text))

    def add_note(self, text):
        self.page.fill("#board-note-text", text)
        self.page.locator("[data-note-form] button[type=submit]").click()

    def client(self, expression):
        """Evaluate ``expression`` with ``client`` bound to the page's BoardClient."""
        script = "(() => { const client = document.querySelector('[data-board-root]').boardClient; return %s; })()"
        return self.page.evaluate(script % expression)

    def cut_connection(self):
        """The network goes away: no new connections, and the current one drops."""
        self.context.set_offline(True)
        self.client("client.socket.io.engine.close()")
        self.page.locator("[data-connection][data-state=offline]").wait_for()

    def restore_connection(self):
        self.context.set_offline(False)

    def close(self):
        assert not self.errors, f"JavaScript errors: {self.errors}"
        self.context.close()


@pytest.fixture
def people(city):
    facilitator = factories.create_user(role=Role.FACILITATOR, city=city, name="Fabiana Facilitatrice")
    participant = factories.create_user(city=city, name="Paolo Partecipante")
    return facilitator, participant


def make_workshop(people, **kwargs):
    facilitator, participant = people
    kwargs.setdefault("agenda", AGENDA)
    workshop = create_workshop(city=facilitator.city, facilitator=facilitator, vote_budget=3, **kwargs)
    register(workshop, participant)
    return workshop


@pytest.fixture
def windows(browser, server, people):
    opened: list[Window] = []

    def open_window(user, **kwargs):
        window = Window(browser, server, user, **kwargs)
        opened.append(window)
        return window

    yield open_window
    for window in opened:
        window.close()


def left_top(locator):
    return locator.evaluate("node => [node.style.left, node.style.top]")


def test_two_people_share_the_board_from_start_to_minutes(windows, people):
    facilitator, participant = people
    workshop = make_workshop(people)
    fac = windows(facilitator)
    par = windows(participant)
    fac.open(workshop)
    par.open(workshop)

    # Presence: each sees the other.
    fac.page.locator("[data-participants]", has_text="Paolo Partecipante").wait_for()
    par.page.locator("[data-participants]", has_text="Fabiana Facilitatrice").wait_for()
    # Before the start the board is read-only for the participant.
    assert par.page.locator("#board-note-text").is_disabled()
    assert par.page.locator("[data-board-controls]").count() == 0

    # The facilitator starts: everybody is live, in the first phase, with a running timer.
    fac.page.locator("[data-action=start]").click()
    par.page.locator("[data-board-root][data-status=live]").wait_for()
    par.page.locator("[data-phase-name]", has_text="Idee libere").wait_for()
    timer = par.page.locator("[data-timer]")
    timer.wait_for()
    first = timer.text_content()
    assert re.fullmatch(r"\d{1,2}:\d\d", first), first
    assert first in ("10:00", "9:59", "9:58")
    time.sleep(2.1)
    assert timer.text_content() != first

    # The participant adds a note; the facilitator sees it appear.
    par.add_note("Più alberi in via Sparano")
    fac.note("Più alberi in via Sparano").wait_for()
    assert fac.note("Più alberi in via Sparano").locator(".board-note-author").text_content() == "Paolo Partecipante"

    # Cluster phase: the participant drags the note; the facilitator sees it move.
    fac.page.locator("[data-action=phase-next]").click()
    par.page.locator("[data-phase-name]", has_text="Raggruppiamo").wait_for()
    note = par.note("Più alberi in via Sparano")
    before = left_top(fac.note("Più alberi in via Sparano"))
    box = note.bounding_box()
    par.page.mouse.move(box["x"] + 60, box["y"] + 30)
    par.page.mouse.down()
    par.page.mouse.move(box["x"] + 160, box["y"] + 90, steps=8)
    par.page.mouse.move(box["x"] + 260, box["y"] + 150, steps=8)
    par.page.mouse.up()
    moved = left_top(note)
    assert moved != before
    fac.page.wait_for_function(
        """([text, left, top]) => [...document.querySelectorAll('.board-note')].some(n =>
             n.querySelector('.board-note-text').textContent === text
             && n.style.left === left && n.style.top === top)""",
        arg=["Più alberi in via Sparano", *moved],
    )
    # The keyboard moves it too: focus the note, press the right arrow.
    note.focus()
    par.page.keyboard.press("ArrowRight")
    expected_left = f"{int(moved[0][:-2]) + 10}px"
    fac.page.wait_for_function(
        """([text, left]) => [...document.querySelectorAll('.board-note')].some(n =>
             n.querySelector('.board-note-text').textContent === text && n.style.left === left)""",
        arg=["Più alberi in via Sparano", expected_left],
    )

    # Vote phase: both vote; both see two votes, and the participant's budget goes down.
    fac.page.locator("[data-action=phase-next]").click()
    par.page.locator("[data-phase-name]", has_text="Votiamo").wait_for()
    par.note("Più alberi in via Sparano").locator("[data-note-action=vote-up]").click()
    par.page.locator("[data-votes-left]", has_text="Votes left: 2 of 3").wait_for()
    fac.note("Più alberi in via Sparano").locator("[data-note-action=vote-up]").click()
    for window in (fac, par):
        window.note("Più alberi in via Sparano").locator(".board-note-votes", has_text="2").wait_for()

    # The facilitator closes: the board turns read-only for everyone, the minutes appear.
    fac.page.locator("[data-action=close]").click()
    fac.page.locator("[data-action=close-confirm]").click()
    par.page.locator("[data-board-root][data-status=closed]").wait_for()
    par.page.locator("[data-status-message]", has_text="closed").wait_for()
    assert par.page.locator("#board-note-text").is_disabled()
    par.note("Più alberi in via Sparano").locator("[data-note-action=vote-up]").wait_for(state="hidden")
    link = fac.page.locator("[data-minutes-link]")
    link.wait_for()
    href = link.get_attribute("href")
    assert href == f"/workshops/{workshop.id}/minutes.pdf"
    response = fac.page.request.get(fac.server.url + href)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")


def test_a_note_typed_while_offline_arrives_once_even_across_a_reload(windows, people):
    facilitator, participant = people
    workshop = make_workshop(people, status=WorkshopStatus.LIVE)
    fac = windows(facilitator)
    par = windows(participant)
    fac.open(workshop)
    par.open(workshop)

    par.cut_connection()
    par.add_note("Una biblioteca di quartiere")
    # Shown at once as waiting, and kept in the tab's storage.
    par.note("Una biblioteca di quartiere").locator(".board-note-author", has_text="sending").wait_for()
    stored = par.page.evaluate(f"sessionStorage.getItem('cantiere-board-outbox:{workshop.id}:{participant.id}')")
    assert "Una biblioteca di quartiere" in stored
    assert fac.note("Una biblioteca di quartiere").count() == 0

    # Back online, and the page is reloaded at once: the note is sent once, not lost.
    par.restore_connection()
    par.page.reload()
    par.wait_connected()
    fac.note("Una biblioteca di quartiere").wait_for()
    par.note("Una biblioteca di quartiere").wait_for()
    par.page.wait_for_function(f"!sessionStorage.getItem('cantiere-board-outbox:{workshop.id}:{participant.id}')")
    time.sleep(0.5)
    assert fac.note("Una biblioteca di quartiere").count() == 1
    db.session.expire_all()
    texts = db.session.scalars(sa.select(BoardNote.text).where(BoardNote.workshop_id == workshop.id)).all()
    assert texts == ["Una biblioteca di quartiere"]

    # Cut again: a note and a chat message typed offline go out after the reconnect.
    par.cut_connection()
    par.add_note("Orti urbani sul tetto")
    par.page.fill("#board-chat-text", "Ci sono anch'io")
    par.page.locator("[data-chat-form] button[type=submit]").click()
    par.restore_connection()
    fac.note("Orti urbani sul tetto").wait_for(timeout=20000)
    fac.page.locator("[data-chat-log]", has_text="Ci sono anch'io").wait_for()
    par.page.locator("[data-board-messages]", has_text="waiting changes have been sent").wait_for()


def test_a_missed_broadcast_is_caught_up_with_sync(windows, people):
    facilitator, participant = people
    workshop = make_workshop(people, status=WorkshopStatus.LIVE, agenda=[])
    fac = windows(facilitator)
    par = windows(participant)
    fac.open(workshop)
    par.open(workshop)
    # The participant's window loses the next note:created broadcast on the way.
    par.client(
        """(() => {
          const original = client.onBroadcast.bind(client);
          let dropped = false;
          client.syncs = 0;
          const sync = client.sync.bind(client);
          client.sync = () => { client.syncs += 1; return sync(); };
          client.onBroadcast = (name, data) => {
            if (name === 'note:created' && !dropped) { dropped = true; return; }
            original(name, data);
          };
        })()"""
    )
    fac.add_note("Prima nota, persa per strada")
    fac.note("Prima nota, persa per strada").wait_for()
    time.sleep(0.5)
    assert par.note("Prima nota, persa per strada").count() == 0
    # The next broadcast has a gap before it: the window asks what it missed.
    fac.add_note("Seconda nota")
    par.note("Seconda nota").wait_for()
    par.note("Prima nota, persa per strada").wait_for()
    assert par.client("client.syncs") >= 1
    assert par.client("client.store.seq") == fac.client("client.store.seq")
    # Notes are in seq order on the participant's board as on the facilitator's.
    assert par.client("[...client.store.notes.values()].map(n => n.text)") == [
        "Prima nota, persa per strada",
        "Seconda nota",
    ]


def test_a_stale_edit_gives_way_to_the_current_version(windows, people):
    facilitator, participant = people
    workshop = make_workshop(people, status=WorkshopStatus.LIVE, agenda=[])
    fac = windows(facilitator)
    par = windows(participant)
    fac.open(workshop)
    par.open(workshop)
    par.add_note("Panchine nel parco")
    fac.note("Panchine nel parco").wait_for()

    # Offline, the participant rewrites the note; meanwhile the facilitator rewrites it too.
    par.cut_connection()
    note = par.note("Panchine nel parco")
    note.focus()
    par.page.keyboard.press("Enter")
    par.page.locator(".board-note-edit textarea").fill("Panchine all'ombra")
    par.page.keyboard.press("Control+Enter")
    par.note("Panchine all'ombra").wait_for()
    fac_note = fac.note("Panchine nel parco")
    fac_note.hover()
    fac_note.locator("[data-note-action=edit]").click()
    fac.page.locator(".board-note-edit textarea").fill("Panchine e fontanelle")
    fac.page.locator(".board-note-edit button[type=submit]").click()
    fac.note("Panchine e fontanelle").wait_for()

    # Back online: the participant's stale edit is refused; their window adopts the current
    # note and says so, without blocking.
    par.restore_connection()
    par.note("Panchine e fontanelle").wait_for(timeout=20000)
    par.page.locator("[data-board-messages]", has_text="changed this note meanwhile").wait_for()
    assert par.note("Panchine all'ombra").count() == 0
    time.sleep(0.5)
    assert fac.note("Panchine e fontanelle").count() == 1


def test_the_list_view_is_live_and_works_by_keyboard(windows, people):
    facilitator, participant = people
    workshop = make_workshop(people, status=WorkshopStatus.LIVE, agenda=[])
    fac = windows(facilitator)
    par = windows(participant, viewport=(390, 844))
    fac.open(workshop)
    par.open(workshop, view="board/list")

    # A note from the canvas appears in the list and is announced to screen readers.
    fac.add_note("Un campo da basket")
    par.page.locator(".board-list-note", has_text="Un campo da basket").wait_for()
    par.page.locator("[data-live-announcer]", has_text="New note from Fabiana Facilitatrice").wait_for()

    # Add a note with the keyboard only.
    par.page.locator("#board-note-text").focus()
    par.page.keyboard.type("Corsi di italiano per tutti")
    par.page.keyboard.press("Tab")  # colour
    par.page.keyboard.press("Tab")  # group
    par.page.keyboard.press("Tab")  # the button
    par.page.keyboard.press("Enter")
    fac.note("Corsi di italiano per tutti").wait_for()

    # Vote with the keyboard: the button reads "Add a vote".
    vote = par.page.locator(".board-list-note", has_text="Un campo da basket").get_by_role("button", name="Add a vote")
    vote.focus()
    par.page.keyboard.press("Enter")
    fac.note("Un campo da basket").locator(".board-note-votes", has_text="1").wait_for()
    par.page.locator(".board-list-note", has_text="Un campo da basket").get_by_text("1 vote").wait_for()
