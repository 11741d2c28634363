"""Objects for the ideas and notifications tests, written directly (not through services),
so these tests depend on no other feature's rules or factories."""

from __future__ import annotations

import itertools

from app.extensions import db
from app.models import Area, Follow, Idea, IdeaStage, Need, NeedCategory, Notification, Support
from app.text import render_markdown
from tests import factories

_seq = itertools.count(1)

SQUARE = {"type": "Polygon", "coordinates": [[[16.8, 41.1], [16.9, 41.1], [16.9, 41.2], [16.8, 41.2], [16.8, 41.1]]]}


def create_area(city, name: str | None = None) -> Area:
    n = next(_seq)
    area = Area(
        city=city,
        name=name or f"Quartiere {n}",
        slug=f"quartiere-{n}",
        geometry=SQUARE,
        min_lat=41.1,
        min_lng=16.8,
        max_lat=41.2,
        max_lng=16.9,
    )
    db.session.add(area)
    db.session.commit()
    return area


def create_need(city, author=None, *, title: str | None = None, area=None, hidden: bool = False, **extra) -> Need:
    author = author or factories.create_user(city=city)
    n = next(_seq)
    body = extra.pop("body", f"Nel quartiere manca uno spazio per il bisogno numero {n}.")
    need = Need(
        city=city,
        area=area,
        author=author,
        title=title or f"Bisogno {n}: uno spazio per i ragazzi",
        body=body,
        body_html=render_markdown(body),
        category=extra.pop("category", NeedCategory.YOUNG_PEOPLE),
        hidden=hidden,
        **extra,
    )
    db.session.add(need)
    db.session.commit()
    return need


def create_idea(city, author=None, *, needs=(), title: str | None = None, stage=IdeaStage.PROPOSED, **extra) -> Idea:
    author = author or factories.create_user(city=city)
    n = next(_seq)
    body = extra.pop("body", f"Proponiamo un laboratorio aperto, idea numero {n}.")
    idea = Idea(
        city=city,
        author=author,
        title=title or f"Idea {n}: laboratorio di quartiere",
        summary=extra.pop("summary", "Un laboratorio aperto due pomeriggi a settimana."),
        body=body,
        body_html=render_markdown(body),
        stage=stage,
        **extra,
    )
    idea.needs = list(needs)
    db.session.add(idea)
    db.session.commit()
    return idea


def follow(user, *, need=None, idea=None) -> Follow:
    row = Follow(user_id=user.id, need_id=need.id if need else None, idea_id=idea.id if idea else None)
    db.session.add(row)
    db.session.commit()
    return row


def support(user, *, need=None, idea=None) -> Support:
    row = Support(user_id=user.id, need_id=need.id if need else None, idea_id=idea.id if idea else None)
    db.session.add(row)
    if idea is not None:
        idea.support_count += 1
    db.session.commit()
    return row


def create_notification(user, kind: str = "idea.stage", url: str = "/", **params) -> Notification:
    params = params or {"idea": "Orto condiviso", "stage": "in_codesign"}
    row = Notification(user_id=user.id, kind=kind, url=url, params=params)
    db.session.add(row)
    db.session.commit()
    return row
