"""The demo's complete chain for resident@demo.cantiere.local (``data/projects.json``,
``resident_chain``): their need about street educators is answered by an idea that the
city's facilitator proposes and staff move to "ready for a call"; the «Comunità educanti»
call names it as its origin (``app/demo/applications.py``), the application that carries
it names the idea and the need, its award makes the project (``app/demo/projects.py``).
Made through the ideas services; idempotent (an idea already there is reused)."""

from __future__ import annotations

import sqlalchemy as sa

from app.demo.calls import _fill
from app.demo.common import by_email, load
from app.extensions import db
from app.ideas import services as ideas
from app.models import Area, City, Idea, Need, User

CHAIN = load("projects")["resident_chain"]


def _author(city: City, staff: User) -> User:
    """The city's demo facilitator, else its staff."""
    facilitator = by_email("facilitator@demo.cantiere.local")
    return facilitator if facilitator is not None and facilitator.is_facilitator_of(city) else staff


def resident_need(city: City, areas: list[Area]) -> Need | None:
    resident = by_email(CHAIN["resident"])
    if resident is None or not areas:
        return None
    title = _fill(CHAIN["need"], city, areas)
    return db.session.scalar(
        sa.select(Need).where(Need.city_id == city.id, Need.author_id == resident.id, Need.title == title).limit(1)
    )


def origin_ideas(city: City, staff: User, areas: list[Area]) -> list[Idea]:
    """The idea answering the resident's need, ready for a call (none in a city where the
    resident has no such need)."""
    need = resident_need(city, areas)
    if need is None:
        return []
    spec = CHAIN["idea"]
    title = _fill(spec["title"], city, areas)
    idea = db.session.scalar(sa.select(Idea).where(Idea.city_id == city.id, Idea.title == title))
    if idea is None:
        text = {key: _fill(spec[key], city, areas) for key in ("summary", "body")}
        idea = ideas.propose_idea(_author(city, staff), city=city.slug, need_ids=[need.id], title=title, **text)
        for stage, note in CHAIN["stages"]:
            ideas.change_stage(staff, idea, {"stage": stage, "note": note})
    return [idea]


def links_for(title: str, city: City, areas: list[Area], origin: list[Idea]) -> dict:
    """The ideas and needs an application names: the origin idea and the resident's need
    for the application that carries them."""
    if not origin or _fill(CHAIN["application"], city, areas) != title:
        return {}
    return {"idea_ids": [i.id for i in origin], "need_ids": [n.id for i in origin for n in i.needs]}
