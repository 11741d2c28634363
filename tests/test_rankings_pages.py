"""The ranking's pages: staff publish and award with the buttons, the applicant renounces
and asks a review, staff answer; reasons from the XSS corpus stay text on the page and in the
PDF; a rolling call's page gets its queue live (``queue:changed``)."""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import ApplicationStatus, CallStatus, ReviewRequest
from app.rankings import rolling, services
from app.rankings.awards import applications_of
from tests.factories.rankings import call_in_evaluation, open_rolling_call, scored
from tests.pdfs import pdf_text
from tests.xss import PAYLOADS, assert_no_xss


def test_staff_publish_and_award_with_the_buttons(client, login, city):
    call = call_in_evaluation(city, budget="100000.00", funds=[{"fund": "FSE+", "ceiling": "100000.00"}])
    scored(call, (40, 20, 20), title="Centro diurno")
    scored(call, (30, 20, 20), title="Doposcuola")
    login(call.created_by)
    page = client.get(f"/calls/{call.id}/ranking")
    assert "Anteprima" in page.text and "Pubblica la graduatoria" in page.text
    done = client.post(f"/calls/{call.id}/ranking/publish", data={"reason": "Determina n. 4"})
    assert done.status_code == 302
    db.session.expire_all()
    assert call.status is CallStatus.RANKING_PUBLISHED
    page = client.get(f"/calls/{call.id}/ranking")
    assert "Edizione 1" in page.text and "Idonea non finanziata" in page.text
    client.post(f"/calls/{call.id}/ranking/award", data={"reason": ""})
    db.session.expire_all()
    assert call.status is CallStatus.AWARDED and call.budget_left == 0
    assert "Consulta la graduatoria" in client.get(f"/calls/{call.id}").text


def test_applicant_renounces_and_asks_a_review_staff_answer(client, login, city):
    call = call_in_evaluation(city, budget="100000.00", funds=[{"fund": "FSE+", "ceiling": "100000.00"}])
    funded = scored(call, (40, 20, 20), title="Centro diurno")
    reserve = scored(call, (30, 20, 20), title="Doposcuola")
    services.publish_ranking(call.created_by, call, {})
    login(reserve.created_by)
    page = client.get(f"/calls/{call.id}/ranking")
    assert "Presenta istanza di riesame" in page.text and "Rinuncia al contributo" not in page.text
    short = client.post(f"/applications/{reserve.id}/review", data={"reasons": "Breve"})
    assert short.status_code == 422 and "almeno 20" in short.text
    client.post(f"/applications/{reserve.id}/review", data={"reasons": "Il punteggio del criterio 1 è errato."})
    review = db.session.scalar(sa.select(ReviewRequest))
    assert review is not None
    login(funded.created_by)
    assert "Rinuncia al contributo" in client.get(f"/calls/{call.id}/ranking").text
    assert client.post(f"/applications/{funded.id}/renounce", data={"reason": ""}).status_code == 302
    db.session.expire_all()
    assert reserve.status is ApplicationStatus.FUNDED
    login(call.created_by)
    answered = client.post(f"/reviews/{review.id}/answer", data={"answer": "Il punteggio è confermato.", "score": ""})
    assert answered.status_code == 302
    db.session.expire_all()
    assert review.status.value == "rejected"
    assert client.post(f"/applications/{reserve.id}/renounce", data={}).status_code == 403  # staff: not theirs


def test_reasons_from_the_xss_corpus_stay_text_on_the_page_and_in_the_pdf(client, login, city):
    call = call_in_evaluation(city, budget="100000.00", funds=[{"fund": "FSE+", "ceiling": "100000.00"}])
    applicant = scored(call, (30, 20, 20))
    scored(call, (40, 20, 20))
    services.publish_ranking(call.created_by, call, {"reason": PAYLOADS[0]})
    for payload in PAYLOADS:
        text = (payload + " — motivazione dell'istanza di riesame")[:8000]
        review = services.request_review(applicant.created_by, applicant, {"reasons": text})
        services.answer_review(call.created_by, review, {"answer": text})
    funded = next(a for a in applications_of(call) if a.is_funded)
    services.revoke(call.created_by, funded, {"reason": PAYLOADS[1] + " revoca motivata"})
    for user in (call.created_by, applicant.created_by):
        login(user)
        assert_no_xss(client.get(f"/calls/{call.id}/ranking").text)
    client.get("/auth/logout")
    assert_no_xss(client.get(f"/calls/{call.id}/ranking").text)
    pdf = client.get(f"/calls/{call.id}/ranking.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert "revoca motivata" in pdf_text(pdf.data)


def test_the_queue_changes_live_on_a_rolling_call(client, live, city):
    call = open_rolling_call(city)
    first = scored(call, (30, 20, 20))
    scored(call, None)
    watcher = live()
    watcher.emit("subscribe", {"topic": f"call:{call.id}"})
    page = client.get(f"/calls/{call.id}")
    assert "in attesa, posizione 1" in page.text
    rolling.decide_rolling(call)
    pushed = watcher.wait_for("queue:changed")
    assert pushed[0] == {"topic": f"call:{call.id}", "protocol": first.protocol, "position": None, "status": "funded"}
    budget = watcher.wait_for("counter:changed")
    assert budget[0]["name"] == "budget_left"
