"""Demo ideas: about a hundred ideas in natural Italian across the demo cities, each
answering demo needs of its city, at various stages with the notes that moved them, with
volunteers, followers, a few edits kept as versions, and notifications for
resident@demo.cantiere.local (``data/ideas.json``: the ideas by the category of the need
they answer, earlier drafts of a few, the notes of each stage, what volunteers offer).
Idempotent: nothing is added once the database has ideas.
"""

from __future__ import annotations

import random
from datetime import timedelta

import sqlalchemy as sa

from app.demo.common import by_email, draw, load
from app.extensions import db
from app.models import (
    City,
    Follow,
    Idea,
    IdeaStage,
    IdeaStageChange,
    IdeaVersion,
    Need,
    NeedCategory,
    Notification,
    Role,
    User,
    Volunteer,
)
from app.models.base import utcnow
from app.text import render_markdown

DATA = load("ideas")
#: Need category → ideas answering it: title, summary, text (limited Markdown).
IDEAS = {NeedCategory(category): items for category, items in DATA["ideas"].items()}
#: Idea title → the first draft (summary, text) the demo keeps as an earlier version.
EARLIER = DATA["earlier"]
#: Stage → what staff or facilitators wrote when an idea reached it.
STAGE_NOTES = {IdeaStage(stage): notes for stage, notes in DATA["stage_notes"].items()}
#: What volunteers offer: skills and availability.
SKILLS = DATA["skills"]

IDEAS_PER_CITY = 20
#: Share of ideas that reached each stage (the rest stay "proposed").
STAGE_SHARES = [
    (IdeaStage.IN_CODESIGN, 0.24),
    (IdeaStage.READY_FOR_CALL, 0.12),
    (IdeaStage.IN_CALL, 0.08),
    (IdeaStage.FUNDED, 0.06),
    (IdeaStage.CARRIED_OUT, 0.04),
]
ORDER = list(IdeaStage)


def _movers(city: City) -> list[User]:
    """Who moves ideas in this city: its demo staff and facilitators, else the admin."""
    staff, facilitator = by_email("staff@demo.cantiere.local"), by_email("facilitator@demo.cantiere.local")
    people = [u for u in (staff,) if u is not None and u.has_role(Role.STAFF, city.id)]
    people += [u for u in (facilitator,) if u is not None and u.has_role(Role.FACILITATOR, city.id)]
    admin = by_email("admin@demo.cantiere.local")
    return people or ([admin] if admin else [])


def _people(city: City) -> list[User]:
    """Demo accounts living in ``city`` (the needs' residents, and the demo resident in
    Bari); else the people who posted the city's needs."""
    people = list(
        db.session.scalars(
            sa.select(User).where(User.city_id == city.id, User.email.like("%@demo.cantiere.local")).order_by(User.id)
        )
    )
    if people:
        return people
    authors = sa.select(Need.author_id).where(Need.city_id == city.id)
    return list(db.session.scalars(sa.select(User).where(User.id.in_(authors)).order_by(User.id)))


def seed(progress) -> None:
    if db.session.scalar(sa.select(Idea.id).limit(1)) is not None:
        progress("ideas already there")
        return
    if db.session.scalar(sa.select(Need.id).limit(1)) is None:
        progress("no needs yet: no demo ideas (ideas answer needs)")
        return
    rng = random.Random("cantiere-ideas")
    now = utcnow()
    made: list[Idea] = []
    for city in db.session.scalars(sa.select(City).order_by(City.id)).all():
        made += _seed_city(city, rng, now)
    db.session.flush()
    _seed_notifications(made, now)
    versions = db.session.scalar(sa.select(sa.func.count()).select_from(IdeaVersion))
    volunteers = db.session.scalar(sa.select(sa.func.count()).select_from(Volunteer))
    progress(f"{len(made)} ideas, {volunteers} volunteers, {versions} earlier versions")


def _seed_city(city: City, rng: random.Random, now) -> list[Idea]:
    needs = list(
        db.session.scalars(sa.select(Need).where(Need.city_id == city.id, Need.hidden.is_(False)).order_by(Need.id))
    )
    people = _people(city)
    if not needs or not people:
        return []
    movers = _movers(city)
    by_category: dict = {}
    for need in needs:
        by_category.setdefault(need.category, []).append(need)
    templates = [(category, t) for category, items in IDEAS.items() for t in items]
    rng.shuffle(templates)
    # Ideas for the categories residents asked about first, then the others.
    templates.sort(key=lambda item: item[0] not in by_category)
    made = []
    for category, template in templates[:IDEAS_PER_CITY]:
        title = template["title"]
        answered = by_category.get(category) or needs
        first = rng.choice(answered)
        linked = [first]
        siblings = [n for n in answered if n is not first and n.area_id == first.area_id]
        if siblings and rng.random() < 0.35:
            linked.append(rng.choice(siblings))
        start = max(n.created_at for n in linked)
        created = start + (now - start) * rng.uniform(0.05, 0.6)
        author = rng.choice([p for p in people if p.id not in {n.author_id for n in linked}] or people)
        idea = Idea(
            city=city,
            area=first.area,
            author=author,
            title=f"{title} – {first.area.name}" if first.area else title,
            summary=template["summary"],
            body=template["body"],
            body_html=render_markdown(template["body"]),
            stage=IdeaStage.PROPOSED,
            created_at=created,
            updated_at=created,
        )
        idea.needs = linked
        db.session.add(idea)
        db.session.flush()
        db.session.add(
            IdeaStageChange(idea_id=idea.id, actor_id=author.id, to_stage=IdeaStage.PROPOSED, created_at=created)
        )
        _earlier_version(idea, title, created, now)
        _move(idea, draw(rng, STAGE_SHARES, IdeaStage.PROPOSED), movers, rng, created, now)
        _volunteers_and_followers(idea, people, rng, created, now)
        made.append(idea)
    return made


def _earlier_version(idea: Idea, template_title: str, created, now) -> None:
    draft = EARLIER.get(template_title)
    if draft is None:
        return
    db.session.add(
        IdeaVersion(
            idea_id=idea.id,
            number=1,
            title=idea.title,
            summary=draft["summary"],
            body=draft["body"],
            editor_id=idea.author_id,
            created_at=created + (now - created) * 0.1,
        )
    )
    idea.version = 2


def _move(idea: Idea, target: IdeaStage, movers: list[User], rng: random.Random, created, now) -> None:
    if target is IdeaStage.PROPOSED or not movers:
        return
    when, previous = created, IdeaStage.PROPOSED
    for stage in ORDER[1 : ORDER.index(target) + 1]:
        when = when + (now - when) * rng.uniform(0.15, 0.4)
        db.session.add(
            IdeaStageChange(
                idea_id=idea.id,
                actor_id=rng.choice(movers).id,
                from_stage=previous,
                to_stage=stage,
                note=rng.choice(STAGE_NOTES[stage]),
                created_at=when,
            )
        )
        previous = stage
    idea.stage = target
    idea.updated_at = when


def _volunteers_and_followers(idea: Idea, people: list[User], rng: random.Random, created, now) -> None:
    db.session.add(Follow(user_id=idea.author_id, idea_id=idea.id, created_at=created))
    others = [p for p in people if p.id != idea.author_id]
    rng.shuffle(others)
    helpers = others[: rng.choice([0, 0, 1, 1, 2, 3, 4])]
    for person in helpers:
        offer = rng.choice(SKILLS)
        db.session.add(
            Volunteer(
                idea_id=idea.id,
                user_id=person.id,
                skills=offer["skills"],
                availability=offer["availability"],
                created_at=created + (now - created) * rng.uniform(0.05, 0.9),
            )
        )
    idea.volunteer_count = len(helpers)
    for person in others[len(helpers) : len(helpers) + rng.choice([0, 1, 2, 3])]:
        db.session.add(Follow(user_id=person.id, idea_id=idea.id, created_at=created + timedelta(days=1)))


def _seed_notifications(made: list[Idea], now) -> None:
    """What the demo resident was told about ideas: new ideas for their needs, stage changes
    of ideas they follow, volunteers for their own ideas. Already "mailed"; the newest unread."""
    resident = by_email("resident@demo.cantiere.local")
    if resident is None:
        return
    rows: list[Notification] = []
    for idea in made:
        url = f"/c/{idea.city.slug}/ideas/{idea.id}"
        mine = [n for n in idea.needs if n.author_id == resident.id]
        if mine and idea.author_id != resident.id:
            rows.append(
                Notification(
                    user_id=resident.id,
                    kind="idea.new_for_need",
                    params={"idea": idea.title, "need": mine[0].title, "idea_id": idea.id},
                    url=url,
                    created_at=idea.created_at,
                )
            )
        if idea.author_id == resident.id:
            for volunteer in db.session.scalars(sa.select(Volunteer).where(Volunteer.idea_id == idea.id)):
                rows.append(
                    Notification(
                        user_id=resident.id,
                        kind="idea.volunteer",
                        params={"idea": idea.title, "name": volunteer.user.display_name, "idea_id": idea.id},
                        url=url + "#volunteers",
                        created_at=volunteer.created_at,
                    )
                )
    followed = [i for i in made if i.city.slug == "bari" and i.stage is not IdeaStage.PROPOSED][:3]
    for idea in followed:
        if idea.author_id != resident.id and not db.session.scalar(
            sa.select(Follow.id).where(Follow.idea_id == idea.id, Follow.user_id == resident.id)
        ):
            db.session.add(Follow(user_id=resident.id, idea_id=idea.id, created_at=idea.created_at))
        rows.append(
            Notification(
                user_id=resident.id,
                kind="idea.stage",
                params={"idea": idea.title, "stage": idea.stage.value, "idea_id": idea.id},
                url=f"/c/bari/ideas/{idea.id}",
                created_at=idea.updated_at,
            )
        )
    rows.sort(key=lambda n: n.created_at)
    for index, row in enumerate(rows):
        row.emailed_at = row.created_at
        if index < len(rows) - 4:
            row.read_at = min(now, row.created_at + timedelta(hours=6))
        db.session.add(row)
