"""``GET /api/v1/calls/{id}/ranking`` and the grants' requests: a staff preview, the public
edition after the step to ``ranking_published``, a renounce that funds the reserve."""

from __future__ import annotations

from app.extensions import db
from tests import factories
from tests.factories.rankings import call_in_evaluation, scored


def bearer(user) -> dict:
    return {"Authorization": f"Bearer {factories.create_token(user)}"}


def test_preview_then_published_ranking_with_reasons(client, city, resident):
    call = call_in_evaluation(city, budget="150000.00", funds=[{"fund": "FSE+", "ceiling": "150000.00"}])
    top = scored(call, (40, 25, 25), title="Prima")
    scored(call, (30, 20, 20), title="Seconda")
    scored(call, (10, 20, 20), title="Sotto soglia")
    staff = call.created_by
    url = f"/api/v1/calls/{call.id}/ranking"
    assert client.get(url, headers=bearer(resident)).status_code == 404
    preview = client.get(url, headers=bearer(staff))
    assert preview.status_code == 200 and preview.json["edition"] is None
    items = preview.json["items"]
    assert [(i["rank"], i["outcome"], i["granted"]) for i in items] == [
        (1, "funded", "100000.00"),
        (2, "partly_funded", "50000.00"),
        (None, "below_threshold", None),
    ]
    assert items[0]["organization"]["name"] and items[0]["scores"][0]["points"] == "40.00"
    assert "Qualità della proposta" in items[2]["reason"]
    step = client.post(f"/api/v1/calls/{call.id}/transition", json={"to": "ranking_published"}, headers=bearer(staff))
    assert step.status_code == 200, step.json
    public = client.get(url).json
    assert public["edition"]["number"] == 1 and public["items"][0]["application"] == top.id


def test_renounce_through_the_api_funds_the_reserve(client, city, resident):
    call = call_in_evaluation(call_city := city, budget="100000.00", funds=[{"fund": "FSE+", "ceiling": "100000.00"}])
    top = scored(call, (40, 25, 25))
    reserve = scored(call, (30, 20, 20))
    client.post(
        f"/api/v1/calls/{call.id}/transition", json={"to": "ranking_published"}, headers=bearer(call.created_by)
    )
    url = f"/api/v1/applications/{top.id}/renounce"
    assert client.post(url, json={}, headers=bearer(resident)).status_code == 403
    done = client.post(url, json={"reason": "Rinuncia"}, headers=bearer(top.created_by))
    assert done.status_code == 200 and done.json["status"] == "renounced"
    db.session.expire_all()
    assert reserve.status.value == "funded"
    ranking = client.get(f"/api/v1/calls/{call.id}/ranking").json
    assert ranking["edition"]["number"] == 2 and ranking["edition"]["cause"] == "renounce"
    assert call_city


def test_revoke_needs_a_reason(client, city):
    call = call_in_evaluation(city)
    top = scored(call, (40, 25, 25))
    client.post(
        f"/api/v1/calls/{call.id}/transition", json={"to": "ranking_published"}, headers=bearer(call.created_by)
    )
    answer = client.post(f"/api/v1/applications/{top.id}/revoke", json={}, headers=bearer(call.created_by))
    assert answer.status_code == 422 and "reason" in answer.json["error"]["fields"]
