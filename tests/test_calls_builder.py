"""The call builder (``/<city>/calls/new``, ``/calls/<id>/edit``): staff fill in one form
that posts to the same services as the API; the service's errors land on the box and row
they name, with 422 and nothing written; only staff of the city get in; text comes back
escaped in Italian and English."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Call, CallStatus, CallVersion
from tests import factories
from tests.factories.calls import create_call, staff_of
from tests.factories.needs import create_area
from tests.xss import PAYLOADS, assert_no_xss


def form(**overrides) -> dict:
    """The builder's boxes as a browser sends them (times in Rome, rows numbered with gaps
    and an empty row, as the page leaves them)."""
    data = {
        "title": "Nuovi servizi di prossimità nelle aree bersaglio",
        "summary": "Servizi di inclusione sociale nei quartieri più fragili.",
        "body": "## Finalità\nL'avviso sostiene **nuovi servizi**.",
        "kind": "competitive",
        "department": "Welfare",
        "co_departments": "Politiche giovanili, Cultura",
        "action_code": "3.3.1",
        "funds-0-fund": "FSE+",
        "funds-0-ceiling": "400000.00",
        "funds-1-fund": "FESR",
        "funds-1-ceiling": "200000",
        "funds-2-fund": "",
        "funds-2-ceiling": "",
        "budget": "600000.00",
        "min_grant": "50000",
        "max_grant": "150000",
        "cofinancing_pct": "0",
        "applicant_forms": ["aps", "odv", "social_cooperative"],
        "profit_role": "partner",
        "min_partners": "1",
        "min_duration_months": "12",
        "max_duration_months": "24",
        "opens_at": "2027-03-01T09:00",
        "closes_at": "2027-04-15T12:00",
        "criteria-0-name": "Qualità della proposta",
        "criteria-0-description": "Chiarezza e coerenza.",
        "criteria-0-max_points": "60",
        "criteria-0-threshold": "30",
        "criteria-1-name": "",
        "criteria-1-description": "",
        "criteria-1-max_points": "",
        "criteria-1-threshold": "",
        "criteria-4-name": "Rete partenariale",
        "criteria-4-max_points": "40",
        "min_score": "60",
        "evaluators_per_application": "2",
        "partial_last_award": "y",
        "indirect_flat_rate_pct": "15",
        "unit_costs-0-name": "Ora di tutoraggio",
        "unit_costs-0-unit": "ora",
        "unit_costs-0-rate": "38.00",
        "results_share_pct": "20",
        "min_achievement_pct": "50",
        "indicators-0-code": "EECO01",
        "indicators-0-name": "Partecipanti totali",
        "indicators-0-unit": "persone",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def staff(city):
    return staff_of(city)


def _call_in(city, staff, status: CallStatus) -> Call:
    call = create_call(city, staff)
    call.status, call.version = status, 1
    db.session.commit()
    return call


def _calls() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Call))


def test_staff_build_a_call_in_one_form(client, login, city, staff):
    area = create_area(city, "Japigia", intensity=80)
    other = create_area(city, "San Paolo", intensity=100)
    login(staff)
    page = client.get(f"/{city.slug}/calls/new")
    assert page.status_code == 200
    assert 'name="criteria-0-max_points"' in page.text and "calls-builder.js" in page.text
    assert "Japigia (80%)" in page.text
    response = client.post(
        f"/{city.slug}/calls/new",
        data=form(
            **{"areas-0-area": str(area.id), "areas-0-intensity_pct": "", "areas-1-area": str(other.id)},
            **{"areas-1-intensity_pct": "90", "budget": "600.000,00", "funds-0-ceiling": "400.000,00"},
        ),
    )
    assert response.status_code == 302, response.text
    call = db.session.scalar(sa.select(Call))
    assert response.headers["Location"].endswith(f"/calls/{call.id}")
    assert call.status is CallStatus.DRAFT and call.created_by_id == staff.id
    assert [(f.fund.value, f.ceiling) for f in call.funds] == [
        ("FSE+", Decimal("400000.00")),
        ("FESR", Decimal("200000.00")),
    ]
    assert [(c.name, c.max_points, c.threshold) for c in call.criteria] == [
        ("Qualità della proposta", Decimal("60.00"), Decimal("30.00")),
        ("Rete partenariale", Decimal("40.00"), Decimal("0.00")),
    ]
    assert [(a.area_id, a.intensity) for a in call.areas] == [(area.id, Decimal("80")), (other.id, Decimal("90.00"))]
    assert call.opens_at == datetime(2027, 3, 1, 8, 0, tzinfo=UTC)  # 09:00 in Rome, winter time
    assert call.closes_at == datetime(2027, 4, 15, 10, 0, tzinfo=UTC)  # 12:00 in Rome, summer time
    assert call.co_departments == ["Politiche giovanili", "Cultura"]
    assert call.applicant_forms == ["aps", "odv", "social_cooperative"]
    assert call.partial_last_award and not call.requires_runts
    assert [(u.name, u.rate) for u in call.unit_costs] == [("Ora di tutoraggio", Decimal("38.00"))]
    assert [i.code for i in call.indicators] == ["EECO01"]
    client.get("/lang/en")
    page = client.get(f"/calls/{call.id}").text  # the draft, as its staff read it
    assert "Social promotion association (APS)" in page and "only as partners" in page
    assert "Ora di tutoraggio" in page and "EECO01" in page and "a flat rate of 15%" in page


def test_errors_land_on_their_row_and_nothing_is_written(client, login, city, staff):
    login(staff)
    client.get("/lang/en")
    response = client.post(f"/{city.slug}/calls/new", data=form(**{"criteria-4-max_points": "0"}))
    assert response.status_code == 422
    assert _calls() == 0
    page = response.text
    # The second criterion sent is the page's third row (the empty row between stays).
    error = page.split('id="criteria-2-max_points-error"', 1)[1].split("</div>", 1)[0]
    assert "Enter an amount between 0.01 and 1000 euros." in error
    assert 'id="criteria-0-max_points-error"' not in page
    assert 'value="Rete partenariale"' in page  # what was typed stays
    assert 'href="#criteria-2-max_points"' in page  # the summary links to the box


def test_rules_across_fields_land_on_their_section(client, login, city, staff):
    login(staff)
    client.get("/lang/en")
    response = client.post(
        f"/{city.slug}/calls/new", data=form(**{"funds-1-ceiling": "100", "closes_at": "2027-02-01T09:00"})
    )
    assert response.status_code == 422 and _calls() == 0
    page = response.text
    assert "The funds&#39; ceilings together must cover the budget." in page.split('id="funds-errors"', 1)[1][:400]
    assert "The closing date must come after the opening date." in page.split('id="closes_at-error"', 1)[1][:300]


def test_a_kind_rule_of_the_schema_shows_above_its_rows_in_italian(client, login, city, staff):
    login(staff)
    client.get("/lang/it")
    blank = {f"criteria-{n}-{box}": "" for n in (0, 4) for box in ("name", "description", "max_points", "threshold")}
    response = client.post(f"/{city.slug}/calls/new", data=form(**blank))
    assert response.status_code == 422 and _calls() == 0
    assert (
        "Un avviso con graduatoria o a sportello ha bisogno dei criteri di valutazione."
        in response.text.split('id="criteria-errors"')[1][:300]
    )


def test_italian_messages(client, login, city, staff):
    login(staff)
    client.get("/lang/it")
    response = client.post(f"/{city.slug}/calls/new", data=form(title="", budget="molti"))
    assert response.status_code == 422 and _calls() == 0
    page = response.text
    assert "Correggi i campi evidenziati" in page
    assert "Questo campo è obbligatorio." in page.split('id="title-error"', 1)[1][:200]
    assert 'id="budget-error"' in page


def test_editing_a_published_call_asks_for_the_reason(client, login, city, staff):
    call = _call_in(city, staff, CallStatus.CONSULTATION)
    login(staff)
    page = client.get(f"/calls/{call.id}/edit")
    assert page.status_code == 200
    assert 'value="Nuovi servizi di prossimità nelle aree bersaglio"' in page.text and 'name="reason"' in page.text
    refused = client.post(f"/calls/{call.id}/edit", data=form(budget="500000", max_grant="100000"))
    assert refused.status_code == 422 and 'id="reason-error"' in refused.text
    db.session.refresh(call)
    assert call.budget == Decimal("600000.00") and call.version == 1
    done = client.post(
        f"/calls/{call.id}/edit",
        data=form(budget="500000", max_grant="100000", reason="Budget ridotto dopo la consultazione."),
    )
    assert done.status_code == 302
    db.session.refresh(call)
    assert call.budget == Decimal("500000.00") and call.version == 2
    kept = db.session.scalar(sa.select(CallVersion).where(CallVersion.call_id == call.id, CallVersion.number == 2))
    assert kept.reason == "Budget ridotto dopo la consultazione."


def test_a_draft_form_round_trips_its_rules(client, login, city, staff):
    area = create_area(city, "Japigia", intensity=80)
    call = create_call(city, staff, areas=[{"area": area.id, "intensity_pct": None}], closes_at=None, kind="rolling")
    login(staff)
    page = client.get(f"/calls/{call.id}/edit").text
    assert 'name="reason"' not in page
    fields = {"kind": "rolling", "closes_at": "", "areas-0-area": str(area.id), "areas-0-intensity_pct": ""}
    response = client.post(f"/calls/{call.id}/edit", data=form(**fields))
    assert response.status_code == 302, response.text
    db.session.refresh(call)
    assert call.closes_at is None and call.areas[0].intensity_pct is None and call.version == 0


def test_only_staff_of_the_city_reach_the_builder(client, login, city, other_city, resident):
    call = create_call(city)
    assert client.get(f"/{city.slug}/calls/new").status_code == 302  # to sign-in
    login(resident)
    assert client.get(f"/{city.slug}/calls/new").status_code == 403
    assert client.get(f"/calls/{call.id}/edit").status_code == 403
    login(staff_of(other_city, "Altrove"))
    assert client.get(f"/{city.slug}/calls/new").status_code == 403
    assert client.post(f"/{city.slug}/calls/new", data=form()).status_code == 403
    assert client.get(f"/calls/{call.id}/edit").status_code == 403
    assert _calls() == 1


def test_a_closed_call_is_not_edited(client, login, city, staff):
    call = _call_in(city, staff, CallStatus.CLOSED)
    login(staff)
    response = client.get(f"/calls/{call.id}/edit")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/calls/{call.id}")


TEXT_BOXES = ("title", "summary", "body", "department", "co_departments", "action_code")
ROW_BOXES = ("criteria-0-name", "criteria-0-description", "unit_costs-0-name", "unit_costs-0-unit")
ROW_BOXES += ("indicators-0-code", "indicators-0-name", "indicators-0-unit")


@pytest.mark.parametrize("lang", ["it", "en"])
def test_xss_through_every_text_box_of_the_builder(client, login, city, staff, lang):
    login(staff)
    client.get(f"/lang/{lang}")
    for n, payload in enumerate(PAYLOADS):
        text = (payload + " testo")[:34]
        values = {box: f"{n} {text}" for box in (*TEXT_BOXES, *ROW_BOXES)}
        values["indicators-0-code"] = f"X{n} {payload}"[:40]
        values["title"] = f"Avviso {n} {payload}"[:200]
        response = client.post(f"/{city.slug}/calls/new", data=form(**values))
        assert response.status_code in (302, 422), (payload, response.status_code)
        assert_no_xss(response.text)
        if response.status_code == 302:
            call_page = client.get(response.headers["Location"])
            assert_no_xss(call_page.text)
            call_id = int(response.headers["Location"].rsplit("/", 1)[1])
            assert_no_xss(client.get(f"/calls/{call_id}/edit").text)
    assert_no_xss(client.get(f"/{city.slug}/calls").text)
    assert _calls() > len(PAYLOADS) // 2


def test_the_list_offers_the_builder_to_staff_only(client, login, city, staff):
    login(factories.create_user(city=city, name="Residente"))
    assert f"/{city.slug}/calls/new" not in client.get(f"/{city.slug}/calls").text
    login(staff)
    assert f"/{city.slug}/calls/new" in client.get(f"/{city.slug}/calls").text


def test_the_reason_of_a_version_is_shown_as_text(client, login, city, staff):
    call = _call_in(city, staff, CallStatus.OPEN)
    login(staff)
    for payload in PAYLOADS[:8]:
        response = client.post(f"/calls/{call.id}/edit", data=form(reason=f"Rettifica: {payload}"))
        assert response.status_code == 302, response.text
    page = client.get(f"/calls/{call.id}").text
    assert_no_xss(page)
    db.session.refresh(call)
    assert call.version == 9 and "Rettifica: &lt;script&gt;" in page
