"""Art. 55 co-design calls and calls for ideas, first steps (web and API): organisations'
owners express their interest once with a RUNTS number; staff admit or refuse each with a
reason and the members are told; staff schedule co-design tables (workshops attached to
the call) whose approved minutes the call page lists; people answer a call for ideas with
an existing or a new idea and staff shortlist them once it is closed."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import (
    CallAnswer,
    CallInterest,
    Idea,
    InterestStatus,
    LegalForm,
    MemberRole,
    Minutes,
    Notification,
    Workshop,
    WorkshopStatus,
)
from app.models.base import utcnow
from tests import factories
from tests.factories.calls import create_participation_call, staff_of
from tests.factories.ideas import create_idea
from tests.factories.needs import create_need
from tests.factories.organisations import create_organisation
from tests.xss import PAYLOADS, assert_no_xss

STATEMENT = "Gestiamo da dieci anni doposcuola e centri estivi nel quartiere, con venti volontari."


def bearer(user) -> dict:
    return {"Authorization": f"Bearer {factories.create_token(user)}"}


@pytest.fixture
def staff(city):
    return staff_of(city)


@pytest.fixture
def owner(city):
    return factories.create_user(city=city, name="Presidente APS")


@pytest.fixture
def aps(city, owner):
    return create_organisation(city, owner, name="APS Il Cortile", runts_number="RUNTS-12345")


def interest(organisation, **overrides) -> dict:
    body = {
        "organisation": organisation.id,
        "runts_number": "RUNTS-12345",
        "statement": STATEMENT,
        "contact": "Maria Rossi, 080 1234567",
    }
    body.update(overrides)
    return body


def fresh(model, row_id):
    """The row as the database has it now (requests write through their own session)."""
    db.session.expire_all()
    return db.session.get(model, row_id)


def _interests(call) -> list[CallInterest]:
    return list(db.session.scalars(sa.select(CallInterest).where(CallInterest.call_id == call.id)))


# --- expressions of interest ------------------------------------------------------------------


def test_an_owner_expresses_interest_on_the_call_page_and_staff_see_it(client, login, city, staff, owner, aps):
    call = create_participation_call(city, staff)
    login(owner)
    page = client.get(f"/calls/{call.id}")
    assert "APS Il Cortile" in page.text and f'action="/calls/{call.id}/interests"' in page.text
    response = client.post(f"/calls/{call.id}/interests", data=interest(aps))
    assert response.status_code == 302 and response.headers["Location"].endswith("#participation")
    [row] = _interests(call)
    assert row.status is InterestStatus.PENDING and row.statement == STATEMENT
    login(staff)
    assert STATEMENT in client.get(f"/calls/{call.id}").text
    client.post("/logout")
    assert "APS Il Cortile" not in client.get(f"/calls/{call.id}").text  # pending: not public yet


def test_the_runts_number_is_required_and_checked(client, city, staff, owner, aps):
    call = create_participation_call(city, staff)
    for value, expected in (("", "required"), ("<b>12</b>", "RUNTS"), ("ALTRO-999", "RUNTS-12345")):
        response = client.post(
            f"/api/v1/calls/{call.id}/interests", json=interest(aps, runts_number=value), headers=bearer(owner)
        )
        assert response.status_code == 422, value
        assert "runts_number" in response.json["error"]["fields"], value
    assert _interests(call) == []


def test_the_form_shows_the_runts_error_under_its_box(client, login, city, staff, owner, aps):
    call = create_participation_call(city, staff)
    login(owner)
    response = client.post(f"/calls/{call.id}/interests", data=interest(aps, runts_number=""))
    assert response.status_code == 422
    assert 'id="runts_number-error"' in response.text
    assert _interests(call) == []


def test_one_expression_of_interest_per_organisation(client, city, staff, owner, aps):
    call = create_participation_call(city, staff)
    first = client.post(f"/api/v1/calls/{call.id}/interests", json=interest(aps), headers=bearer(owner))
    assert first.status_code == 201, first.json
    assert first.json["status"] == "pending" and first.json["statement"] == STATEMENT
    again = client.post(f"/api/v1/calls/{call.id}/interests", json=interest(aps), headers=bearer(owner))
    assert again.status_code == 422 and "organisation" in again.json["error"]["fields"]
    assert len(_interests(call)) == 1


def test_the_unique_constraint_answers_a_double_click_as_a_field_error(app, city, staff, owner, aps, monkeypatch):
    """Two requests that both passed the service's look-up: the database refuses the second."""
    from app.calls import participation

    call = create_participation_call(city, staff)
    participation.express_interest(owner, call, interest(aps))
    real_scalar = db.session.scalar
    monkeypatch.setattr(
        db.session, "scalar", lambda q, *a, **k: None if "call_interest.id" in str(q) else real_scalar(q, *a, **k)
    )
    with pytest.raises(participation.InvalidInput) as refused:
        participation.express_interest(owner, call, interest(aps))
    assert "organisation" in refused.value.fields
    monkeypatch.undo()
    assert len(_interests(call)) == 1


def test_only_owners_of_the_organisation_express_its_interest(client, city, staff, owner, aps, resident):
    call = create_participation_call(city, staff)
    member = factories.create_user(city=city, name="Socia")
    aps.members.append(factories_membership(member))
    db.session.commit()
    for person in (resident, member, staff):
        response = client.post(f"/api/v1/calls/{call.id}/interests", json=interest(aps), headers=bearer(person))
        assert response.status_code == 403, person.name
    assert client.post(f"/api/v1/calls/{call.id}/interests", json=interest(aps)).status_code == 401
    assert _interests(call) == []


def factories_membership(user):
    from app.models import Membership, MemberStatus

    return Membership(user=user, role=MemberRole.MEMBER, status=MemberStatus.ACTIVE)


def test_only_third_sector_bodies_of_a_form_the_call_admits(client, city, staff, owner):
    call = create_participation_call(city, staff, applicant_forms=["aps", "odv", "association"])
    school = create_organisation(city, owner, name="Istituto comprensivo", legal_form=LegalForm.SCHOOL)
    coop = create_organisation(city, owner, name="Coop Sociale", legal_form=LegalForm.SOCIAL_COOPERATIVE)
    for organisation in (school, coop):
        response = client.post(f"/api/v1/calls/{call.id}/interests", json=interest(organisation), headers=bearer(owner))
        assert response.status_code == 422 and "organisation" in response.json["error"]["fields"]
    association = create_organisation(city, owner, name="Associazione Ponte", legal_form=LegalForm.ASSOCIATION)
    response = client.post(f"/api/v1/calls/{call.id}/interests", json=interest(association), headers=bearer(owner))
    assert response.status_code == 201  # an association is an ETS with its RUNTS number


def test_interest_only_while_a_codesign_call_is_open(client, city, staff, owner, aps):
    call = create_participation_call(city, staff, status="admission")
    response = client.post(f"/api/v1/calls/{call.id}/interests", json=interest(aps), headers=bearer(owner))
    assert response.status_code == 409
    ideas = create_participation_call(city, staff, kind="ideas")
    assert (
        client.post(f"/api/v1/calls/{ideas.id}/interests", json=interest(aps), headers=bearer(owner)).status_code == 409
    )


# --- admission ------------------------------------------------------------------------------------


def _submitted(city, staff, owner, aps, status="open"):
    from app.calls import participation

    call = create_participation_call(city, staff)
    row = participation.express_interest(owner, call, interest(aps))
    if status != "open":
        from app.calls import services

        services.transition_call(staff, call, {"to": status})
    return call, row


def test_staff_admit_with_a_reason_members_are_notified_and_the_page_shows_it(client, login, city, staff, owner, aps):
    call, row = _submitted(city, staff, owner, aps, status="admission")
    decision = {"admitted": True, "reason": "Esperienza decennale nel quartiere e rete di volontari."}
    response = client.post(f"/api/v1/calls/{call.id}/interests/{row.id}/decision", json=decision, headers=bearer(staff))
    assert response.status_code == 200, response.json
    assert response.json["status"] == "admitted"
    [note] = db.session.scalars(sa.select(Notification).where(Notification.user_id == owner.id)).all()
    assert note.kind == "call.interest_admitted" and note.url.endswith(f"/calls/{call.id}#participation")
    public = client.get(f"/calls/{call.id}").text
    assert "APS Il Cortile" in public and "Esperienza decennale" in public and "080 1234567" not in public
    listed = client.get(f"/api/v1/calls/{call.id}/interests").json["items"]
    assert [(i["organisation"]["name"], i["contact"]) for i in listed] == [("APS Il Cortile", None)]


def test_a_refusal_reason_is_seen_only_by_staff_and_the_organisation(client, login, city, staff, owner, aps, resident):
    call, row = _submitted(city, staff, owner, aps, status="admission")
    login(staff)
    response = client.post(
        f"/calls/{call.id}/interests/{row.id}/decision",
        data={f"interest{row.id}-admitted": "no", f"interest{row.id}-reason": "Manca l'iscrizione al RUNTS valida."},
    )
    assert response.status_code == 302
    assert fresh(CallInterest, row.id).status is InterestStatus.REFUSED
    assert "Manca l&#39;iscrizione" in client.get(f"/calls/{call.id}").text
    login(owner)
    assert "Manca l&#39;iscrizione" in client.get(f"/calls/{call.id}").text
    kinds = db.session.scalars(sa.select(Notification.kind).where(Notification.user_id == owner.id)).all()
    assert kinds == ["call.interest_refused"]
    login(resident)
    assert "Manca l&#39;iscrizione" not in client.get(f"/calls/{call.id}").text
    assert client.get(f"/api/v1/calls/{call.id}/interests", headers=bearer(resident)).json["items"] == []


def test_only_staff_decide(client, city, staff, owner, aps, resident):
    call, row = _submitted(city, staff, owner, aps, status="admission")
    decision = {"admitted": True, "reason": "Va bene."}
    for person in (owner, resident, staff_of(factories.create_city(name="Lecce", slug="lecce"), "Altra")):
        response = client.post(
            f"/api/v1/calls/{call.id}/interests/{row.id}/decision", json=decision, headers=bearer(person)
        )
        assert response.status_code == 403
    assert fresh(CallInterest, row.id).status is InterestStatus.PENDING


def test_decisions_in_a_wrong_status_are_refused_with_409(client, city, staff, owner, aps):
    call, row = _submitted(city, staff, owner, aps, status="admission")
    from app.calls import services

    services.transition_call(staff, call, {"to": "codesign"})
    response = client.post(
        f"/api/v1/calls/{call.id}/interests/{row.id}/decision",
        json={"admitted": True, "reason": "Ok."},
        headers=bearer(staff),
    )
    assert response.status_code == 409
    missing = client.post(
        f"/api/v1/calls/{call.id}/interests/{row.id}/decision", json={"reason": "Ok."}, headers=bearer(staff)
    )
    assert missing.status_code in (409, 422)
    assert fresh(CallInterest, row.id).status is InterestStatus.PENDING


def test_a_decision_needs_yes_or_no_and_a_reason(client, city, staff, owner, aps):
    call, row = _submitted(city, staff, owner, aps)
    response = client.post(
        f"/api/v1/calls/{call.id}/interests/{row.id}/decision", json={"reason": ""}, headers=bearer(staff)
    )
    assert response.status_code == 422
    assert set(response.json["error"]["fields"]) == {"admitted", "reason"}


# --- co-design tables -------------------------------------------------------------------------


def _table_form(**overrides):
    start = (utcnow() + timedelta(days=14)).replace(microsecond=0)
    form = {
        "title": "Primo tavolo di co-progettazione",
        "mode": "in_person",
        "place": "Sala consiliare, Municipio I",
        "starts_at": start.strftime("%Y-%m-%dT09:30"),
        "ends_at": start.strftime("%Y-%m-%dT12:30"),
        "capacity": "30",
    }
    form.update(overrides)
    return form


def test_staff_schedule_a_table_listed_with_its_approved_minutes(client, login, city, staff, owner, aps):
    call, _row = _submitted(city, staff, owner, aps, status="admission")
    login(staff)
    response = client.post(f"/calls/{call.id}/tables", data=_table_form())
    assert response.status_code == 302, response.text
    [table] = db.session.scalars(sa.select(Workshop).where(Workshop.call_id == call.id)).all()
    assert table.title == "Primo tavolo di co-progettazione" and table.city_id == city.id
    page = client.get(f"/calls/{call.id}").text
    assert f"/workshops/{table.id}" in page and f"/workshops/{table.id}/minutes.pdf" not in page
    table.status = WorkshopStatus.CLOSED
    db.session.add(Minutes(workshop=table, decisions="Si parte dal doposcuola.", approved_at=utcnow(), snapshot={}))
    db.session.commit()
    client.post("/logout")
    page = client.get(f"/calls/{call.id}").text
    assert f"/workshops/{table.id}/minutes.pdf" in page and f"/workshops/{table.id}/minutes" in page


def test_a_table_form_error_is_shown_and_nothing_is_scheduled(client, login, city, staff):
    call = create_participation_call(city, staff, status="codesign")
    login(staff)
    response = client.post(f"/calls/{call.id}/tables", data=_table_form(place=""))
    assert response.status_code == 422 and 'id="place-error"' in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Workshop)) == 0


def test_tables_only_by_staff_and_only_in_admission_or_codesign(client, login, city, staff, resident):
    call = create_participation_call(city, staff)
    login(staff)
    response = client.post(f"/calls/{call.id}/tables", data=_table_form())
    assert response.status_code == 302  # open: refused with a message
    login(resident)
    call2 = create_participation_call(city, staff, status="codesign")
    assert client.post(f"/calls/{call2.id}/tables", data=_table_form()).status_code == 403
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Workshop)) == 0


# --- calls for ideas ---------------------------------------------------------------------------


def test_answers_with_an_existing_idea_and_with_a_new_one(client, city, staff, resident, owner, aps):
    call = create_participation_call(city, staff, kind="ideas")
    need = create_need(city)
    idea = create_idea(city, need=need, title="Cortili aperti il sabato")
    existing = client.post(
        f"/api/v1/calls/{call.id}/answers",
        json={"idea": idea.id, "note": "Risponde alla carenza di spazi per i ragazzi."},
        headers=bearer(resident),
    )
    assert existing.status_code == 201, existing.json
    again = client.post(
        f"/api/v1/calls/{call.id}/answers", json={"idea": idea.id, "note": "Di nuovo."}, headers=bearer(owner)
    )
    assert again.status_code == 422 and "idea" in again.json["error"]["fields"]
    new = {
        "new_idea": {
            "title": "Una ludoteca in biblioteca",
            "summary": "Giochi e letture per i più piccoli il pomeriggio.",
            "need_ids": [need.id],
        },
        "note": "La biblioteca ha spazi liberi.",
        "organisation": aps.id,
    }
    created = client.post(f"/api/v1/calls/{call.id}/answers", json=new, headers=bearer(owner))
    assert created.status_code == 201, created.json
    made = db.session.get(Idea, created.json["idea"]["id"])
    assert made.title == "Una ludoteca in biblioteca" and made.author_id == owner.id and made.city_id == city.id
    assert created.json["organisation"]["name"] == "APS Il Cortile"
    listed = client.get(f"/api/v1/calls/{call.id}/answers").json["items"]
    assert {a["idea"]["title"] for a in listed} == {"Cortili aperti il sabato", "Una ludoteca in biblioteca"}
    page = client.get(f"/calls/{call.id}").text
    assert "Cortili aperti il sabato" in page and "Una ludoteca in biblioteca" in page


def test_answer_errors(client, city, staff, resident, owner, aps):
    call = create_participation_call(city, staff, kind="ideas")
    other = create_idea(factories.create_city(name="Lecce", slug="lecce"))
    url = f"/api/v1/calls/{call.id}/answers"
    assert client.post(url, json={"note": "Solo una nota."}, headers=bearer(resident)).status_code == 422
    wrong_city = client.post(url, json={"idea": other.id, "note": "Nota."}, headers=bearer(resident))
    assert wrong_city.status_code == 422 and "idea" in wrong_city.json["error"]["fields"]
    bad_new = client.post(
        url,
        json={"new_idea": {"title": "Ok titolo", "summary": "Corto", "need_ids": []}, "note": "Nota."},
        headers=bearer(resident),
    )
    assert bad_new.status_code == 422 and "new_idea.summary" in bad_new.json["error"]["fields"]
    idea = create_idea(city)
    not_member = client.post(
        url, json={"idea": idea.id, "note": "Nota.", "organisation": aps.id}, headers=bearer(resident)
    )
    assert not_member.status_code == 403
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CallAnswer)) == 0
    closed = create_participation_call(city, staff, kind="ideas", status="closed")
    assert (
        client.post(
            f"/api/v1/calls/{closed.id}/answers", json={"idea": idea.id, "note": "Nota."}, headers=bearer(resident)
        ).status_code
        == 409
    )


def test_the_answer_form_proposes_a_new_idea(client, login, city, staff, resident):
    call = create_participation_call(city, staff, kind="ideas")
    need = create_need(city, title="Mancano spazi studio serali")
    login(resident)
    form = {
        "idea": "0",
        "new_title": "Aula studio serale",
        "new_summary": "Apertura serale della biblioteca civica.",
        "new_need": str(need.id),
        "note": "Serve agli studenti fuori sede.",
        "organisation": "0",
    }
    assert client.post(f"/calls/{call.id}/answers", data={**form, "new_title": "x"}).status_code == 422
    response = client.post(f"/calls/{call.id}/answers", data=form)
    assert response.status_code == 302
    [answer] = db.session.scalars(sa.select(CallAnswer)).all()
    assert answer.idea.title == "Aula studio serale" and answer.author_id == resident.id


def test_staff_shortlist_once_the_call_is_closed(client, login, city, staff, resident):
    from app.calls import participation, services

    call = create_participation_call(city, staff, kind="ideas")
    idea = create_idea(city, title="Orti condivisi")
    answer = participation.answer_call(resident, call, {"idea": idea.id, "note": "Spazio verde inutilizzato."})
    body = {"shortlisted": True, "reason": "Coerente con le priorità dell'avviso."}
    url = f"/api/v1/calls/{call.id}/answers/{answer.id}/shortlist"
    assert client.post(url, json=body, headers=bearer(staff)).status_code == 409  # still open
    services.transition_call(staff, call, {"to": "closed", "reason": "Termine anticipato."})
    assert client.post(url, json=body, headers=bearer(resident)).status_code == 403
    response = client.post(url, json=body, headers=bearer(staff))
    assert response.status_code == 200 and response.json["shortlisted"] is True
    kinds = db.session.scalars(sa.select(Notification.kind).where(Notification.user_id == resident.id)).all()
    assert "call.answer_shortlisted" in kinds
    login(staff)
    web = client.post(
        f"/calls/{call.id}/answers/{answer.id}/shortlist",
        data={f"answer{answer.id}-shortlisted": "no", f"answer{answer.id}-reason": "Ripensandoci, no."},
    )
    assert web.status_code == 302 and fresh(CallAnswer, answer.id).shortlisted is False
    services.transition_call(staff, call, {"to": "shortlisted"})
    assert "Ripensandoci, no." in client.get(f"/calls/{call.id}").text


# --- XSS ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["it", "en"])
def test_xss_through_statement_contact_note_and_reasons(client, login, city, staff, owner, lang):
    from app.calls import participation, services

    codesign = create_participation_call(city, staff)
    ideas = create_participation_call(city, staff, kind="ideas")
    need = create_need(city)
    for n, payload in enumerate(PAYLOADS):
        organisation = create_organisation(city, owner, name=f"APS {n}", runts_number=f"R{n}")
        text = (payload + " " * 20)[:4000] if len(payload.strip()) >= 20 else payload + " — dichiarazione lunga"
        try:
            participation.express_interest(
                owner, codesign, interest(organisation, runts_number=f"R{n}", statement=text, contact=payload[:300])
            )
        except participation.InvalidInput:
            continue
        idea = create_idea(city, need=need, title=f"Idea {n}")
        participation.answer_call(owner, ideas, {"idea": idea.id, "note": payload[:1000]})
    for row in _interests(codesign):
        participation.decide_interest(
            staff, row, {"admitted": row.id % 2 == 0, "reason": PAYLOADS[row.id % len(PAYLOADS)]}
        )
    services.transition_call(staff, ideas, {"to": "closed", "reason": "Chiusura."})
    for answer in db.session.scalars(sa.select(CallAnswer)):
        participation.shortlist_answer(
            staff, answer, {"shortlisted": True, "reason": PAYLOADS[answer.id % len(PAYLOADS)]}
        )
    assert len(_interests(codesign)) > len(PAYLOADS) // 2
    for person in (None, staff, owner):
        if person is None:
            client.post("/logout")
        else:
            login(person)
        for call in (codesign, ideas):
            page = client.get(f"/calls/{call.id}", headers={"Accept-Language": lang})
            assert page.status_code == 200
            assert_no_xss(page.text)
