"""A call in consultation, followed live: a resident's comment and the city's reply reach
every open page of the call (``comment:created``, ``comment:updated`` on ``call:<id>``),
which then fetches the comment list again as HTML."""

from app.calls import services
from app.extensions import db
from app.models import CallComment
from tests.factories.calls import create_call, staff_of
from tests.xss import PAYLOADS, assert_no_xss


def in_consultation(city):
    staff = staff_of(city)
    call = create_call(city, staff)
    services.transition_call(staff, call, {"to": "consultation"})
    return call, staff


def test_comment_and_reply_reach_open_pages(client, login, live, city, resident):
    call, staff = in_consultation(city)
    watcher = live()
    watcher.emit("subscribe", {"topic": f"call:{call.id}"})
    login(resident)
    posted = client.post(f"/api/v1/calls/{call.id}/comments", json={"section": "budget", "body": "Il tetto è basso"})
    assert posted.status_code == 201, posted.json
    created = watcher.wait_for("comment:created")
    assert created[0]["topic"] == f"call:{call.id}"
    assert created[0]["comment"] == posted.json  # one representation: the API's and the push's
    assert created[0]["comment"]["author"]["name"] == resident.name

    login(staff)
    replied = client.post(
        f"/api/v1/calls/{call.id}/comments/{posted.json['id']}/reply",
        json={"reply": "Alziamo il tetto a 80.000 euro nella versione 2.", "outcome": "accepted"},
    )
    assert replied.status_code == 200, replied.json
    updated = watcher.wait_for("comment:updated")
    assert updated[0]["comment"]["reply"].startswith("Alziamo") and updated[0]["comment"]["outcome"] == "accepted"

    client.get("/auth/logout")
    fragment = client.get(f"/calls/{call.id}/consultation/comments")
    assert fragment.status_code == 200
    assert "Il tetto è basso" in fragment.text and "Alziamo il tetto" in fragment.text
    assert "<html" not in fragment.text  # a fragment, not a page


def test_a_refused_comment_pushes_nothing(client, login, live, city, resident):
    call, _staff = in_consultation(city)
    watcher = live()
    watcher.emit("subscribe", {"topic": f"call:{call.id}"})
    login(resident)
    assert client.post(f"/api/v1/calls/{call.id}/comments", json={"section": "budget", "body": ""}).status_code == 422
    watcher.settle()
    assert watcher.events("comment:created") == []
    assert db.session.query(CallComment).count() == 0


def test_visitors_read_the_consultation_and_are_asked_to_sign_in(client, city):
    call, _staff = in_consultation(city)
    page = client.get(f"/calls/{call.id}")
    assert f'data-call-comments="/calls/{call.id}/consultation/comments"' in page.text
    assert "Nessun commento" in page.text or "No comments yet" in page.text
    assert f"/login?next=%2Fcalls%2F{call.id}" in page.text or f"/login?next=/calls/{call.id}" in page.text


def test_the_fragment_of_a_draft_answers_as_its_page(client, login, city, resident):
    call = create_call(city)
    fragment, page = f"/calls/{call.id}/consultation/comments", f"/calls/{call.id}"
    assert client.get(fragment).status_code == client.get(page).status_code == 401
    login(resident)
    assert client.get(fragment).status_code == client.get(page).status_code == 403


def test_comment_xss_is_escaped_in_the_fragment_and_the_page(client, login, city, resident):
    call, staff = in_consultation(city)
    login(resident)
    for payload in PAYLOADS:
        posted = client.post(f"/api/v1/calls/{call.id}/comments", json={"section": "text", "body": payload[:4000]})
        assert posted.status_code == 201, posted.json
        services.reply_to_comment(
            staff, db.session.get(CallComment, posted.json["id"]), {"reply": payload[:4000], "outcome": "answered"}
        )
    for url in (f"/calls/{call.id}/consultation/comments", f"/calls/{call.id}"):
        assert_no_xss(client.get(url).text)
