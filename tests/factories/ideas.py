"""Ideas, follows, supports and notifications, written directly (not through services), so
tests depend on no feature's rules. The one ``create_idea`` of the test factories."""

from __future__ import annotations

import itertools

from app.extensions import db
from app.models import Follow, Idea, IdeaStage, Notification, Support
from app.text import render_markdown
from tests import factories

_seq = itertools.count(1)


def create_idea(
    city=None,
    author=None,
    *,
    title=None,
    summary="Un laboratorio aperto due pomeriggi a settimana.",
    body=None,
    needs=(),
    need=None,
    stage=IdeaStage.PROPOSED,
    hidden=False,
    **extra,
) -> Idea:
    """An idea of ``city`` (default: a new Bari) by ``author`` (default: a new resident),
    answering ``needs`` (or the one ``need``); ``extra`` goes to the model (``area``,
    ``support_count``, ``version``...)."""
    city = city or factories.create_city()
    author = author or factories.create_user(city=city)
    n = next(_seq)
    body = body or f"Proponiamo un laboratorio aperto, idea numero {n}."
    idea = Idea(
        city=city,
        author=author,
        title=title or f"Idea {n}: laboratorio di quartiere",
        summary=summary,
        body=body,
        body_html=render_markdown(body),
        stage=stage,
        hidden=hidden,
        **extra,
    )
    idea.needs = [*needs, *([need] if need is not None else [])]
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
