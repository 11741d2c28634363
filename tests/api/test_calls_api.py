"""``/api/v1/calls``: staff build a draft, publish it (version 1), change it only with a
reason (version 2, compared by section), move it through its lifecycle; people comment in
consultation. Bodies and codes as in shared/API.md."""

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Call, CallVersion
from tests import factories
from tests.factories.calls import call_body, create_call, staff_of
from tests.factories.needs import create_area


def bearer(user) -> dict:
    return {"Authorization": f"Bearer {factories.create_token(user)}"}


def test_staff_create_a_draft_that_only_they_see(client, city, resident):
    staff = staff_of(city)
    area = create_area(city, "Japigia", intensity=100)
    response = client.post(
        "/api/v1/calls", json=call_body(city, areas=[{"area": area.id, "intensity_pct": "80"}]), headers=bearer(staff)
    )
    assert response.status_code == 201, response.json
    call = response.json
    assert call["status"] == "draft" and call["version"] == 0
    assert call["budget"] == "600000.00" and call["budget_left"] == "600000.00"
    assert call["funds"] == [{"fund": "FSE+", "ceiling": "600000.00"}]
    assert call["areas"] == [{"area": area.id, "intensity_pct": "80.00"}]
    assert [c["name"] for c in call["criteria"]] == ["Qualità della proposta", "Rete partenariale", "Impatto sociale"]
    assert call["url"].endswith(f"/calls/{call['id']}") and "open" in call["next_steps"]
    assert client.get(f"/api/v1/calls/{call['id']}").status_code == 404
    assert client.get(f"/api/v1/calls/{call['id']}", headers=bearer(resident)).status_code == 404
    assert client.get(f"/api/v1/calls/{call['id']}", headers=bearer(staff)).status_code == 200
    assert client.get(f"/api/v1/calls?city={city.slug}").json["total"] == 0


def test_only_staff_of_the_city_create(client, city, other_city, resident):
    assert client.post("/api/v1/calls", json=call_body(city), headers=bearer(resident)).status_code == 403
    elsewhere = staff_of(other_city, "Altrove")
    assert client.post("/api/v1/calls", json=call_body(city), headers=bearer(elsewhere)).status_code == 403
    assert client.post("/api/v1/calls", json=call_body(city)).status_code == 401
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Call)) == 0


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"min_grant": "200000.00"}, "min_grant"),
        ({"max_grant": "700000.00"}, "max_grant"),
        ({"funds": [{"fund": "FSE+", "ceiling": "100.00"}]}, "funds"),
        ({"funds": [{"fund": "FSE", "ceiling": "600000.00"}]}, "funds.0.fund"),
        ({"closes_at": "2020-01-01T00:00:00+00:00"}, "closes_at"),
        ({"closes_at": None}, "closes_at"),
        ({"opens_at": "2027-01-01T10:00:00"}, "opens_at"),
        ({"criteria": []}, "criteria"),
        ({"criteria": [{"name": "Qualità", "max_points": "0"}]}, "criteria.0.max_points"),
        ({"criteria": [{"name": "Qualità", "max_points": "10", "threshold": "11"}]}, "criteria.0.threshold"),
        ({"min_score": "101"}, "min_score"),
        ({"cofinancing_pct": "120"}, "cofinancing_pct"),
        ({"budget": "1.001"}, "budget"),
        ({"min_partners": 2**64}, "min_partners"),
        ({"areas": [{"area": 2**63}]}, "areas.0.area"),
        ({"areas": [{"area": 999999}]}, "areas.0.area"),
        ({"min_duration_months": 30}, "min_duration_months"),
        ({"applicant_forms": ["club"]}, "applicant_forms.0"),
        ({"indicators": [], "results_share_pct": "20"}, "indicators"),
        ({"title": "x" * 201}, "title"),
        ({"surprise": True}, "surprise"),
    ],
)
def test_invalid_rules_are_refused_and_nothing_is_written(client, city, overrides, field):
    staff = staff_of(city)
    response = client.post("/api/v1/calls", json=call_body(city, **overrides), headers=bearer(staff))
    assert response.status_code == 422, response.json
    assert field in response.json["error"]["fields"], response.json
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Call)) == 0


def test_unknown_city_answers_like_everywhere(client, city):
    body = {**call_body(city), "city": "atlantide"}
    response = client.post("/api/v1/calls", json=body, headers=bearer(staff_of(city)))
    assert response.status_code == 422 and response.json["error"]["fields"] == {"city": ["Città sconosciuta."]}


def test_publishing_makes_version_one_and_changes_need_a_reason(client, city):
    staff = staff_of(city)
    call = create_call(city, staff)
    headers = bearer(staff)
    opened = client.post(f"/api/v1/calls/{call.id}/transition", json={"to": "open"}, headers=headers)
    assert opened.status_code == 200 and opened.json["status"] == "open" and opened.json["version"] == 1
    assert client.get(f"/api/v1/calls/{call.id}").status_code == 200  # public now

    silent = client.patch(f"/api/v1/calls/{call.id}", json={"budget": "650000.00"}, headers=headers)
    assert silent.status_code == 422 and "reason" in silent.json["error"]["fields"]
    changed = client.patch(
        f"/api/v1/calls/{call.id}",
        json={"max_grant": "120000.00", "reason": "Più progetti finanziabili"},
        headers=headers,
    )
    assert changed.status_code == 200, changed.json
    assert changed.json["max_grant"] == "120000.00" and changed.json["version"] == 2
    assert changed.json["budget"] == "600000.00"  # a partial body keeps the other rules

    versions = client.get(f"/api/v1/calls/{call.id}/versions").json["items"]
    assert [(v["number"], v["reason"]) for v in versions] == [(1, ""), (2, "Più progetti finanziabili")]
    assert versions[1]["changes"] == {"budget": ["max_grant"]}
    first = client.get(f"/api/v1/calls/{call.id}/versions/1").json
    assert first["rules"]["max_grant"] == "150000.00"
    assert client.get(f"/api/v1/calls/{call.id}/versions/9").status_code == 404


def test_a_patch_that_breaks_a_rule_changes_nothing(client, city):
    staff = staff_of(city)
    call = create_call(city, staff)
    response = client.patch(f"/api/v1/calls/{call.id}", json={"min_grant": "900000.00"}, headers=bearer(staff))
    assert response.status_code == 422
    db.session.expire_all()
    assert str(db.session.get(Call, call.id).min_grant) == "50000.00"


def test_illegal_steps_answer_409_with_the_allowed_ones(client, city):
    staff = staff_of(city)
    call = create_call(city, staff)
    response = client.post(f"/api/v1/calls/{call.id}/transition", json={"to": "awarded"}, headers=bearer(staff))
    assert response.status_code == 409
    assert sorted(response.json["error"]["allowed"]) == ["consultation", "open"]
    assert (
        client.post(f"/api/v1/calls/{call.id}/transition", json={"to": "nowhere"}, headers=bearer(staff)).status_code
        == 422
    )
    assert db.session.get(Call, call.id).status.value == "draft"


def test_closing_early_needs_a_reason(client, city):
    staff = staff_of(city)
    call = create_call(city, staff)
    headers = bearer(staff)
    client.post(f"/api/v1/calls/{call.id}/transition", json={"to": "open"}, headers=headers)
    early = client.post(f"/api/v1/calls/{call.id}/transition", json={"to": "closed"}, headers=headers)
    assert early.status_code == 422 and "reason" in early.json["error"]["fields"]
    closed = client.post(
        f"/api/v1/calls/{call.id}/transition", json={"to": "closed", "reason": "Errore materiale"}, headers=headers
    )
    assert closed.status_code == 200 and closed.json["status"] == "closed"


def test_consultation_comments_and_replies(client, city, resident):
    staff = staff_of(city)
    call = create_call(city, staff)
    comment = {"section": "eligibility", "body": "Potete ammettere anche le associazioni sportive?"}
    url = f"/api/v1/calls/{call.id}/comments"
    assert client.post(url, json=comment, headers=bearer(resident)).status_code == 404  # a draft is not public
    client.post(f"/api/v1/calls/{call.id}/transition", json={"to": "consultation"}, headers=bearer(staff))
    assert client.post(url, json=comment).status_code == 401
    made = client.post(url, json=comment, headers=bearer(resident))
    assert made.status_code == 201 and made.json["section"] == "eligibility" and made.json["version"] == 1
    bad = client.post(url, json={"section": "colour", "body": "x"}, headers=bearer(resident))
    assert bad.status_code == 422 and set(bad.json["error"]["fields"]) == {"section", "body"}
    reply = {"reply": "Sì, se iscritte al RUNTS.", "outcome": "accepted"}
    reply_url = f"{url}/{made.json['id']}/reply"
    assert client.post(reply_url, json=reply, headers=bearer(resident)).status_code == 403
    replied = client.post(reply_url, json=reply, headers=bearer(staff))
    assert replied.status_code == 200 and replied.json["outcome"] == "accepted"
    assert client.get(url).json["items"][0]["reply"] == "Sì, se iscritte al RUNTS."
    client.post(f"/api/v1/calls/{call.id}/transition", json={"to": "open"}, headers=bearer(staff))
    assert client.post(url, json=comment, headers=bearer(resident)).status_code == 409


def test_codesign_calls_require_runts_and_ideas_need_no_money(client, city):
    staff = staff_of(city)
    codesign = client.post(
        "/api/v1/calls", json=call_body(city, kind="codesign", requires_runts=False, criteria=[]), headers=bearer(staff)
    )
    assert codesign.status_code == 201 and codesign.json["requires_runts"] is True
    ideas = client.post(
        "/api/v1/calls",
        json=call_body(
            city,
            kind="ideas",
            funds=[],
            budget="0",
            min_grant="0",
            max_grant="0",
            criteria=[],
            min_score="0",
            results_share_pct=None,
            indicators=[],
        ),
        headers=bearer(staff),
    )
    assert ideas.status_code == 201, ideas.json
    rolling = client.post("/api/v1/calls", json=call_body(city, kind="rolling", closes_at=None), headers=bearer(staff))
    assert rolling.status_code == 201 and rolling.json["closes_at"] is None


def test_list_filters_and_open_first(client, city):
    staff = staff_of(city)
    draft = create_call(city, staff, title="Avviso ancora in bozza")
    opened = create_call(city, staff, title="Avviso aperto per i quartieri")
    client.post(f"/api/v1/calls/{opened.id}/transition", json={"to": "open"}, headers=bearer(staff))
    public = client.get(f"/api/v1/calls?city={city.slug}").json
    assert [c["id"] for c in public["items"]] == [opened.id]
    mine = client.get(f"/api/v1/calls?city={city.slug}", headers=bearer(staff)).json
    assert [c["id"] for c in mine["items"]] == [opened.id, draft.id]
    assert client.get("/api/v1/calls?fund=FESR").json["total"] == 0
    assert client.get("/api/v1/calls?kind=competitive&status=open").json["total"] == 1
    assert client.get("/api/v1/calls?city=atlantide").status_code == 422
    assert client.get("/api/v1/calls?status=bogus").status_code == 422


def test_the_page_shows_the_rules_and_escapes_text(client, city):
    from tests.xss import PAYLOADS, assert_no_xss

    staff = staff_of(city)
    payload = " ".join(PAYLOADS[:20])[:190]
    call = create_call(city, staff, title=payload[:200], summary=" ".join(PAYLOADS)[:2000], body="\n\n".join(PAYLOADS))
    client.post(f"/api/v1/calls/{call.id}/transition", json={"to": "open"}, headers=bearer(staff))
    page = client.get(f"/calls/{call.id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert_no_xss(html)
    assert "Qualità della proposta" in html and "3.3.1" in html
    listing = client.get(f"/{city.slug}/calls").get_data(as_text=True)
    assert_no_xss(listing)


def test_openapi_documents_the_call_body(client):
    spec = client.get("/api/v1/openapi.json").json
    body = spec["paths"]["/api/v1/calls"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    ref = body["$ref"].rsplit("/", 1)[-1]
    schema = spec["components"]["schemas"][ref]
    assert {"title", "kind", "funds", "budget", "criteria", "opens_at"} <= set(schema["properties"])
    assert {"title", "kind", "budget", "department"} <= set(schema["required"])
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CallVersion)) == 0


def test_in_the_browser_people_comment_and_staff_reply_and_step(client, city, resident, login):
    staff = staff_of(city)
    call = create_call(city, staff)
    login(staff)
    page = client.get(f"/calls/{call.id}").get_data(as_text=True)
    assert "Passi successivi" in page
    assert client.post(f"/calls/{call.id}/transition", data={"to": "consultation"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Call, call.id).status.value == "consultation"
    bad = client.post(f"/calls/{call.id}/transition", data={"to": "awarded"}, follow_redirects=True)
    assert "non può passare" in bad.get_data(as_text=True)

    login(resident)
    empty = client.post(f"/calls/{call.id}/comments", data={"section": "budget", "body": ""})
    assert empty.status_code == 422 and "obbligatorio" in empty.get_data(as_text=True)
    sent = client.post(
        f"/calls/{call.id}/comments",
        data={"section": "budget", "body": "Il contributo massimo è basso."},
        follow_redirects=True,
    )
    assert "Il contributo massimo è basso." in sent.get_data(as_text=True)
    comment_id = client.get(f"/api/v1/calls/{call.id}/comments").json["items"][0]["id"]
    assert (
        client.post(
            f"/calls/{call.id}/comments/{comment_id}/reply",
            data={f"comment-{comment_id}-reply": "x", f"comment-{comment_id}-outcome": "accepted"},
        ).status_code
        == 403
    )

    login(staff)
    replied = client.post(
        f"/calls/{call.id}/comments/{comment_id}/reply",
        data={
            f"comment-{comment_id}-reply": "Lo portiamo a 180.000 euro.",
            f"comment-{comment_id}-outcome": "accepted",
        },
        follow_redirects=True,
    )
    assert "Lo portiamo a 180.000 euro." in replied.get_data(as_text=True)
