"""The XSS corpus through every text field of workshops (title, goal, place, link, agenda
names, invitations, minutes decisions and notes, board notes and groups shown on the
outcomes and minutes pages), and every page that shows them."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from flask import render_template

from app.extensions import db
from app.models import Role, Workshop
from app.models.workshop import WorkshopStatus
from app.workshops import outcomes
from tests import factories
from tests.factories.board import add_group, add_note, add_vote, person
from tests.factories.needs import create_need
from tests.factories.workshops import register
from tests.xss import PAYLOADS, assert_no_xss

pytestmark = pytest.mark.usefixtures("in_request")


def _lists(client, city) -> list[str]:
    """The calendars, which show every workshop at once."""
    urls = [f"/c/{city.slug}/workshops", f"/c/{city.slug}/workshops?when=past", "/workshops", "/workshops?when=past"]
    return [client.get(url).text for url in urls]


def _pages(client, workshop) -> list[str]:
    urls = [f"/workshops/{workshop.id}", f"/workshops/{workshop.id}/people"]
    if workshop.status is WorkshopStatus.SCHEDULED:
        urls.append(f"/workshops/{workshop.id}/edit")
    if workshop.status is WorkshopStatus.CLOSED:
        urls += [f"/workshops/{workshop.id}/outcomes", f"/workshops/{workshop.id}/minutes"]
    pages = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        pages.append(response.text)
    api = client.get(f"/api/v1/workshops/{workshop.id}")  # JSON, never HTML
    assert api.status_code == 200 and api.headers["Content-Type"] == "application/json"
    return pages


def test_payloads_through_the_scheduling_form(client, login, city):
    facilitator = factories.create_user(role=Role.FACILITATOR, city=city)
    login(facilitator)
    start = datetime.now(ZoneInfo("Europe/Rome")).replace(tzinfo=None) + timedelta(days=5)
    for n, payload in enumerate(PAYLOADS):
        data = {
            "title": f"Lab {n} {payload}"[:140],
            "goal": payload,
            "mode": "hybrid",
            "place": payload[:300],
            "link": "https://meet.example.org/stanza?x=" + payload.replace(" ", "%20")[:400],
            "space": "0",
            "area": "0",
            "starts_at": (start + timedelta(days=n)).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + timedelta(days=n, hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "capacity": "10",
            "visibility": "public",
            "vote_budget": "3",
            "co_facilitators": "",
            "agenda-0-name": payload[:80],
            "agenda-0-kind": "brainstorm",
            "agenda-0-minutes": "10",
        }
        response = client.post(f"/c/{city.slug}/workshops/new", data=data)
        assert response.status_code in (302, 422), payload
        assert_no_xss(response.text)
    workshops = db.session.scalars(sa.select(Workshop)).all()
    assert len(workshops) >= len(PAYLOADS) // 2  # most payloads are acceptable text
    for workshop in workshops:
        for page in _pages(client, workshop):
            assert_no_xss(page)
    for page in _lists(client, city):
        assert_no_xss(page)
    # A javascript: link is never accepted as the online room.
    response = client.post(
        f"/c/{city.slug}/workshops/new",
        data={**data, "title": "Link malevolo", "link": "javascript:alert(document.cookie)"},
    )
    assert response.status_code == 422
    assert all(not w.link.lower().startswith("javascript") for w in db.session.scalars(sa.select(Workshop)))


def test_payloads_through_the_board_and_the_minutes(client, login, city):
    """One closed workshop per payload: the payload is its title, goal, place, agenda name,
    need, group, notes, their author's name, the facilitator's name and the minutes'
    decisions and notes; then every page that shows them, before and after approval."""
    from tests.factories.workshops import create_workshop

    for n, raw in enumerate(PAYLOADS):
        payload = raw or "x"
        facilitator = person(city, f"Facilitatrice {payload}"[:120], Role.FACILITATOR)
        author = person(city, payload[:120])
        need = create_need(city, author, title=payload[:140])
        workshop = create_workshop(
            city=city,
            facilitator=facilitator,
            status="closed",
            title=payload[:140],
            goal=payload,
            place=payload[:300],
            agenda=[(payload[:80], "brainstorm", 10)],
            needs=[need],
        )
        register(workshop, author, attended=True)
        group = add_group(workshop, author, payload[:500])
        note = add_note(workshop, author, payload[:500], group=group)
        add_vote(note, author, 2)
        add_note(workshop, author, payload[:500])
        login(facilitator)
        for page in _pages(client, workshop):
            assert_no_xss(page)
        outcomes.turn_group_into_idea(facilitator, workshop, group, title=f"Idea {n}: {payload}"[:140])
        saved = client.post(
            f"/workshops/{workshop.id}/minutes/edit", data={"decisions": payload, "notes": payload, "action": "save"}
        )
        assert saved.status_code == 302
        assert_no_xss(client.get(f"/workshops/{workshop.id}/minutes/edit").text)
        assert_no_xss(client.get(f"/workshops/{workshop.id}/minutes").text)  # the draft preview
        client.post(f"/workshops/{workshop.id}/minutes/edit", data={"decisions": payload, "action": "approve"})
        assert outcomes.minutes_of(workshop).approved_at is not None
        for page in _pages(client, workshop):
            assert_no_xss(page)
        invite = client.post(f"/workshops/{workshop.id}/invitations", data={"emails": payload})
        assert invite.status_code in (302, 422)
        assert_no_xss(client.get(f"/workshops/{workshop.id}/people").text)
        assert_no_xss(render_template("workshops/_for_target.html", target=need, kind="need"))
    for page in _lists(client, city):
        assert_no_xss(page)
    pdf = client.get(f"/workshops/{workshop.id}/minutes.pdf")
    assert pdf.status_code == 200 and pdf.headers["Content-Type"] == "application/pdf"
