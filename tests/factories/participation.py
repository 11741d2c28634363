"""Minimal needs, ideas and comments for participation tests, written directly (no
services), so these tests depend on neither the needs nor the ideas feature.

``create_need(city=..., author=...)``, ``create_idea(city=..., author=..., needs=[...])``,
``create_comment(target, author, body, parent=None, minutes_ago=0)``.
"""

from __future__ import annotations

import itertools
from datetime import timedelta

from app.extensions import db
from app.models import Comment, Idea, Need, NeedCategory, NeedStatus
from app.models.base import utcnow
from app.text import render_markdown
from tests import factories

_seq = itertools.count(1)


def create_need(*, city=None, author=None, title=None, status=NeedStatus.OPEN, hidden=False, **extra) -> Need:
    city = city or factories.create_city()
    author = author or factories.create_user(city=city)
    n = next(_seq)
    body = extra.pop("body", "Nel cortile della scuola manca un'area ombreggiata per i bambini.")
    need = Need(
        city_id=city.id,
        author_id=author.id,
        title=title or f"Bisogno di prova {n}",
        body=body,
        body_html=render_markdown(body),
        category=extra.pop("category", NeedCategory.PUBLIC_SPACE),
        status=status,
        hidden=hidden,
        support_count=0,
        comment_count=0,
        report_count=0,
        **extra,
    )
    db.session.add(need)
    db.session.commit()
    return need


def create_idea(*, city=None, author=None, title=None, needs=(), hidden=False, **extra) -> Idea:
    city = city or factories.create_city()
    author = author or factories.create_user(city=city)
    n = next(_seq)
    body = extra.pop("body", "Un orto condiviso curato dagli anziani del quartiere con le scuole.")
    idea = Idea(
        city_id=city.id,
        author_id=author.id,
        title=title or f"Idea di prova {n}",
        summary=extra.pop("summary", "Un orto condiviso nel quartiere."),
        body=body,
        body_html=render_markdown(body),
        hidden=hidden,
        support_count=0,
        comment_count=0,
        report_count=0,
        **extra,
    )
    idea.needs.extend(needs)
    db.session.add(idea)
    db.session.commit()
    return idea


def create_comment(target, author, body: str = "Sono d'accordo, serve davvero.", parent=None, minutes_ago: int = 0):
    """A visible comment (counted in the target's ``comment_count``)."""
    comment = Comment(
        author_id=author.id,
        parent_id=parent.id if parent else None,
        body=body,
        body_html=render_markdown(body),
        created_at=utcnow() - timedelta(minutes=minutes_ago),
        report_count=0,
        hidden=False,
        **{f"{'need' if isinstance(target, Need) else 'idea'}_id": target.id},
    )
    db.session.add(comment)
    target.comment_count = (target.comment_count or 0) + 1
    db.session.commit()
    return comment


def render_panel(app, target, kind: str, user=None, query: str = "") -> str:
    """The participation panel as ``user`` (or a visitor) sees it on the target's page."""
    from flask import g, render_template_string
    from flask_babel import refresh
    from flask_login import login_user

    db.session.expire_all()  # as a new request would, see what other requests wrote
    with app.test_request_context(f"/page{query}", headers={"Accept-Language": "en"}):
        g.pop("_login_user", None)  # the test's app context outlives this request
        refresh()  # and so does the language it chose
        if user is not None:
            login_user(user)
        try:
            return render_template_string('{% include "participation/_panel.html" %}', target=target, kind=kind)
        finally:
            g.pop("_login_user", None)
            refresh()


def in_request(app):
    """Services called directly by a test run as in a request (they build URLs, translate
    notification texts); use from an autouse fixture."""
    return app.test_request_context("/")
