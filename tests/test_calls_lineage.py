"""Where calls come from (issue 9, points 2 and 4): staff name the ideas ready for a call as
its origin and they move to "in a call" (their history says so); an idea at another stage
is refused; the call page shows each idea with its needs and workshops, the idea and need
pages show the call; followers of the ideas and their needs are told when an idea goes
into the call, at each public step and at each new version; the call page and the API show
the lifecycle as a timeline, with the steps ahead greyed out."""

import pytest
import sqlalchemy as sa

from app.calls import origin
from app.extensions import db
from app.models import Call, Idea, IdeaStage, IdeaStageChange, Notification, Role
from app.models.call import call_idea
from app.notifications.services import text_of
from tests import factories
from tests.factories.calls import call_body, create_call, staff_of
from tests.factories.ideas import create_idea, follow, support
from tests.factories.needs import create_need
from tests.factories.workshops import create_workshop
from tests.test_calls_builder import form
from tests.xss import PAYLOADS, assert_no_xss

IT = {"Accept-Language": "it"}


def bearer(user) -> dict:
    return {"Authorization": f"Bearer {factories.create_token(user)}"}


@pytest.fixture
def staff(city):
    return staff_of(city)


@pytest.fixture
def need(city):
    return create_need(city, title="Manca un doposcuola a Japigia")


@pytest.fixture
def ready(city, need):
    return create_idea(city, need=need, title="Doposcuola nel centro civico", stage=IdeaStage.READY_FOR_CALL)


def _notes(kind: str) -> list[Notification]:
    return list(db.session.scalars(sa.select(Notification).where(Notification.kind == kind).order_by(Notification.id)))


def _step(client, staff, call_id, to, reason=""):
    response = client.post(
        f"/api/v1/calls/{call_id}/transition", json={"to": to, "reason": reason}, headers=bearer(staff)
    )
    assert response.status_code == 200, response.json
    return response.json


# --- origin: linking moves the idea --------------------------------------------------------


def test_naming_a_ready_idea_moves_it_into_the_call_and_its_pages_show_the_call(
    app, client, login, city, staff, need, ready
):
    response = client.post("/api/v1/calls", json=call_body(city, idea_ids=[ready.id]), headers=bearer(staff))
    assert response.status_code == 201, response.json
    call_id = response.json["id"]
    db.session.expire_all()
    assert ready.stage is IdeaStage.IN_CALL
    change = db.session.scalar(sa.select(IdeaStageChange).where(IdeaStageChange.idea_id == ready.id))
    assert (change.from_stage, change.to_stage, change.actor_id) == (
        IdeaStage.READY_FOR_CALL,
        IdeaStage.IN_CALL,
        staff.id,
    )
    assert change.note  # the public history says why the idea moved
    idea_url, need_url = f"/c/{city.slug}/ideas/{ready.id}", f"/needs/{need.id}"
    title = "Nuovi servizi di prossimità nelle aree bersaglio"
    # A draft is the staff's: visitors see the idea "in a call" but not the draft's title.
    assert title not in client.get(idea_url, headers=IT).text
    staff_client = app.test_client()
    login(staff, staff_client)
    assert title in staff_client.get(idea_url, headers=IT).text
    _step(client, staff, call_id, "open")
    page = client.get(idea_url, headers=IT).text
    assert "Nell'avviso" in page and title in page and f"/calls/{call_id}" in page
    page = client.get(need_url, headers=IT).text
    assert title in page and "Tramite l'idea:" in page and "Doposcuola nel centro civico" in page


def test_an_idea_at_another_stage_is_refused_on_idea_ids_and_nothing_is_written(client, city, staff, ready):
    proposed = create_idea(city, title="Ancora da discutere")
    response = client.post(
        "/api/v1/calls", json=call_body(city, idea_ids=[ready.id, proposed.id]), headers={**IT, **bearer(staff)}
    )
    assert response.status_code == 422
    assert f"n. {proposed.id}" in response.json["error"]["fields"]["idea_ids"][0]
    assert "pronte per un avviso" in response.json["error"]["fields"]["idea_ids"][0]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Call)) == 0
    db.session.expire_all()
    assert ready.stage is IdeaStage.READY_FOR_CALL and proposed.stage is IdeaStage.PROPOSED
    assert db.session.scalar(sa.select(sa.func.count()).select_from(IdeaStageChange)) == 0


def test_the_builder_says_why_an_idea_is_refused(client, login, city, staff):
    proposed = create_idea(city, title="Ancora da discutere")
    login(staff)
    response = client.post(f"/{city.slug}/calls/new", data=form(idea_ids=[str(proposed.id)]), headers=IT)
    assert response.status_code == 422
    assert "Solo le idee pronte per un avviso" in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Call)) == 0


def test_the_builder_links_ideas_and_moves_them(client, login, city, staff, ready):
    login(staff)
    response = client.post(f"/{city.slug}/calls/new", data=form(idea_ids=[str(ready.id)]), headers=IT)
    assert response.status_code == 302, response.text
    db.session.expire_all()
    assert ready.stage is IdeaStage.IN_CALL
    assert [i.id for i in db.session.scalar(sa.select(Call)).ideas] == [ready.id]


def test_an_idea_already_named_stays_whatever_its_stage_and_one_taken_out_is_ready_again(client, city, staff, ready):
    other = create_idea(city, title="Sportello di ascolto", stage=IdeaStage.READY_FOR_CALL)
    call = create_call(city, staff, idea_ids=[ready.id, other.id])
    ready.stage = IdeaStage.FUNDED  # funded meanwhile: it stays the call's origin
    db.session.commit()
    response = client.patch(
        f"/api/v1/calls/{call.id}",
        json={"idea_ids": [ready.id], "title": "Servizi di prossimità"},
        headers=bearer(staff),
    )
    assert response.status_code == 200, response.json
    assert response.json["idea_ids"] == [ready.id]
    db.session.expire_all()
    assert ready.stage is IdeaStage.FUNDED and other.stage is IdeaStage.READY_FOR_CALL
    assert [
        c.to_stage
        for c in db.session.scalars(
            sa.select(IdeaStageChange).where(IdeaStageChange.idea_id == other.id).order_by(IdeaStageChange.id)
        )
    ] == [IdeaStage.IN_CALL, IdeaStage.READY_FOR_CALL]


def test_the_call_page_shows_each_idea_with_its_needs_and_workshops(client, login, city, staff, need, ready):
    born = create_workshop(city=city, title="Laboratorio di Japigia")
    worked = create_workshop(city=city, title="Tavolo scuole e famiglie", ideas=[ready])
    secret = create_workshop(city=city, title="Riunione riservata", public=False, ideas=[ready])
    ready.workshop_id = born.id
    db.session.commit()
    call = create_call(city, staff, idea_ids=[ready.id])
    login(staff)
    page = client.get(f"/calls/{call.id}", headers=IT).text
    origin = page.split('id="origin"')[1].split("</section>")[0]
    assert "Doposcuola nel centro civico" in origin and need.title in origin
    assert born.title in origin and "idea è nata qui" in origin and "ci ha lavorato" in origin
    assert worked.title in origin and secret.title in origin  # staff see the city's invite-only ones
    _step(client, staff, call.id, "open")
    client.get("/auth/logout")
    visitor = client.application.test_client().get(f"/calls/{call.id}", headers=IT).text
    assert worked.title in visitor and secret.title not in visitor
    # The origin section sits right after the call's text.
    assert page.index('class="cantiere-user-text"') < page.index('id="origin"') < page.index("Budget")


def test_the_origin_costs_the_same_queries_for_one_idea_or_many(app, client, city, staff):
    def queries_for(count: int) -> int:
        ideas = []
        for n in range(count):
            need = create_need(city, title=f"Bisogno {count}-{n}")
            idea = create_idea(city, need=need, stage=IdeaStage.READY_FOR_CALL)
            create_workshop(city=city, ideas=[idea])
            ideas.append(idea)
        call = create_call(city, staff, idea_ids=[i.id for i in ideas])
        _step(client, staff, call.id, "open")
        seen = []

        def count_it(*args):
            seen.append(args[2])

        sa.event.listen(db.engine, "before_cursor_execute", count_it)
        try:
            assert client.get(f"/calls/{call.id}").status_code == 200
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", count_it)
        return len(seen)

    assert queries_for(5) == queries_for(1)


# --- followers are told ---------------------------------------------------------------------


def test_followers_of_the_ideas_and_needs_are_told_once_each_never_the_actor(client, city, staff, need, ready):
    idea_fan, need_fan, both = (factories.create_user(city=city, name=n) for n in ("Anna", "Bruno", "Carla"))
    follow(idea_fan, idea=ready)
    follow(need_fan, need=need)
    follow(both, idea=ready)
    follow(both, need=need)
    follow(staff, idea=ready)  # the actor follows too: never told of their own act
    supporter = factories.create_user(city=city, name="Dario")
    support(supporter, idea=ready)
    everyone = {ready.author_id, idea_fan.id, need_fan.id, both.id, supporter.id}

    call_id = client.post("/api/v1/calls", json=call_body(city, idea_ids=[ready.id]), headers=bearer(staff)).json["id"]
    linked = _notes("call.idea_in_draft")
    assert sorted(n.user_id for n in linked) == sorted(everyone)
    assert _notes("idea.stage") == []  # one notice about the move, not two
    assert "Nuovi servizi" not in text_of(linked[0])  # the draft's title is not public yet

    _step(client, staff, call_id, "consultation")
    steps = _notes("call.step")
    followers = {idea_fan.id, need_fan.id, both.id}  # this author does not follow their idea
    assert sorted(n.user_id for n in steps) == sorted(followers)
    assert steps[0].url == f"/calls/{call_id}"
    db.session.expire_all()
    italian = factories.create_user(city=city, locale="it")
    assert "In consultazione pubblica" in text_of(steps[0], italian)

    response = client.patch(
        f"/api/v1/calls/{call_id}",
        json={"budget": "550000.00", "reason": "Budget rivisto dopo la consultazione"},
        headers=bearer(staff),
    )
    assert response.status_code == 200, response.json
    versions = _notes("call.version")
    assert sorted(n.user_id for n in versions) == sorted(followers)
    assert "Budget rivisto dopo la consultazione" in text_of(versions[0], italian)
    assert staff.id not in {n.user_id for n in _notes("call.step") + versions + linked}


def test_a_refused_step_tells_nobody(client, city, staff, ready):
    follow(factories.create_user(city=city), idea=ready)
    call = create_call(city, staff, idea_ids=[ready.id])
    before = len(_notes("call.step"))
    response = client.post(f"/api/v1/calls/{call.id}/transition", json={"to": "awarded"}, headers=bearer(staff))
    assert response.status_code == 409
    assert len(_notes("call.step")) == before == 0


# --- timeline -------------------------------------------------------------------------------


def _timeline(client, call_id, user=None):
    response = client.get(f"/api/v1/calls/{call_id}", headers=bearer(user) if user else {})
    assert response.status_code == 200
    return [(m["kind"], m["status"], m["version"], m["reason"]) for m in response.json["timeline"]]


def test_the_timeline_tells_the_steps_in_order_and_greys_the_ones_ahead(client, city, staff):
    call = create_call(city, staff)
    _step(client, staff, call.id, "consultation", "Apriamo il confronto con il territorio")
    client.patch(
        f"/api/v1/calls/{call.id}",
        json={"min_partners": 2, "reason": "Più partner, come chiesto"},
        headers=bearer(staff),
    )
    _step(client, staff, call.id, "open")
    expected = [
        ("step", "consultation", 1, "Apriamo il confronto con il territorio"),
        ("version", None, 2, "Più partner, come chiesto"),
        ("step", "open", None, ""),
        ("ahead", "closed", None, ""),
        ("ahead", "evaluation", None, ""),
        ("ahead", "ranking_published", None, ""),
        ("ahead", "awarded", None, ""),
    ]
    assert _timeline(client, call.id) == expected
    assert _timeline(client, call.id, staff) == [("created", "draft", None, ""), *expected]
    page = client.get(f"/calls/{call.id}", headers=IT).text
    section = page.split('id="timeline"')[1].split("</section>")[0]
    assert section.count('data-timeline="ahead"') == 4 and 'data-timeline="created"' not in section
    where = [section.index(s) for s in ("In consultazione pubblica", "Pubblicata la versione 2", "Aperto")]
    assert where == sorted(where)
    assert section.index("Aperto") < section.index("In valutazione") < section.index("Aggiudicato")
    assert page.index("Tempi") < page.index('id="timeline"')


def test_a_rolling_call_shows_both_endings_ahead(client, city, staff):
    call = create_call(city, staff, kind="rolling", closes_at=None)
    _step(client, staff, call.id, "open")
    assert [m[1] for m in _timeline(client, call.id) if m[0] == "ahead"] == ["closed", "exhausted"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_reasons_are_escaped_on_the_timeline_and_in_notifications(client, login, city, staff, ready, payload):
    fan = factories.create_user(city=city)
    follow(fan, idea=ready)
    call = create_call(city, staff, idea_ids=[ready.id])
    _step(client, staff, call.id, "consultation", payload)
    response = client.patch(
        f"/api/v1/calls/{call.id}", json={"min_partners": 2, "reason": payload}, headers=bearer(staff)
    )
    assert response.status_code == 200, response.json
    assert_no_xss(client.get(f"/calls/{call.id}").text)
    login(staff)
    assert_no_xss(client.get(f"/calls/{call.id}").text)
    login(fan)
    assert_no_xss(client.get("/notifications").text)
    assert_no_xss(client.get(f"/c/{city.slug}/ideas/{ready.id}").text)


def test_staff_of_another_city_cannot_link_its_ideas(client, city, other_city):
    foreign = create_idea(other_city, stage=IdeaStage.READY_FOR_CALL)
    staff = factories.create_user(role=Role.STAFF, city=city)
    response = client.post("/api/v1/calls", json=call_body(city, idea_ids=[foreign.id]), headers=bearer(staff))
    assert response.status_code == 422 and "idea_ids" in response.json["error"]["fields"]
    db.session.expire_all()
    assert foreign.stage is IdeaStage.READY_FOR_CALL


def test_the_demo_calls_name_the_ideas_ready_for_a_call_and_their_pages_show_it(runner, client):
    result = runner.invoke(args=["demo", "seed"])
    assert result.exit_code == 0, result.output
    linked = db.session.scalars(sa.select(Idea).join(call_idea, call_idea.c.idea_id == Idea.id)).unique().all()
    # in the call, or funded once the call awarded the application carrying it (the resident's chain)
    assert linked and all(i.stage in (IdeaStage.IN_CALL, IdeaStage.FUNDED) for i in linked)
    assert [i.title for i in linked if i.stage is IdeaStage.FUNDED] == ["Educatori in piazza il pomeriggio a San Paolo"]
    staffed = {c.city_id for c in db.session.scalars(sa.select(Call))}
    left = db.session.scalars(
        sa.select(Idea).where(Idea.city_id.in_(staffed), Idea.stage == IdeaStage.READY_FOR_CALL, Idea.hidden.is_(False))
    ).all()
    assert left == []  # every idea ready for a call in a city with calls went into one
    idea = linked[0]
    call = db.session.scalar(sa.select(Call).join(call_idea).where(call_idea.c.idea_id == idea.id))
    page = client.get(f"/c/{idea.city.slug}/ideas/{idea.id}", headers=IT).text
    assert call.title in page and "Nell'avviso" in page
    assert idea.title in client.get(f"/calls/{call.id}", headers=IT).text


def test_the_need_lineage_lists_the_calls_its_ideas_feed(client, city, staff, need, ready):
    call = create_call(city, staff, idea_ids=[ready.id])
    assert client.get(f"/api/v1/needs/{need.id}/lineage").json["calls"] == []  # a draft is the staff's
    assert [c["id"] for c in client.get(f"/api/v1/needs/{need.id}/lineage", headers=bearer(staff)).json["calls"]] == [
        call.id
    ]
    _step(client, staff, call.id, "open")
    calls = client.get(f"/api/v1/needs/{need.id}/lineage").json["calls"]
    assert [(c["id"], c["status"], c["idea_ids"]) for c in calls] == [(call.id, "open", [ready.id])]
    assert calls[0]["url"].endswith(f"/calls/{call.id}")


def test_the_idea_moves_in_the_same_transaction_as_the_call(client, city, staff, ready, monkeypatch):
    """A failure after the idea moved (here: telling its people) leaves neither call nor move."""

    def broken(*args, **kwargs):
        raise RuntimeError("the notices could not be written")

    monkeypatch.setattr(origin, "_tell_linked", broken)
    with pytest.raises(RuntimeError):
        create_call(city, staff, idea_ids=[ready.id])
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Call)) == 0
    assert ready.stage is IdeaStage.READY_FOR_CALL
    assert db.session.scalar(sa.select(sa.func.count()).select_from(IdeaStageChange)) == 0
