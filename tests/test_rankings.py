"""Rankings of competitive calls (order, tie-breaks, thresholds, partial last, reserves,
fund ceilings, editions on renounce, revocation and review), awards, and rolling calls
decided in protocol order until the budget is used."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from app.calls import services as call_services
from app.errors import Conflict, NotFound, PermissionDenied
from app.extensions import db
from app.models import (
    ApplicationStatus,
    AuditEntry,
    CallStatus,
    Notification,
    RankingEdition,
    ReviewStatus,
)
from app.rankings import queries, rolling, services
from tests.factories.calls import staff_of
from tests.factories.needs import create_need
from tests.factories.rankings import call_in_evaluation, open_rolling_call, scored


def outcomes(call):
    entries, _edition = queries.visible_ranking(call, staff_of(call.city, name="Lettrice"))
    return [(e["title"], e["outcome"], e["granted"]) for e in entries]


def publish(call, reason="Graduatoria approvata con determina n. 12"):
    return services.publish_ranking(call.created_by, call, {"reason": reason})


def test_order_by_score_then_criteria_in_order_then_protocol(city):
    call = call_in_evaluation(city, budget="1000000.00", funds=[{"fund": "FSE+", "ceiling": "1000000.00"}])
    scored(call, (30, 20, 20), title="A")  # 70
    scored(call, (25, 25, 20), title="B")  # 70, lower on the first criterion
    scored(call, (30, 20, 20), title="C")  # 70, as A but a later protocol
    scored(call, (35, 25, 25), title="D")  # 85
    assert [o[0] for o in outcomes(call)] == ["D", "A", "C", "B"]


def test_thresholds_and_minimum_total_leave_an_application_out(city):
    call = call_in_evaluation(city)
    scored(call, (19, 30, 30), title="Sotto soglia")  # 79 but the first criterion's threshold is 20
    scored(call, (20, 20, 10), title="Sotto il minimo")  # 50 < 60
    scored(call, (30, 20, 20), title="Ammessa")
    rows = outcomes(call)
    assert rows[0] == ("Ammessa", "funded", "100000.00")
    assert {r[0]: r[1] for r in rows[1:]} == {"Sotto soglia": "below_threshold", "Sotto il minimo": "below_threshold"}


def test_funded_in_order_the_last_partly_then_reserves(city):
    call = call_in_evaluation(city, budget="250000.00", funds=[{"fund": "FSE+", "ceiling": "250000.00"}])
    for n, first in enumerate((40, 39, 38, 37)):
        scored(call, (first, 20, 20), title=f"P{n}")
    assert outcomes(call) == [
        ("P0", "funded", "100000.00"),
        ("P1", "funded", "100000.00"),
        ("P2", "partly_funded", "50000.00"),
        ("P3", "reserve", None),
    ]


def test_without_partial_awards_the_one_that_does_not_fit_is_a_reserve(city):
    call = call_in_evaluation(
        city, budget="250000.00", partial_last_award=False, funds=[{"fund": "FSE+", "ceiling": "250000.00"}]
    )
    for n, first in enumerate((40, 39, 38)):
        scored(call, (first, 20, 20), title=f"P{n}")
    assert [o[1] for o in outcomes(call)] == ["funded", "funded", "reserve"]


def test_a_fund_ceiling_stops_the_funding(city):
    call = call_in_evaluation(
        city,
        budget="300000.00",
        partial_last_award=False,
        funds=[{"fund": "FSE+", "ceiling": "300000.00"}, {"fund": "FESR", "ceiling": "50000.00"}],
    )
    scored(call, (40, 20, 20), title="Misto", funds={"FSE+": "60000", "FESR": "40000"})
    scored(call, (39, 20, 20), title="Tutto FESR", funds={"FESR": "100000"})
    scored(call, (38, 20, 20), title="Tutto FSE", funds={"FSE+": "100000"})
    rows = outcomes(call)
    assert rows[0] == ("Misto", "funded", "100000.00")
    assert rows[1][:2] == ("Tutto FESR", "reserve")  # 40 000 of FESR used, 10 000 left
    assert rows[2][:2] == ("Tutto FSE", "reserve")  # in order: after a reserve, reserves


def test_preview_for_staff_only_then_public_edition(client, city, resident):
    call = call_in_evaluation(city)
    scored(call, (30, 20, 20), title="Progetto visibile")
    assert client.get(f"/api/v1/calls/{call.id}/ranking").status_code == 404
    with pytest.raises(NotFound):
        queries.visible_ranking(call, resident)
    publish(call)
    db.session.expire_all()
    assert call.status is CallStatus.RANKING_PUBLISHED
    entries, edition = queries.visible_ranking(call, resident)
    assert edition.number == 1 and entries[0]["outcome"] == "funded"
    page = client.get(f"/calls/{call.id}/ranking")
    assert page.status_code == 200 and "Progetto visibile" in page.text


def test_publication_needs_every_application_scored(city):
    call = call_in_evaluation(city)
    scored(call, (30, 20, 20))
    scored(call, None, title="Non valutata")
    with pytest.raises(Conflict):
        publish(call)
    db.session.expire_all()
    assert call.status is CallStatus.EVALUATION
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RankingEdition)) == 0


def test_award_commits_the_grants_and_renounce_funds_the_next_reserve(city):
    call = call_in_evaluation(city, budget="200000.00", funds=[{"fund": "FSE+", "ceiling": "200000.00"}])
    first = scored(call, (40, 20, 20), title="Prima")
    second = scored(call, (39, 20, 20), title="Seconda")
    reserve = scored(call, (38, 20, 20), title="Riserva")
    publish(call)
    services.award(call.created_by, call, {})
    db.session.expire_all()
    assert call.status is CallStatus.AWARDED and call.committed == Decimal("200000.00")
    assert reserve.status is ApplicationStatus.RESERVE
    services.renounce(first.created_by, first, {"reason": "Rinunciamo per sopraggiunta impossibilità."})
    db.session.expire_all()
    assert first.status is ApplicationStatus.RENOUNCED
    assert reserve.status is ApplicationStatus.FUNDED and reserve.granted == Decimal("100000.00")
    assert second.status is ApplicationStatus.FUNDED
    assert call.committed == Decimal("200000.00")
    editions = queries.editions_of(call)
    assert [e.number for e in editions] == [1, 2] and editions[1].cause.value == "renounce"
    assert editions[0].entries[2]["outcome"] == "reserve"  # the first edition stays as it was
    actions = set(db.session.scalars(sa.select(AuditEntry.action)))
    assert {"ranking.edition", "ranking.award", "application.renounced"} <= actions


def test_revoke_needs_staff_and_a_reason_and_makes_an_edition(city, resident):
    call = call_in_evaluation(city, budget="100000.00", funds=[{"fund": "FSE+", "ceiling": "100000.00"}])
    funded = scored(call, (40, 20, 20), title="Revocata")
    reserve = scored(call, (30, 20, 20), title="Subentra")
    publish(call)
    with pytest.raises(PermissionDenied):
        services.revoke(resident, funded, {"reason": "Non è permesso a chi non è staff."})
    services.revoke(call.created_by, funded, {"reason": "Mancata sottoscrizione dell'atto d'obbligo."})
    db.session.expire_all()
    assert funded.status is ApplicationStatus.REVOKED and reserve.status is ApplicationStatus.FUNDED
    assert queries.latest_edition(call).cause.value == "revocation"


def test_review_request_changed_score_makes_a_new_edition(city):
    call = call_in_evaluation(city, budget="100000.00", funds=[{"fund": "FSE+", "ceiling": "100000.00"}])
    scored(call, (40, 20, 20), title="Prima")
    asks = scored(call, (30, 20, 15), title="Chiede riesame")
    publish(call)
    db.session.expire_all()
    review = services.request_review(asks.created_by, asks, {"reasons": "Il criterio 3 non considera l'allegato B."})
    with pytest.raises(Conflict):
        services.request_review(asks.created_by, asks, {"reasons": "Una seconda richiesta identica alla prima."})
    services.answer_review(call.created_by, review, {"answer": "Accolta: l'allegato B vale 20 punti.", "score": "95"})
    db.session.expire_all()
    assert review.status is ReviewStatus.UPHELD and asks.status is ApplicationStatus.FUNDED
    assert queries.latest_edition(call).number == 2
    assert db.session.scalar(sa.select(Notification).where(Notification.kind == "ranking.review_answered"))


def test_review_request_after_the_days_is_refused(city, app):
    call = call_in_evaluation(city)
    asks = scored(call, (30, 20, 20))
    publish(call)
    first = queries.latest_edition(call)
    first.published_at = first.published_at.replace(year=first.published_at.year - 1)
    db.session.commit()
    with pytest.raises(Conflict):
        services.request_review(asks.created_by, asks, {"reasons": "Troppo tardi per chiedere un riesame."})


def test_the_days_for_a_review_are_the_call_s_own(city, client):
    call = call_in_evaluation(city, review_days=3)
    asks = scored(call, (30, 20, 20))
    publish(call)
    first = queries.latest_edition(call)
    assert services.review_deadline(call) == first.published_at + timedelta(days=3)
    assert client.get(f"/api/v1/calls/{call.id}").json["review_days"] == 3
    first.published_at -= timedelta(days=4)  # four days ago: past the call's three
    db.session.commit()
    with pytest.raises(Conflict):
        services.request_review(asks.created_by, asks, {"reasons": "Chiedo il riesame del criterio sulla rete."})


def test_residents_behind_a_funded_application_are_told(city, resident):
    call = call_in_evaluation(city)
    application = scored(call, (30, 20, 20))
    need = create_need(city, resident)
    application.needs = [need]
    db.session.commit()
    publish(call)
    found = db.session.scalar(sa.select(Notification).where(Notification.user_id == resident.id))
    assert found is not None and found.kind == "ranking.funded_need"


# --- rolling calls ---------------------------------------------------------------------------


def test_rolling_decides_in_protocol_order_and_closes_itself(city):
    call = open_rolling_call(city, budget="250000.00", funds=[{"fund": "FSE+", "ceiling": "250000.00"}])
    first = scored(call, (30, 20, 20), requested="100000.00")
    waiting = scored(call, None, requested="100000.00")
    third = scored(call, (30, 20, 20), requested="100000.00")
    assert [a.id for a in rolling.decide_rolling(call)] == [first.id]  # the second holds the third
    db.session.expire_all()
    assert [r["position"] for r in queries.queue(call)] == [None, 1, 2]
    waiting.score = Decimal("40")  # below the minimum total
    waiting.criterion_scores = {str(c.id): "20" for c in call.criteria[:1]}
    db.session.commit()
    rolling.decide_rolling(call)
    db.session.expire_all()
    assert waiting.status is ApplicationStatus.NOT_FUNDED and third.status is ApplicationStatus.FUNDED
    assert call.budget_left == Decimal("50000.00")
    assert call.status is CallStatus.OPEN  # 50 000 is still a minimum grant
    fourth = scored(call, (30, 20, 20), requested="60000.00")
    rolling.decide_rolling(call)
    db.session.expire_all()
    assert fourth.status is ApplicationStatus.NOT_FUNDED  # does not fit
    fifth = scored(call, (30, 20, 20), requested="50000.00")
    rolling.decide_rolling(call)
    db.session.expire_all()
    assert fifth.status is ApplicationStatus.FUNDED and call.status is CallStatus.EXHAUSTED
    assert call.committed == Decimal("250000.00")


def test_the_call_page_shows_the_queue(client, city):
    call = open_rolling_call(city)
    scored(call, None)
    page = client.get(f"/calls/{call.id}")
    assert page.status_code == 200 and "data-queue" in page.text and "rankings-queue.js" in page.text


def test_decide_rolling_ignores_competitive_calls(city):
    call = call_in_evaluation(city)
    scored(call, (30, 20, 20))
    assert rolling.decide_rolling(call) == []
    assert call_services.STEP_HOOKS[CallStatus.RANKING_PUBLISHED]


def test_applicants_hear_their_outcome_and_a_closed_rolling_call_still_decides(city):
    call = open_rolling_call(city)
    application = scored(call, (30, 20, 20))
    call.status = CallStatus.CLOSED  # its closing date passed after the submission
    db.session.commit()
    rolling.decide_rolling(call)
    db.session.expire_all()
    assert application.status is ApplicationStatus.FUNDED and call.status is CallStatus.CLOSED
    told = db.session.scalar(sa.select(Notification).where(Notification.user_id == application.created_by_id))
    assert told.kind == "ranking.outcome" and told.params["status"] == "funded"
