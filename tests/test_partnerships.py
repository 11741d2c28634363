"""Partnerships around an idea: a lead organisation invites partners with a role and what
they bring; the invited organisations' owners are told live and accept or decline."""

from decimal import Decimal

import pytest
import sqlalchemy as sa
from flask import render_template_string
from markupsafe import escape

from app.models import LegalForm, Notification, Partner, PartnerRole, Partnership, PartnerStatus
from app.organisations.schemas import parse_euros
from tests import factories
from tests.factories import ideas as fi
from tests.factories import organisations as fo
from tests.xss import PAYLOADS, assert_no_xss


@pytest.fixture(autouse=True)
def english(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def world(city):
    lead_owner = factories.create_user(city=city, name="Francesca")
    museum_owner = factories.create_user(city=city, name="Mario del Museo")
    school_owner = factories.create_user(city=city, name="Preside")
    return {
        "lead_owner": lead_owner,
        "museum_owner": museum_owner,
        "school_owner": school_owner,
        "lead": fo.create_organisation(city, lead_owner, name="APS Japigia Viva"),
        "museum": fo.create_organisation(city, museum_owner, name="Museo del Mare", legal_form=LegalForm.MUSEUM),
        "school": fo.create_organisation(city, school_owner, name="IC Japigia 1", legal_form=LegalForm.SCHOOL),
        "idea": fi.create_idea(city, title="Doposcuola al museo"),
    }


def _invite(client, partnership, organisation, **extra):
    data = {
        "organisation": organisation.id,
        "role": "co_applicant",
        "contribution_kind": "space",
        "contribution_value": "1.500,50",
        "contribution_note": "La sala didattica il martedì",
        **extra,
    }
    return client.post(f"/partnerships/{partnership.id}/partners", data=data)


def test_a_lead_invites_two_partners_who_accept_live(client, login, live, app, world, db):
    museum_client = app.test_client()
    login(world["museum_owner"], museum_client)
    museum_socket = live(museum_client)
    login(world["lead_owner"])
    response = client.post("/partnerships", data={"idea_id": world["idea"].id, "lead": world["lead"].id})
    assert response.status_code == 302
    partnership = db.session.scalar(sa.select(Partnership))
    assert partnership.lead_id == world["lead"].id and partnership.city_id == world["idea"].city_id

    assert _invite(client, partnership, world["museum"]).status_code == 302
    pushed = museum_socket.wait_for("notification")
    assert pushed and pushed[0]["kind"] == "partner.invited"
    assert "Museo del Mare" in pushed[0]["text"] and "Doposcuola al museo" in pushed[0]["text"]
    assert _invite(client, partnership, world["school"], role="supporter", contribution_value="800").status_code == 302

    invited = db.session.scalar(sa.select(Partner).where(Partner.organisation_id == world["museum"].id))
    assert invited.status is PartnerStatus.INVITED and invited.role is PartnerRole.CO_APPLICANT
    assert invited.contribution_value == Decimal("1500.50")

    page = museum_client.get("/organisations/invitations")
    assert "Doposcuola al museo" in page.text
    lead_socket = live(client)
    response = museum_client.post(f"/partners/{invited.id}/answer", data={"answer": "accept"})
    assert response.status_code == 302
    lead_pushes = lead_socket.wait_for("notification")
    assert lead_pushes and lead_pushes[0]["kind"] == "partner.accepted"

    school_client = app.test_client()
    login(world["school_owner"], school_client)
    school_partner = db.session.scalar(sa.select(Partner).where(Partner.organisation_id == world["school"].id))
    school_client.post(f"/partners/{school_partner.id}/answer", data={"answer": "accept"})
    db.session.expire_all()
    assert {p.status for p in partnership.partners} == {PartnerStatus.ACCEPTED}

    page = client.get(f"/partnerships/{partnership.id}")
    assert "Museo del Mare" in page.text and "IC Japigia 1" in page.text
    assert "€2,300.50" in page.text  # accepted partners only: 1,500.50 + 800


def test_the_partner_counter_is_pushed_to_followers_of_the_partnership(client, login, live, app, world, db):
    partnership = fo.create_partnership(world["idea"], world["lead"], [(world["museum"], PartnerStatus.INVITED)])
    follower = live()
    assert follower.emit("subscribe", {"topic": f"partnership:{partnership.id}"})["ok"]
    login(world["museum_owner"])
    partner = next(p for p in partnership.partners if p.organisation_id == world["museum"].id)
    client.post(f"/partners/{partner.id}/answer", data={"answer": "accept"})
    counters = follower.wait_for("counter:changed")
    assert counters and counters[-1] == {"topic": f"partnership:{partnership.id}", "name": "partners", "value": 2}


def test_declining_and_the_total_counts_accepted_partners_only(client, login, world, db):
    partnership = fo.create_partnership(
        world["idea"],
        world["lead"],
        [(world["museum"], PartnerStatus.ACCEPTED, "1000"), (world["school"], PartnerStatus.INVITED, "700")],
    )
    login(world["school_owner"])
    school = next(p for p in partnership.partners if p.organisation_id == world["school"].id)
    client.post(f"/partners/{school.id}/answer", data={"answer": "decline"})
    db.session.refresh(school)
    assert school.status is PartnerStatus.DECLINED
    kinds = db.session.scalars(sa.select(Notification.kind).where(Notification.user_id == world["lead_owner"].id))
    assert list(kinds) == ["partner.declined"]
    page = client.get(f"/partnerships/{partnership.id}").text
    assert "€1,000.00" in page and "IC Japigia 1" not in page  # declined ones are shown only to the lead


def test_a_duplicate_partner_is_refused_with_a_clear_message(client, login, world, db):
    partnership = fo.create_partnership(world["idea"], world["lead"], [(world["museum"], PartnerStatus.INVITED)])
    login(world["lead_owner"])
    response = _invite(client, partnership, world["museum"])
    assert response.status_code == 422
    assert "Museo del Mare is already in this partnership" in response.text
    response = _invite(client, partnership, world["lead"])
    assert response.status_code == 422 and "already in this partnership" in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Partner)) == 2


def test_a_declined_organisation_may_be_invited_again(client, login, world, db):
    partnership = fo.create_partnership(world["idea"], world["lead"], [(world["museum"], PartnerStatus.DECLINED)])
    login(world["lead_owner"])
    assert _invite(client, partnership, world["museum"]).status_code == 302
    partner = db.session.scalar(sa.select(Partner).where(Partner.organisation_id == world["museum"].id))
    db.session.refresh(partner)
    assert partner.status is PartnerStatus.INVITED
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Partner)) == 2


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("contribution_value", "-5", "0 or more"),
        ("contribution_value", "dieci euro", "0 or more"),
        ("contribution_value", "12.3456", "0 or more"),
        ("contribution_value", "NaN", "0 or more"),
        ("contribution_value", "99999999999", "0 or more"),
        # the schema's messages: the form no longer repeats the choices' check
        ("role", "lead", "Choose co-applicant or supporter"),
        ("contribution_kind", "gold", "Choose what the organisation brings"),
        ("contribution_note", "x" * 501, "500"),
    ],
)
def test_bad_invitations_are_refused(client, login, world, db, field, value, message):
    partnership = fo.create_partnership(world["idea"], world["lead"])
    login(world["lead_owner"])
    response = _invite(client, partnership, world["museum"], **{field: value})
    assert response.status_code == 422 and message in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Partner)) == 1


def test_partners_come_from_the_idea_city(client, login, world, other_city, db):
    naples = fo.create_organisation(other_city, factories.create_user(), name="Museo di Napoli")
    partnership = fo.create_partnership(world["idea"], world["lead"])
    login(world["lead_owner"])
    response = _invite(client, partnership, naples)
    assert response.status_code == 422 and "Only organisations of Bari" in response.text


def test_only_owners_of_an_organisation_of_the_city_start_a_partnership(client, login, world, other_city, db):
    member = factories.create_user()
    fo.add_member(world["lead"], member)
    login(member)
    assert client.post("/partnerships", data={"idea_id": world["idea"].id, "lead": world["lead"].id}).status_code == 403
    naples_owner = factories.create_user()
    naples = fo.create_organisation(other_city, naples_owner)
    login(naples_owner)
    response = client.post(
        "/partnerships", data={"idea_id": world["idea"].id, "lead": naples.id}, follow_redirects=True
    )
    assert "must be in the idea" in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Partnership)) == 0


def test_an_idea_has_one_partnership(client, login, world, db):
    fo.create_partnership(world["idea"], world["museum"])
    login(world["lead_owner"])
    response = client.post(
        "/partnerships", data={"idea_id": world["idea"].id, "lead": world["lead"].id}, follow_redirects=True
    )
    assert "already has a partnership, led by Museo del Mare" in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Partnership)) == 1


def test_the_lead_withdraws_an_invitation_and_the_partner_is_told(client, login, world, db):
    partnership = fo.create_partnership(world["idea"], world["lead"], [(world["museum"], PartnerStatus.INVITED)])
    partner = next(p for p in partnership.partners if p.organisation_id == world["museum"].id)
    login(world["lead_owner"])
    assert client.post(f"/partners/{partner.id}/withdraw").status_code == 302
    db.session.refresh(partner)
    assert partner.status is PartnerStatus.WITHDRAWN
    kinds = db.session.scalars(sa.select(Notification.kind).where(Notification.user_id == world["museum_owner"].id))
    assert list(kinds) == ["partner.withdrawn"]
    lead_row = next(p for p in partnership.partners if p.role is PartnerRole.LEAD)
    response = client.post(f"/partners/{lead_row.id}/withdraw", follow_redirects=True)
    assert "cannot be withdrawn" in response.text
    # a withdrawn invitation can no longer be accepted
    login(world["museum_owner"])
    response = client.post(f"/partners/{partner.id}/answer", data={"answer": "accept"}, follow_redirects=True)
    assert "already answered or withdrawn" in response.text
    db.session.refresh(partner)
    assert partner.status is PartnerStatus.WITHDRAWN


def test_non_owners_can_neither_answer_nor_invite_nor_withdraw(client, login, world, city, db):
    partnership = fo.create_partnership(world["idea"], world["lead"], [(world["museum"], PartnerStatus.INVITED)])
    partner = next(p for p in partnership.partners if p.organisation_id == world["museum"].id)
    museum_member = factories.create_user(city=city)
    fo.add_member(world["museum"], museum_member)
    for person in (factories.create_user(city=city), museum_member, world["school_owner"]):
        login(person)
        assert client.post(f"/partners/{partner.id}/answer", data={"answer": "accept"}).status_code == 403
        assert client.post(f"/partners/{partner.id}/withdraw").status_code == 403
        assert _invite(client, partnership, world["school"]).status_code == 403
    login(world["museum_owner"])
    assert client.post(f"/partners/{partner.id}/withdraw").status_code == 403
    db.session.refresh(partner)
    assert partner.status is PartnerStatus.INVITED
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Partner)) == 2


def test_the_idea_page_partial_shows_partnership_total_and_the_leads_invite_form(app, client, login, world, db):
    partnership = fo.create_partnership(
        world["idea"],
        world["lead"],
        [(world["museum"], PartnerStatus.ACCEPTED, "2500"), (world["school"], PartnerStatus.INVITED, "900")],
    )
    source = '{% include "organisations/_partnership_for_idea.html" %}'
    from flask_login import login_user, logout_user

    with app.test_request_context("/c/bari/ideas/1", headers={"Accept-Language": "en"}):
        html = render_template_string(source, idea=world["idea"])
        assert "APS Japigia Viva" in html and "Museo del Mare" in html and "IC Japigia 1" in html
        assert "€2,500.00" in html and "Invite a partner" not in html
        login_user(world["lead_owner"])
        html = render_template_string(source, idea=world["idea"])
        assert "Invite a partner" in html and f"/partnerships/{partnership.id}/partners" in html
        logout_user()
        other_idea = fi.create_idea(world["idea"].city, title="Orto condiviso")
        login_user(world["school_owner"])
        html = render_template_string(source, idea=other_idea)
        assert "Start the partnership" in html and "IC Japigia 1" in html


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1500", "1500.00"), ("1.500", "1500.00"), ("1.500,50", "1500.50"), ("1500,5", "1500.50"), ("1500.50", "1500.50")],
)
def test_amounts_are_read_the_italian_way_and_the_plain_way(app, raw, expected):
    with app.test_request_context(headers={"Accept-Language": "it"}):
        assert parse_euros(raw) == Decimal(expected)


def test_xss_corpus_through_contribution_notes_and_names(client, login, city, world, db):
    login(world["lead_owner"])
    for n, payload in enumerate(PAYLOADS):
        idea = fi.create_idea(city, title=payload)
        organisation = fo.create_organisation(city, world["museum_owner"], name=f"{payload} {n}")
        partnership = fo.create_partnership(idea, world["lead"])
        response = _invite(client, partnership, organisation, contribution_note=payload)
        assert response.status_code == 302, payload
        assert_no_xss(client.get(f"/partnerships/{partnership.id}").text)
        assert_no_xss(client.get(f"/partnerships/{partnership.id}?q={payload}").text)
        assert_no_xss(_invite(client, partnership, organisation, contribution_value=payload).text)
    assert_no_xss(client.get("/organisations/find-partner?city=bari").text)
    assert_no_xss(client.get(f"/organisations/{world['lead'].id}").text)
    login(world["museum_owner"])
    page = client.get("/organisations/invitations").text
    assert page.count("Accept<span") == len(PAYLOADS)
    assert_no_xss(page)


def test_huge_ids_in_forms_are_refused_not_crashing(client, login, world, db):
    login(world["lead_owner"])
    huge = "99999999999999999999999"
    assert client.post("/partnerships", data={"idea_id": huge, "lead": world["lead"].id}).status_code in (302, 404)
    partnership = fo.create_partnership(world["idea"], world["lead"])
    response = client.post(
        f"/partnerships/{partnership.id}/partners",
        data={"organisation": huge, "role": "supporter", "contribution_kind": "money", "contribution_value": "1"},
    )
    assert response.status_code == 422 and "Choose an organisation" in response.text


def test_xss_corpus_in_the_idea_page_partial(app, city, world, db):
    from flask_login import login_user

    source = '{% include "organisations/_partnership_for_idea.html" %}'
    for n, payload in enumerate(PAYLOADS):
        idea = fi.create_idea(city, title=payload)
        organisation = fo.create_organisation(city, world["museum_owner"], name=f"{payload} {n}")
        partnership = fo.create_partnership(idea, world["lead"], [(organisation, PartnerStatus.INVITED, "10")])
        partnership.partners[-1].contribution_note = payload
        db.session.commit()
        for user in (world["lead_owner"], world["museum_owner"]):
            with app.test_request_context(f"/c/bari/ideas/{idea.id}", headers={"Accept-Language": "en"}):
                login_user(user)
                html = render_template_string(source, idea=idea)
                assert str(escape(organisation.name)) in html  # shown, as text
                assert ("Withdraw" if user is world["lead_owner"] else "Accept") in html
                assert_no_xss(html)
