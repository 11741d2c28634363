"""Comments for participation tests, written directly (no services); needs and ideas come
from ``tests.factories.needs`` and ``tests.factories.ideas``.

``create_comment(target, author, body, parent=None, minutes_ago=0)``.
"""

from __future__ import annotations

import itertools
from datetime import timedelta

from app.extensions import db
from app.models import Comment, Need
from app.models.base import utcnow
from app.text import render_markdown

_seq = itertools.count(1)


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
