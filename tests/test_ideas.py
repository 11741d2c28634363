"""Ideas services: proposing from needs, who is notified, versions, stages, volunteers."""

import pytest
import sqlalchemy as sa

from app.errors import Conflict, InvalidInput, NotFound, PermissionDenied, Unauthenticated
from app.extensions import db as _db
from app.ideas import services
from app.models import (
    AuditEntry,
    Follow,
    Idea,
    IdeaStage,
    IdeaStageChange,
    IdeaVersion,
    Notification,
    Role,
    Volunteer,
)
from tests import factories
from tests.factories import ideas as fi
from tests.factories import needs as fn


@pytest.fixture(autouse=True)
def request_context(app):
    """Services translate their messages: they run inside a request (or socket event)."""
    with app.test_request_context():
        yield


def _notifications(user, kind=None):
    query = sa.select(Notification).where(Notification.user_id == user.id)
    if kind:
        query = query.where(Notification.kind == kind)
    return list(_db.session.scalars(query))


def _propose(actor, where, needs, **extra):
    data = {
        "city": where,
        "title": "Un orto condiviso nel cortile",
        "summary": "Coltiviamo insieme il cortile della scuola, con gli anziani del quartiere.",
        "body": "Il cortile è vuoto da anni. **Proponiamo** un orto con cassoni rialzati.",
        "need_ids": [n.id for n in needs],
    }
    data.update(extra)
    return services.propose_idea(actor, **data)


def test_a_resident_proposes_an_idea_linked_to_a_need(city, resident, db):
    need = fn.create_need(city)
    idea = _propose(resident, city, [need])
    assert idea.id and idea.stage is IdeaStage.PROPOSED and idea.version == 1
    assert [n.id for n in idea.needs] == [need.id]
    assert "<strong>Proponiamo</strong>" in idea.body_html
    # The author follows their own idea and the history starts with "proposed".
    assert db.session.scalar(sa.select(Follow).where(Follow.idea_id == idea.id, Follow.user_id == resident.id))
    changes = db.session.scalars(sa.select(IdeaStageChange).where(IdeaStageChange.idea_id == idea.id)).all()
    assert [(c.from_stage, c.to_stage) for c in changes] == [(None, IdeaStage.PROPOSED)]


def test_need_authors_and_followers_are_notified_once(city, resident, db):
    author_a, author_b, follower = (factories.create_user(city=city) for _ in range(3))
    need_a = fn.create_need(city, author_a, title="Manca un doposcuola")
    need_b = fn.create_need(city, author_b, title="I ragazzi non hanno dove stare")
    fi.follow(follower, need=need_a)
    fi.follow(follower, need=need_b)
    fi.follow(resident, need=need_a)  # the proposer follows too: not told of their own idea
    idea = _propose(resident, city, [need_a, need_b])
    told_a = _notifications(author_a, "idea.new_for_need")
    assert len(told_a) == 1 and told_a[0].params["need"] == "Manca un doposcuola"
    assert told_a[0].url == f"/c/bari/ideas/{idea.id}"
    assert len(_notifications(author_b, "idea.new_for_need")) == 1
    assert len(_notifications(follower, "idea.new_for_need")) == 1
    assert _notifications(resident) == []


def test_the_area_defaults_to_the_needs_common_area(city, resident):
    area = fn.create_area(city, "Libertà")
    idea = _propose(resident, city, [fn.create_need(city, area=area), fn.create_need(city, area=area)])
    assert idea.area_id == area.id


@pytest.mark.parametrize(
    "change, field",
    [
        ({"need_ids": []}, "need_ids"),
        ({"need_ids": "12"}, "need_ids"),
        ({"need_ids": ["x"]}, "need_ids"),
        ({"need_ids": [999999]}, "need_ids"),
        ({"title": "Ciao"}, "title"),
        ({"title": "x" * 141}, "title"),
        ({"summary": ""}, "summary"),
        ({"body": "   "}, "body"),
        ({"body": "x" * 20001}, "body"),
        ({"title": ["not", "text"]}, "title"),
        ({"city": "atlantide"}, "city"),
        ({"area": 999999}, "area"),
    ],
)
def test_bad_proposals_are_refused_and_write_nothing(city, resident, db, change, field):
    need = fn.create_need(city)
    with pytest.raises(InvalidInput) as error:
        _propose(resident, city, [need], **change)
    # a bad item of a list names the item ("need_ids.0"), as the API always answered
    assert field in {name.split(".")[0] for name in error.value.fields}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Idea)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Notification)) == 0


def test_needs_of_another_city_or_hidden_ones_cannot_be_linked(city, other_city, resident, db):
    for need in (fn.create_need(other_city), fn.create_need(city, hidden=True)):
        with pytest.raises(InvalidInput) as error:
            _propose(resident, city, [need])
        assert "need_ids" in error.value.fields
    other_area = fn.create_area(other_city)
    with pytest.raises(InvalidInput) as error:
        _propose(resident, city, [fn.create_need(city)], area=other_area.id)
    assert "area" in error.value.fields


def test_anonymous_cannot_propose(city):
    from flask_login import AnonymousUserMixin

    with pytest.raises(Unauthenticated):
        _propose(AnonymousUserMixin(), city, [fn.create_need(city)])


def test_a_workshop_idea_may_come_without_needs(city, db):
    from datetime import timedelta

    from app.models import Workshop, WorkshopMode
    from app.models.base import utcnow

    facilitator = factories.create_user(role=Role.FACILITATOR, city=city)
    start = utcnow()
    workshop = Workshop(
        city=city,
        created_by=facilitator,
        title="Laboratorio sul cortile",
        mode=WorkshopMode.IN_PERSON,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        capacity=20,
    )
    db.session.add(workshop)
    db.session.commit()
    idea = services.propose_idea(
        facilitator,
        city=city,
        title="Cassoni rialzati",
        summary="Nata dal gruppo 'verde' del laboratorio.",
        body="Dal tabellone.",
        need_ids=[],
        workshop=workshop,
    )
    assert idea.workshop_id == workshop.id and idea.needs == []


# --- edits and versions ---------------------------------------------------------------------


def test_edits_keep_every_earlier_text(city, resident, db):
    idea = _propose(resident, city, [fn.create_need(city)])
    services.edit_idea(resident, idea, title=idea.title, summary=idea.summary, body="Testo nuovo, seconda stesura.")
    services.edit_idea(resident, idea, title="Un orto condiviso per tutti", summary=idea.summary, body=idea.body)
    versions = db.session.scalars(
        sa.select(IdeaVersion).where(IdeaVersion.idea_id == idea.id).order_by(IdeaVersion.number)
    ).all()
    assert [v.number for v in versions] == [1, 2] and idea.version == 3
    assert "cassoni rialzati" in versions[0].body and versions[1].body == "Testo nuovo, seconda stesura."
    assert versions[1].title == "Un orto condiviso nel cortile" and idea.title == "Un orto condiviso per tutti"
    assert all(v.editor_id == resident.id for v in versions)


def test_an_edit_that_changes_nothing_makes_no_version(city, resident, db):
    idea = _propose(resident, city, [fn.create_need(city)])
    services.edit_idea(resident, idea, title=idea.title, summary=idea.summary, body=idea.body)
    assert idea.version == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(IdeaVersion)) == 0


def test_only_the_author_edits(city, resident):
    idea = _propose(resident, city, [fn.create_need(city)])
    for other in (factories.create_user(city=city), factories.create_user(role=Role.STAFF, city=city)):
        with pytest.raises(PermissionDenied):
            services.edit_idea(other, idea, title="Presa", summary=idea.summary, body=idea.body)
    assert idea.title == "Un orto condiviso nel cortile"


def test_an_edit_on_a_stale_version_is_a_conflict(city, resident):
    idea = _propose(resident, city, [fn.create_need(city)])
    services.edit_idea(resident, idea, title=idea.title, summary=idea.summary, body="Seconda", expected_version=1)
    with pytest.raises(Conflict):
        services.edit_idea(resident, idea, title=idea.title, summary=idea.summary, body="Terza", expected_version=1)
    assert idea.body == "Seconda" and idea.version == 2


# --- stages -------------------------------------------------------------------------------


def test_staff_moves_the_stage_and_followers_and_supporters_hear_of_it(city, resident, db):
    staff = factories.create_user(role=Role.STAFF, city=city)
    idea = _propose(resident, city, [fn.create_need(city)])
    follower, supporter, bystander = (factories.create_user(city=city) for _ in range(3))
    fi.follow(follower, idea=idea)
    fi.support(supporter, idea=idea)
    change = services.change_stage(staff, idea, "in_codesign", "Ne parliamo al laboratorio di giovedì.")
    assert idea.stage is IdeaStage.IN_CODESIGN and change.note.startswith("Ne parliamo")
    for person in (resident, follower, supporter):
        told = _notifications(person, "idea.stage")
        assert len(told) == 1 and told[0].params["stage"] == "in_codesign"
    assert _notifications(bystander) == [] and _notifications(staff) == []
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "idea.stage"))
    assert entry.actor_id == staff.id and entry.target_id == idea.id and entry.city_id == city.id
    assert entry.data["from_stage"] == "proposed" and entry.data["to_stage"] == "in_codesign"


def test_a_facilitator_of_the_city_moves_the_stage(city, resident):
    facilitator = factories.create_user(role=Role.FACILITATOR, city=city)
    idea = _propose(resident, city, [fn.create_need(city)])
    services.change_stage(facilitator, idea, IdeaStage.READY_FOR_CALL, "Pronta per l'avviso.")
    assert idea.stage is IdeaStage.READY_FOR_CALL


@pytest.mark.parametrize("who", ["author", "resident", "evaluator", "authority", "staff_elsewhere"])
def test_others_cannot_move_the_stage(city, other_city, resident, db, who):
    idea = _propose(resident, city, [fn.create_need(city)])
    actor = {
        "author": resident,
        "resident": factories.create_user(city=city),
        "evaluator": factories.create_user(role=Role.EVALUATOR, city=city),
        "authority": factories.create_user(role=Role.AUTHORITY),
        "staff_elsewhere": factories.create_user(role=Role.STAFF, city=other_city),
    }[who]
    with pytest.raises(PermissionDenied):
        services.change_stage(actor, idea, "funded", "Finanziata!")
    db.session.refresh(idea)
    assert idea.stage is IdeaStage.PROPOSED
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == 0


@pytest.mark.parametrize("stage, note", [("proposed", "Già così"), ("in_codesign", ""), ("flying", "Nota")])
def test_a_stage_change_needs_another_stage_and_a_note(city, resident, stage, note):
    staff = factories.create_user(role=Role.STAFF, city=city)
    idea = _propose(resident, city, [fn.create_need(city)])
    with pytest.raises(InvalidInput):
        services.change_stage(staff, idea, stage, note)
    assert idea.stage is IdeaStage.PROPOSED


# --- volunteers and followers -------------------------------------------------------------


def test_volunteering_counts_notifies_the_author_and_can_be_withdrawn(city, resident, db):
    idea = _propose(resident, city, [fn.create_need(city)])
    helper = factories.create_user(city=city, name="Teresa")
    services.volunteer(helper, idea, skills="Falegnameria", availability="Sabato mattina")
    services.volunteer(helper, idea, skills="Falegnameria e giardinaggio", availability="Sabato")
    assert idea.volunteer_count == 1
    row = db.session.scalar(sa.select(Volunteer).where(Volunteer.user_id == helper.id))
    assert row.skills == "Falegnameria e giardinaggio"
    told = _notifications(resident, "idea.volunteer")
    assert len(told) == 1 and told[0].params["name"] == "Teresa"
    services.withdraw_volunteer(helper, idea)
    services.withdraw_volunteer(helper, idea)  # nothing left to withdraw: no error
    assert idea.volunteer_count == 0
    services.volunteer(helper, idea, skills="", availability="")
    assert idea.volunteer_count == 1
    assert len(_notifications(resident, "idea.volunteer")) == 2


def test_volunteer_text_is_bounded(city, resident):
    idea = _propose(resident, city, [fn.create_need(city)])
    with pytest.raises(InvalidInput) as error:
        services.volunteer(resident, idea, skills="x" * 501, availability="y" * 301)
    assert set(error.value.fields) == {"skills", "availability"}
    assert idea.volunteer_count == 0


def test_hidden_ideas_take_no_volunteers_or_followers(city, resident):
    idea = fi.create_idea(city, hidden=True)
    with pytest.raises(NotFound):
        services.volunteer(resident, idea, skills="", availability="")
    with pytest.raises(NotFound):
        services.follow_idea(resident, idea)


def test_follow_and_unfollow_are_idempotent(city, resident, db):
    idea = fi.create_idea(city)
    services.follow_idea(resident, idea)
    services.follow_idea(resident, idea)
    assert services.is_following(resident, idea)
    services.unfollow_idea(resident, idea)
    services.unfollow_idea(resident, idea)
    assert not services.is_following(resident, idea)


# --- the diff -------------------------------------------------------------------------------


def test_the_diff_is_escaped_and_reads_by_words():
    from app.ideas.diff import word_diff

    html = str(
        word_diff("Apriamo il <b>cortile</b> il sabato.\nPoi si vede.", "Apriamo il cortile la domenica.\nPoi si vede.")
    )
    assert "<b>" not in html and "&lt;b&gt;cortile&lt;/b&gt;" in html
    assert html.startswith("Apriamo il <del")  # what stayed is plain text
    # One word between two changes goes into the change, so it reads as a phrase.
    assert '<span class="visually-hidden">tolto: </span>&lt;b&gt;cortile&lt;/b&gt; il sabato.</del>' in html
    assert '<span class="visually-hidden">aggiunto: </span>cortile la domenica.</ins>' in html
    assert "<br>" in html and html.endswith("Poi si vede.")
    assert str(word_diff("uguale", "uguale")) == "uguale"
