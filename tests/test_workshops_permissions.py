"""Who may do what on a workshop, asked of the model (``Workshop.can_<verb>(user)``), and
what the doors show for it: the online room's link and the minutes."""

from __future__ import annotations

import pytest
from flask_login import AnonymousUserMixin

from app.extensions import db
from app.models import Anonymous, Role
from app.models.base import utcnow
from app.models.workshop import Minutes, RegistrationStatus, WorkshopStatus
from tests import factories
from tests.factories.workshops import create_workshop, register

pytestmark = pytest.mark.usefixtures("in_request")

LINK = "https://meet.example.org/stanza-japigia"


@pytest.fixture
def people(city, other_city):
    creator = factories.create_user(role=Role.FACILITATOR, city=city, name="Creatrice")
    workshop = create_workshop(city=city, facilitator=creator, public=False)
    workshop.link = LINK
    co = factories.create_user(role=Role.FACILITATOR, city=city, name="Co")
    workshop.facilitators.append(co)
    db.session.commit()
    out = {
        "workshop": workshop,
        "creator": creator,
        "co": co,
        "staff": factories.create_user(role=Role.STAFF, city=city, name="Staff"),
        "admin": factories.create_user(role=Role.ADMIN, name="Admin"),
        "other_facilitator": factories.create_user(role=Role.FACILITATOR, city=city, name="Altra"),
        "staff_elsewhere": factories.create_user(role=Role.STAFF, city=other_city, name="Altrove"),
        "registered": factories.create_user(city=city, name="Iscritta"),
        "waitlisted": factories.create_user(city=city, name="In attesa"),
        "invited": factories.create_user(city=city, name="Invitata"),
        "stranger": factories.create_user(city=city, name="Estranea"),
        "anonymous": Anonymous(),
    }
    register(workshop, out["registered"])
    register(workshop, out["waitlisted"], status=RegistrationStatus.WAITLISTED)
    register(workshop, out["invited"], status=RegistrationStatus.INVITED)
    return out


MANAGERS = {"creator", "co", "staff", "admin"}
JOINERS = MANAGERS | {"registered"}
VIEWERS = JOINERS | {"waitlisted", "invited"}
EVERYONE = VIEWERS | {"other_facilitator", "staff_elsewhere", "stranger", "anonymous"}


def _who(people, question) -> set[str]:
    workshop = people["workshop"]
    return {name for name in EVERYONE if question(workshop, people[name])}


def test_each_question_has_one_answer(people):
    assert _who(people, lambda w, u: w.facilitates(u)) == {"creator", "co"}
    assert _who(people, lambda w, u: w.can_manage(u)) == MANAGERS
    assert _who(people, lambda w, u: w.can_join_board(u)) == JOINERS
    assert _who(people, lambda w, u: w.can_see_link(u)) == JOINERS
    assert _who(people, lambda w, u: w.can_view(u)) == VIEWERS
    assert _who(people, lambda w, u: w.can_read_minutes(u)) == MANAGERS  # a draft, or none yet


def test_approved_minutes_are_read_by_whoever_sees_the_workshop(people):
    workshop = people["workshop"]
    workshop.status = WorkshopStatus.CLOSED
    minutes = Minutes(workshop_id=workshop.id, approved_at=utcnow())
    db.session.add(minutes)
    db.session.commit()
    assert _who(people, lambda w, u: w.can_read_minutes(u)) == VIEWERS
    assert not minutes.can_edit(people["creator"])


def test_a_facilitator_of_the_city_who_does_not_run_it_may_not_manage(client, login, people):
    workshop = people["workshop"]
    login(people["other_facilitator"])
    assert client.get(f"/workshops/{workshop.id}/people").status_code == 403
    login(people["co"])
    assert client.get(f"/workshops/{workshop.id}/people").status_code == 200


@pytest.mark.parametrize("name, sees", [("registered", True), ("co", True), ("waitlisted", False), ("invited", False)])
def test_the_link_is_shown_alike_on_the_page_and_in_the_api(client, login, people, name, sees):
    workshop = people["workshop"]
    login(people[name])
    page = client.get(f"/workshops/{workshop.id}")
    assert (LINK in page.text) is sees
    assert (client.get(f"/api/v1/workshops/{workshop.id}").json["link"] == LINK) is sees


def test_visitors_are_anonymous_users(people):
    assert isinstance(Anonymous(), AnonymousUserMixin)
    assert not people["workshop"].can_view(Anonymous())  # invite-only
