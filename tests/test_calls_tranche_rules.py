"""The call's tranche rules: ``advance_pct``, ``intermediate_pct`` (30 % and 40 % unless the
call says otherwise) and each indicator's ``weight``, in the API body, the builder, the call
page and its avviso, versioned and compared like the other rules, and copied onto the
projects the call funds. Advance + intermediate + results share ≤ 100; a weight on every
indicator or on none."""

from decimal import Decimal

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import ApplicationIndicator, Call, Project, TrancheKind
from app.rankings import services as ranking_services
from tests import factories
from tests.factories.calls import call_body, create_call, staff_of
from tests.factories.rankings import call_in_evaluation, scored
from tests.pdfs import pdf_text

WEIGHTED = [
    {"code": "EECO01", "name": "Partecipanti totali", "unit": "persone", "weight": "2"},
    {"code": "EECR04", "name": "Partecipanti occupati", "unit": "persone", "weight": "1"},
]


def bearer(user) -> dict:
    return {"Authorization": f"Bearer {factories.create_token(user)}"}


def test_the_api_takes_the_tranche_rules_and_defaults_them(client, city):
    staff = staff_of(city)
    body = call_body(city, advance_pct="25", intermediate_pct="35", indicators=WEIGHTED)
    created = client.post("/api/v1/calls", json=body, headers=bearer(staff))
    assert created.status_code == 201, created.json
    assert (created.json["advance_pct"], created.json["intermediate_pct"]) == ("25.00", "35.00")
    assert [(i["code"], i["weight"]) for i in created.json["indicators"]] == [("EECO01", "2.00"), ("EECR04", "1.00")]
    plain = client.post("/api/v1/calls", json=call_body(city), headers=bearer(staff)).json
    assert (plain["advance_pct"], plain["intermediate_pct"]) == ("30.00", "40.00")
    assert plain["indicators"][0]["weight"] is None


@pytest.mark.parametrize(
    "overrides, field",
    [
        # 50 + 40 + 20 = 110 > 100
        ({"advance_pct": "50"}, "advance_pct"),
        ({"advance_pct": "101"}, "advance_pct"),
        ({"intermediate_pct": "-1"}, "intermediate_pct"),
        ({"indicators": [WEIGHTED[0], {**WEIGHTED[1], "weight": None}]}, "indicators"),
        ({"indicators": [{**WEIGHTED[0], "weight": "0"}]}, "indicators.0.weight"),
    ],
)
def test_impossible_tranche_rules_are_refused(client, city, overrides, field):
    response = client.post("/api/v1/calls", json=call_body(city, **overrides), headers=bearer(staff_of(city)))
    assert response.status_code == 422
    assert field in response.json["error"]["fields"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Call)) == 0


def test_exactly_100_percent_leaves_no_balance(client, city):
    # 30 + 50 + 20 = 100: allowed, the balance is 0 %
    response = client.post("/api/v1/calls", json=call_body(city, intermediate_pct="50"), headers=bearer(staff_of(city)))
    assert response.status_code == 201, response.json


def test_a_published_change_of_the_tranches_is_a_compared_version(client, city):
    staff = staff_of(city)
    call = create_call(city, staff, indicators=WEIGHTED)
    headers = bearer(staff)
    client.post(f"/api/v1/calls/{call.id}/transition", json={"to": "open"}, headers=headers)
    indicators = [WEIGHTED[0], {**WEIGHTED[1], "weight": "3"}]
    changed = client.patch(
        f"/api/v1/calls/{call.id}",
        json={"advance_pct": "20", "indicators": indicators, "reason": "Anticipo ridotto, pesi rivisti"},
        headers=headers,
    )
    assert changed.status_code == 200, changed.json
    versions = client.get(f"/api/v1/calls/{call.id}/versions").json["items"]
    assert versions[1]["changes"] == {"budget": ["advance_pct", "indicators"]}
    changes = client.get(f"/api/v1/calls/{call.id}/versions/compare", headers={"Accept-Language": "en"}).json
    assert {c["field"]: (c["before"], c["after"]) for c in changes["changes"]}["advance_pct"] == ("30.00", "20.00")
    page = client.get(f"/calls/{call.id}/versions/compare", headers={"Accept-Language": "en"}).text
    assert "Advance paid at the start" in page
    assert "Partecipanti occupati (persone), weight 3" in page


def test_the_call_page_and_avviso_say_how_the_grant_is_paid(client, city):
    staff = staff_of(city)
    call = create_call(city, staff, advance_pct="25", intermediate_pct="35", indicators=WEIGHTED)
    client.post(f"/api/v1/calls/{call.id}/transition", json={"to": "open"}, headers=bearer(staff))
    en = {"Accept-Language": "en"}
    # 100 − 25 − 35 − 20 = 20 % balance
    sentence = (
        "The grant is paid in tranches: 25% at the start, 35% when the approved spend reaches the advance, "
        "20% on the results, and the balance (20%) when the project is closed, never beyond the approved spend."
    )
    page = client.get(f"/calls/{call.id}", headers=en).text
    assert sentence in page
    assert "weight 2" in page
    pdf = client.get(f"/calls/{call.id}/avviso.pdf", headers=en)
    assert pdf.status_code == 200
    assert "25% at the start" in " ".join(pdf_text(pdf.data).split())


def test_the_builder_sets_the_tranches_and_weights(client, login, city):
    from tests.test_calls_builder import form

    staff = staff_of(city)
    login(staff)
    data = form(advance_pct="20", intermediate_pct="40,5", **{"indicators-0-weight": "1,5"})
    response = client.post(f"/{city.slug}/calls/new", data=data)
    assert response.status_code == 302, response.text
    call = db.session.scalar(sa.select(Call))
    assert (call.advance_pct, call.intermediate_pct) == (Decimal("20.00"), Decimal("40.50"))
    assert call.indicators[0].weight == Decimal("1.50")
    edit = client.get(f"/calls/{call.id}/edit").text
    assert 'name="advance_pct"' in edit and 'value="20.00"' in edit
    # 60 + 40 + 20 = 120: the message lands on the advance's box, nothing written
    refused = client.post(f"/{city.slug}/calls/new", data=form(advance_pct="60"))
    assert refused.status_code == 422
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Call)) == 1


def test_the_project_copies_the_calls_shares_and_weights(city):
    # advance 20, intermediate 50, results 20 → balance 100 − 20 − 50 − 20 = 10
    call = call_in_evaluation(city, advance_pct="20", intermediate_pct="50", budget="100000.00", indicators=WEIGHTED)
    application = scored(call, [c.max_points for c in call.criteria], title="Cortili aperti")
    application.indicators = [
        ApplicationIndicator(code=i["code"], name=i["name"], unit=i["unit"], baseline=Decimal(0), target=Decimal(50))
        for i in WEIGHTED
    ]
    db.session.commit()
    ranking_services.publish_ranking(call.created_by, call, {"reason": "Determina n. 3"})
    ranking_services.award(call.created_by, call, {})
    project = db.session.scalar(sa.select(Project).where(Project.application_id == application.id))
    assert [(t.kind, t.share_pct) for t in project.tranches] == [
        (TrancheKind.ADVANCE, Decimal("20.00")),
        (TrancheKind.INTERMEDIATE, Decimal("50.00")),
        (TrancheKind.BALANCE, Decimal("10.00")),
        (TrancheKind.RESULTS, Decimal("20.00")),
    ]
    assert [(i.code, i.weight) for i in project.indicators] == [
        ("EECO01", Decimal("2.00")),
        ("EECR04", Decimal("1.00")),
    ]
