"""Participation in the foundation's extension points: the city page (moderation link for
its staff) and the personal data export."""

from __future__ import annotations

import sqlalchemy as sa
from flask import url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.auth.services import EXPORTERS
from app.extensions import db
from app.main.routes import CITY_SECTIONS
from app.models import Comment, Follow, Report, Support


def moderation_section(city) -> list:
    if not current_user.is_staff_of(city):
        return []
    return [(_l("Moderation"), url_for("participation.queue", city=city.slug))]


def _target(row) -> dict:
    return {"need_id": row.need_id, "idea_id": row.idea_id}


def export_participation(user) -> tuple[str, dict]:
    """Supports, follows, comments and reports of a person (GDPR export)."""

    def rows(model, column):
        return db.session.scalars(sa.select(model).where(column == user.id).order_by(model.id)).all()

    return "participation", {
        "supports": [{**_target(s), "created_at": s.created_at.isoformat()} for s in rows(Support, Support.user_id)],
        "follows": [{**_target(f), "created_at": f.created_at.isoformat()} for f in rows(Follow, Follow.user_id)],
        "comments": [
            {
                **_target(c),
                "id": c.id,
                "parent_id": c.parent_id,
                "body": c.body,
                "created_at": c.created_at.isoformat(),
                "edited_at": c.edited_at.isoformat() if c.edited_at else None,
                "deleted_at": c.deleted_at.isoformat() if c.deleted_at else None,
                "hidden": c.hidden,
            }
            for c in rows(Comment, Comment.author_id)
        ],
        "reports": [
            {**_target(r), "comment_id": r.comment_id, "reason": r.reason, "created_at": r.created_at.isoformat()}
            for r in rows(Report, Report.reporter_id)
        ],
    }


CITY_SECTIONS.append(moderation_section)
EXPORTERS.append(export_participation)
