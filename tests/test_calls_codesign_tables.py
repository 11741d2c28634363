"""Co-design leftovers of issue 9: the admitted organisations are invited to the co-design
tables on their own (their members get the workshop invitation when a table is scheduled,
and an organisation admitted later gets the tables already scheduled); a refused decision
or shortlist form comes back on the call page with its errors (422), not as a flash; the
call page shows the interests, admitted and answers counters, live."""

from __future__ import annotations

import re

import sqlalchemy as sa

from app.calls import participation, services
from app.extensions import db
from app.models import CallAnswer, CallInterest, InterestStatus, Notification, Registration, Workshop
from app.models.workshop import RegistrationStatus
from tests import factories
from tests.factories.calls import create_participation_call
from tests.factories.ideas import create_idea
from tests.factories.organisations import add_member, create_organisation
from tests.test_calls_codesign import _table_form, aps, interest, owner, staff  # noqa: F401 (fixtures)


def _invited(user) -> list[int]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            sa.select(Registration.workshop_id).where(
                Registration.user_id == user.id, Registration.status == RegistrationStatus.INVITED
            )
        )
    )


def _kinds(user) -> list[str]:
    return list(db.session.scalars(sa.select(Notification.kind).where(Notification.user_id == user.id)))


def _decide(staff, row, admitted):  # noqa: F811
    return participation.decide_interest(staff, row, {"admitted": admitted, "reason": "Valutata la proposta."})


def test_members_of_admitted_organisations_are_invited_to_a_new_table(client, login, city, staff, owner, aps):  # noqa: F811
    call = create_participation_call(city, staff)
    member = factories.create_user(city=city, name="Socia APS")
    add_member(aps, member)
    other_owner = factories.create_user(city=city, name="Presidente ODV")
    refused = create_organisation(city, other_owner, name="ODV Refused", runts_number="RUNTS-999")
    admitted_row = participation.express_interest(owner, call, interest(aps))
    refused_row = participation.express_interest(other_owner, call, interest(refused, runts_number="RUNTS-999"))
    services.transition_call(staff, call, {"to": "admission"})
    _decide(staff, admitted_row, True)
    _decide(staff, refused_row, False)

    login(staff)
    response = client.post(f"/calls/{call.id}/tables", data=_table_form())
    assert response.status_code == 302, response.text
    table = db.session.scalar(sa.select(Workshop).where(Workshop.call_id == call.id))
    assert _invited(owner) == [table.id] and _invited(member) == [table.id]
    assert _invited(other_owner) == [] and _invited(staff) == []
    assert "workshop.invited" in _kinds(member) and "workshop.invited" not in _kinds(other_owner)
    assert client.get(f"/calls/{call.id}").status_code == 200


def test_an_organisation_admitted_later_gets_the_tables_already_scheduled(city, staff, owner, aps):  # noqa: F811
    call = create_participation_call(city, staff)
    row = participation.express_interest(owner, call, interest(aps))
    services.transition_call(staff, call, {"to": "admission"})
    first = participation.schedule_table(staff, call, _table_form(title="Primo tavolo"))
    second = participation.schedule_table(staff, call, _table_form(title="Secondo tavolo"))
    assert _invited(owner) == []  # not admitted yet
    _decide(staff, row, True)
    assert sorted(_invited(owner)) == sorted([first.id, second.id])
    assert _kinds(owner).count("workshop.invited") == 2
    _decide(staff, db.session.get(CallInterest, row.id), True)  # the same decision again
    assert _kinds(owner).count("workshop.invited") == 2  # invited once


def _comes_back(client, url, prefix, choice):
    """Post a decision without a reason: the call page answers 422 with the form again,
    its reason box marked invalid and the message under it."""
    response = client.post(url, data={f"{prefix}-{choice[0]}": choice[1], f"{prefix}-reason": ""})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    [box] = re.findall(rf'<textarea[^>]*id="{prefix}-reason"[^>]*>', page)
    assert 'aria-invalid="true"' in box
    assert "flash-messages" not in page  # no flash instead


def test_a_refused_decision_form_comes_back_with_its_errors(client, login, city, staff, owner, aps):  # noqa: F811
    call = create_participation_call(city, staff)
    row = participation.express_interest(owner, call, interest(aps))
    login(staff)
    _comes_back(client, f"/calls/{call.id}/interests/{row.id}/decision", f"interest{row.id}", ("admitted", "yes"))
    db.session.expire_all()
    assert db.session.get(CallInterest, row.id).status is InterestStatus.PENDING


def test_a_refused_shortlist_form_comes_back_with_its_errors(client, login, city, staff, resident):  # noqa: F811
    call = create_participation_call(city, staff, kind="ideas")
    idea = create_idea(city, title="Orti condivisi")
    answer = participation.answer_call(resident, call, {"idea": idea.id, "note": "Spazio verde inutilizzato."})
    services.transition_call(staff, call, {"to": "closed", "reason": "Termine anticipato."})
    login(staff)
    url = f"/calls/{call.id}/answers/{answer.id}/shortlist"
    _comes_back(client, url, f"answer{answer.id}", ("shortlisted", "yes"))
    db.session.expire_all()
    assert db.session.get(CallAnswer, answer.id).decided_at is None


def test_the_counters_are_on_the_page_and_pushed(client, live, city, staff, owner, aps, resident):  # noqa: F811
    call = create_participation_call(city, staff)
    watcher = live()
    assert watcher.emit("subscribe", {"topic": f"call:{call.id}"})["ok"]
    row = participation.express_interest(owner, call, interest(aps))
    _decide(staff, row, True)
    pushed = {(e["name"], e["value"]) for e in watcher.wait_for("counter:changed", count=2)}
    assert pushed == {("interests", 1), ("admitted", 1)}
    page = client.get(f"/calls/{call.id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert f'data-live-counter="call:{call.id} interests"' in page
    assert "1 expression of interest received" in page and "1 organisation admitted" in page

    ideas = create_participation_call(city, staff, kind="ideas")
    participation.answer_call(resident, ideas, {"idea": create_idea(city).id, "note": "Una proposta."})
    page = client.get(f"/calls/{ideas.id}", headers={"Accept-Language": "it"}).get_data(as_text=True)
    assert f'data-live-counter="call:{ideas.id} answers"' in page and "1 idea risponde all'avviso" in page
