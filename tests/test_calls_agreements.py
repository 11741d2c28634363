"""Art. 55 agreements (convenzioni): staff record the agreed project of a co-design call
from its admitted organisations and its tables' approved minutes; the shares add up to the
grant; each partner's owner signs for their organisation, staff sign last, which sets the
grant aside from the call's budget (never beyond it) and steps the call to ``agreement``."""

from decimal import Decimal

import pytest
import sqlalchemy as sa
from openapi_spec_validator import validate

from app.calls import agreements, services
from app.extensions import db
from app.models import (
    Agreement,
    AuditEntry,
    Call,
    CallInterest,
    InterestStatus,
    Minutes,
    Notification,
    User,
    WorkshopStatus,
)
from app.models.base import utcnow
from tests import factories
from tests.api.test_calls_api_journey import DocumentedClient
from tests.factories.calls import create_participation_call, staff_of
from tests.factories.organisations import create_organisation
from tests.factories.workshops import create_workshop
from tests.test_rankings_concurrency import THREADS, _race
from tests.xss import PAYLOADS, assert_no_xss


@pytest.fixture
def staff(city):
    return staff_of(city)


@pytest.fixture
def owners(city):
    return [factories.create_user(city=city, name=f"Presidente {n}") for n in ("Uno", "Due", "Tre")]


@pytest.fixture
def bodies(city, owners):
    return [create_organisation(city, o, name=f"APS {n}") for o, n in zip(owners, ("Alfa", "Beta", "Gamma"))]


@pytest.fixture
def call(city, staff, bodies):
    """A co-design call in co-design (budget 600 000) with Alfa and Beta admitted, Gamma
    refused, and one table whose minutes are approved."""
    call = create_participation_call(city, staff, status="admission")
    for body, status in zip(bodies, (InterestStatus.ADMITTED, InterestStatus.ADMITTED, InterestStatus.REFUSED)):
        db.session.add(
            CallInterest(
                call=call, organisation=body, runts_number="R1", statement="S" * 20, contact="Contatto", status=status
            )
        )
    table = create_workshop(city=city, status=WorkshopStatus.CLOSED, title="Primo tavolo")
    table.call_id = call.id
    db.session.add(Minutes(workshop=table, decisions="Si parte dal doposcuola.", approved_at=utcnow(), snapshot={}))
    db.session.commit()
    services.transition_call(staff, call, {"to": "codesign"})
    return call


def minutes_of(call):
    return [m.id for m in db.session.scalars(sa.select(Minutes)).all() if m.workshop.call_id == call.id]


def body(call, bodies, grant="100000.00", shares=("60000.00", "40000.00"), **over):
    data = {
        "title": "Rete educativa di quartiere",
        "summary": "Doposcuola, centri estivi e sportello per le famiglie, come deciso ai tavoli.",
        "total_budget": "120000.00",
        "grant": grant,
        "minutes": minutes_of(call),
        "partners": [
            {"organisation": b.id, "role": r, "share": s, "duties": "Gestisce il doposcuola."}
            for b, s, r in zip(bodies, shares, ("lead", "partner"))
        ],
    }
    return {**data, **over}


def record(client, login, staff, call, data):
    login(staff)
    return client.post(f"/api/v1/calls/{call.id}/agreement", json=data)


def test_shares_must_add_up_to_the_grant(client, login, staff, call, bodies):
    answer = record(client, login, staff, call, body(call, bodies, shares=("60000.00", "30000.00")))
    assert answer.status_code == 422 and "partners" in answer.json["error"]["fields"]
    answer = record(client, login, staff, call, body(call, bodies, grant="130000.00", shares=("70000.00", "60000.00")))
    assert answer.status_code == 422 and "grant" in answer.json["error"]["fields"]
    answer = record(client, login, staff, call, body(call, bodies))
    assert answer.status_code == 200, answer.json
    assert [p["share"] for p in answer.json["partners"]] == ["60000.00", "40000.00"]
    assert answer.json["status"] == "to_sign"


def test_only_admitted_organisations_and_approved_minutes(client, login, staff, call, bodies):
    refused = body(call, [bodies[0], bodies[2]])
    answer = record(client, login, staff, call, refused)
    assert answer.status_code == 422 and "partners.1.organisation" in answer.json["error"]["fields"]
    answer = record(client, login, staff, call, body(call, bodies, minutes=[]))
    assert answer.status_code == 422 and "minutes" in answer.json["error"]["fields"]


def test_only_staff_record_and_only_in_codesign(client, login, staff, call, bodies, owners, city):
    login(owners[0])
    assert client.post(f"/api/v1/calls/{call.id}/agreement", json=body(call, bodies)).status_code == 403
    open_call = create_participation_call(city, staff, status="open")
    answer = record(client, login, staff, open_call, body(call, bodies))
    assert answer.status_code == 409


def sign(client, login, user, agreement_id, organisation=None):
    login(user)
    data = {} if organisation is None else {"organisation": organisation.id}
    return client.post(f"/api/v1/agreements/{agreement_id}/sign", json=data)


def test_owners_sign_for_their_organisation_then_staff_last(client, login, staff, call, bodies, owners):
    agreement_id = record(client, login, staff, call, body(call, bodies)).json["id"]
    assert sign(client, login, owners[0], agreement_id, bodies[1]).status_code == 403
    assert sign(client, login, owners[2], agreement_id).status_code == 403
    assert sign(client, login, staff, agreement_id).status_code == 409  # partners first
    assert sign(client, login, owners[0], agreement_id).status_code == 200
    assert sign(client, login, owners[0], agreement_id, bodies[0]).status_code == 409
    assert sign(client, login, owners[1], agreement_id, bodies[1]).status_code == 200
    done = sign(client, login, staff, agreement_id)
    assert done.status_code == 200 and done.json["status"] == "signed"
    db.session.expire_all()
    assert call.status.value == "agreement" and call.committed == Decimal("100000.00")
    assert sign(client, login, staff, agreement_id).status_code == 409
    actions = set(db.session.scalars(sa.select(AuditEntry.action)))
    assert {"call.agreement", "call.agreement_sign", "call.agreement_signed", "call.transition"} <= actions
    kinds = set(db.session.scalars(sa.select(Notification.kind).where(Notification.user_id == owners[1].id)))
    assert {"call.agreement_to_sign", "call.agreement_signed"} <= kinds
    again = record(client, login, staff, call, body(call, bodies))
    assert again.status_code == 409  # a signed agreement no longer changes
    public = client.get(f"/api/v1/calls/{call.id}/agreement")
    assert public.json["partners"][0]["signed_at"] is not None


def test_recording_again_clears_the_signatures(client, login, staff, call, bodies, owners):
    agreement_id = record(client, login, staff, call, body(call, bodies)).json["id"]
    sign(client, login, owners[0], agreement_id)
    again = record(client, login, staff, call, body(call, bodies, shares=("50000.00", "50000.00")))
    assert again.json["id"] == agreement_id
    assert [p["signed_at"] for p in again.json["partners"]] == [None, None]
    alone = record(client, login, staff, call, body(call, bodies[:1], shares=("100000.00",)))
    assert [p["organisation"]["id"] for p in alone.json["partners"]] == [bodies[0].id]


def test_the_grant_never_exceeds_the_budget(client, login, staff, call, bodies, owners):
    agreement_id = record(client, login, staff, call, body(call, bodies)).json["id"]
    sign(client, login, owners[0], agreement_id)
    sign(client, login, owners[1], agreement_id)
    call.committed = Decimal("550000.00")  # meanwhile the budget was used elsewhere
    db.session.commit()
    refused = sign(client, login, staff, agreement_id)
    assert refused.status_code == 409
    db.session.expire_all()
    assert call.committed == Decimal("550000.00") and call.status.value == "codesign"
    assert client.get(f"/api/v1/calls/{call.id}/agreement").json["status"] == "to_sign"


def test_the_manual_step_to_agreement_needs_a_signed_agreement(client, login, staff, call):
    login(staff)
    answer = client.post(f"/api/v1/calls/{call.id}/transition", json={"to": "agreement"})
    assert answer.status_code == 409


def test_xss_corpus_through_the_texts(client, login, staff, call, bodies, owners):
    """Every payload as the title, the summary and a partner's duties: kept as written
    (API) and inert on the call page, for staff (with the form) and for a partner."""
    for payload in PAYLOADS:
        data = body(call, bodies, title=(payload + " progetto")[:200], summary=payload + " riassunto")
        data["partners"][0]["duties"] = payload + " compiti"
        answer = record(client, login, staff, call, data)
        assert answer.status_code == 200, (payload, answer.json)
        assert answer.json["partners"][0]["duties"] == payload.strip() + " compiti"
        assert_no_xss(client.get(f"/calls/{call.id}").text)
        login(owners[0])
        assert_no_xss(client.get(f"/calls/{call.id}", headers={"Accept-Language": "en"}).text)


def test_on_the_call_page_staff_record_and_partners_sign(client, login, staff, call, bodies, owners):
    """In Italian, the first language: the form, the sum refused, the sign buttons."""
    login(staff)
    page = client.get(f"/calls/{call.id}").text
    assert (
        "Registra la convenzione" in page and "APS Alfa" in page and "APS Gamma" not in page.split('id="agreement"')[1]
    )
    form = {
        "title": "Rete educativa",
        "summary": "Doposcuola e centri estivi per le famiglie.",
        "total_budget": "120000",
        "grant": "100000",
        "minutes": minutes_of(call),
        "partners-0-organisation": str(bodies[0].id),
        "partners-0-include": "y",
        "partners-0-role": "lead",
        "partners-0-share": "70000",
        "partners-0-duties": "Coordina la rete.",
        "partners-1-organisation": str(bodies[1].id),
        "partners-1-include": "y",
        "partners-1-role": "partner",
        "partners-1-share": "20000",
        "partners-1-duties": "Gestisce i centri estivi.",
    }
    refused = client.post(f"/calls/{call.id}/agreement", data=form)
    assert refused.status_code == 422 and "sommano a 90000.00 euro" in refused.text
    form["partners-1-share"] = "30000"
    done = client.post(f"/calls/{call.id}/agreement", data=form, follow_redirects=True)
    assert done.status_code == 200 and "In attesa delle firme" in done.text
    login(owners[1])
    page = client.get(f"/calls/{call.id}").text
    assert "Firma per APS Beta" in page and "Firma per APS Alfa" not in page and "Registra la convenzione" not in page
    agreement_id = client.get(f"/api/v1/calls/{call.id}/agreement").json["id"]
    client.post(f"/agreements/{agreement_id}/sign", data={"organisation": bodies[1].id})
    login(owners[0])
    client.post(f"/agreements/{agreement_id}/sign", data={"organisation": bodies[0].id})
    login(staff)
    assert "Firma per il Comune" in client.get(f"/calls/{call.id}").text
    signed = client.post(f"/agreements/{agreement_id}/sign", data={}, follow_redirects=True)
    assert "Firmata dal Comune" in signed.text


def test_concurrent_city_signatures_set_the_grant_aside_once(app, db, client, login, staff, call, bodies, owners):
    """Eight staff signatures at once (threads, each with its own session, on the test's
    database — PostgreSQL with DATABASE_URL): one signs, the others are refused."""
    agreement_id = record(client, login, staff, call, body(call, bodies)).json["id"]
    sign(client, login, owners[0], agreement_id)
    sign(client, login, owners[1], agreement_id)
    staff_id, call_id = staff.id, call.id

    def city_signs(index: int) -> None:
        found = db.session.get(Agreement, agreement_id)
        agreements.sign_agreement(db.session.get(User, staff_id), found, {})

    outcomes = _race(app, city_signs)
    assert outcomes.count("ok") == 1 and all("Conflict" in o for o in outcomes if o != "ok"), outcomes
    assert len(outcomes) == THREADS
    db.session.expire_all()
    signed = db.session.get(Call, call_id)
    assert signed.committed == Decimal("100000.00") and signed.status.value == "agreement"


def test_the_journey_through_the_api_matches_the_openapi_document(client, call, staff, bodies, owners):
    """Bearer tokens, no cookie: record, a refused sum, both partners sign, the city signs;
    every body and answer checked against the published OpenAPI document."""
    document = client.get("/api/v1/openapi.json").json
    validate(document)
    as_staff = DocumentedClient(client, document, factories.create_token(staff))
    refused = as_staff.call("post", f"/api/v1/calls/{call.id}/agreement", body(call, bodies, grant="90000.00"))
    assert refused.status_code == 422
    agreement = as_staff.call("post", f"/api/v1/calls/{call.id}/agreement", body(call, bodies)).json
    for owner, organisation in zip(owners[:2], bodies[:2], strict=True):
        partner = DocumentedClient(client, document, factories.create_token(owner))
        signed = partner.call("post", f"/api/v1/agreements/{agreement['id']}/sign", {"organisation": organisation.id})
        assert signed.status_code == 200
    assert as_staff.call("post", f"/api/v1/agreements/{agreement['id']}/sign", {}).json["status"] == "signed"
    public = DocumentedClient(client, document, "")
    public.headers = {}
    assert public.call("get", f"/api/v1/calls/{call.id}/agreement").json["grant"] == "100000.00"
