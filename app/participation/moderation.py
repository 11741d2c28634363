"""Reports and moderation of needs, ideas and comments.

Anyone signed in reports an item once, with a reason; at ``REPORTS_TO_HIDE`` open reports
the item is hidden pending review. Staff of the item's city hide or restore it with a reason
(audited); the author is told why, by a notification and a notice on their hidden item.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from app import audit
from app.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from app.extensions import db
from app.models import Comment, Idea, Need, Report
from app.models.base import utcnow
from app.notifications.services import notify
from app.participation import targets
from app.participation.schemas import Decision, ModerationInput, ReportInput
from app.participation.services import _insert, _Race, bump, push_comment_count
from app.schemas import load
from app.text import plain

REPORTS_TO_HIDE = 3


def item_kind(item) -> str:
    return "comment" if isinstance(item, Comment) else targets.kind_of(item)


def _where(model, item):
    return getattr(model, f"{item_kind(item)}_id") == item.id


def _reason(schema, reason) -> str:
    return plain(load(schema, {"reason": reason})["reason"])


def _page_of(item) -> tuple[object, str]:
    """The page showing the item, and the title that names it in notifications."""
    if isinstance(item, Comment):
        target = targets.comment_target(item)
        return target, targets.page_url(target, anchor=f"comment-{item.id}")
    return item, targets.page_url(item)


def report(actor, item, reason: str) -> Report:
    """``actor`` reports a need, idea or comment, once; at three open reports it is hidden
    until staff review it, and its author is told."""
    target, url = _page_of(item)
    if not target.can_view(actor) or (isinstance(item, Comment) and item.deleted_at is not None):
        raise NotFound()
    text = _reason(ReportInput, reason)
    if item.author_id == actor.id:
        raise InvalidInput({"reason": [_("You cannot report what you wrote yourself.")]})
    if db.session.scalar(sa.select(Report.id).where(Report.reporter_id == actor.id, _where(Report, item))):
        raise Conflict(_("You have already reported this."))
    try:
        _insert(Report(reporter_id=actor.id, reason=text, **{f"{item_kind(item)}_id": item.id}))
    except _Race:
        db.session.rollback()
        raise Conflict(_("You have already reported this.")) from None
    count = bump(item, "report_count", +1)
    if count >= REPORTS_TO_HIDE and not item.hidden:
        _set_hidden(item, True, None)
        audit.record(None, "moderation.auto_hide", item, city=targets.city_id_of(item), reports=count)
        notify(item.author_id, f"moderation.{item_kind(item)}_held", url, title=target.title)
    db.session.commit()
    return db.session.scalar(sa.select(Report).where(Report.reporter_id == actor.id, _where(Report, item)))


def _set_hidden(item, hidden: bool, reason: str | None) -> None:
    was_hidden = bool(item.hidden)
    item.hidden = hidden
    item.hidden_reason = reason if hidden else None
    item.hidden_at = utcnow() if hidden else None
    if isinstance(item, Comment) and item.deleted_at is None and was_hidden != hidden:
        push_comment_count(targets.comment_target(item), -1 if hidden else +1)


def _resolve_reports(item) -> int:
    resolved = db.session.execute(
        sa.update(Report).where(_where(Report, item), Report.resolved_at.is_(None)).values(resolved_at=utcnow()),
        execution_options={"synchronize_session": False},
    ).rowcount
    item.report_count = 0
    return resolved


def _require_moderator(actor, item) -> None:
    if not item.can_moderate(actor):
        raise PermissionDenied()


def hide(actor, item, reason: str):
    """Staff of the item's city hide it with a reason; open reports are resolved, the
    author is notified and sees the reason on their item."""
    _require_moderator(actor, item)
    text = _reason(ReportInput, reason)
    resolved = _resolve_reports(item)
    _set_hidden(item, True, text)
    audit.record(actor, "moderation.hide", item, city=targets.city_id_of(item), reason=text, reports=resolved)
    target, url = _page_of(item)
    notify(item.author_id, f"moderation.{item_kind(item)}_hidden", url, title=target.title, reason=text)
    db.session.commit()
    return item


def restore(actor, item, reason: str):
    """Staff of the item's city make it visible again (or keep a reported item visible),
    with a reason; open reports are resolved and the author is told when it was hidden."""
    _require_moderator(actor, item)
    text = _reason(ReportInput, reason)
    was_hidden = bool(item.hidden)
    resolved = _resolve_reports(item)
    _set_hidden(item, False, None)
    audit.record(actor, "moderation.restore", item, city=targets.city_id_of(item), reason=text, reports=resolved)
    if was_hidden:
        target, url = _page_of(item)
        notify(item.author_id, f"moderation.{item_kind(item)}_restored", url, title=target.title, reason=text)
    db.session.commit()
    return item


def moderate(actor, item, data: dict):
    """Staff decide on a reported or hidden item: ``data`` as
    :class:`~app.participation.schemas.ModerationInput` reads it (``hide`` or ``restore``,
    with a reason). Returns the decision."""
    decision = load(ModerationInput, data)
    (hide if decision["action"] is Decision.HIDE else restore)(actor, item, decision["reason"])
    return decision["action"]


# --- the staff's queue -------------------------------------------------------------------


def queue(city_id: int, limit: int = 200) -> dict[str, list]:
    """What staff of a city have to look at: hidden items and items with open reports,
    most reported first, each with its open reports."""
    found: dict[str, list] = {}
    for kind, model in (("need", Need), ("idea", Idea)):
        found[kind] = db.session.scalars(
            sa.select(model)
            .where(model.city_id == city_id, sa.or_(model.hidden.is_(True), model.report_count > 0))
            .order_by(model.hidden.desc(), model.report_count.desc(), model.id.desc())
            .limit(limit)
        ).all()
    in_city = sa.or_(
        Comment.need_id.in_(sa.select(Need.id).where(Need.city_id == city_id)),
        Comment.idea_id.in_(sa.select(Idea.id).where(Idea.city_id == city_id)),
    )
    found["comment"] = db.session.scalars(
        sa.select(Comment)
        .where(in_city, Comment.deleted_at.is_(None), sa.or_(Comment.hidden.is_(True), Comment.report_count > 0))
        .order_by(Comment.hidden.desc(), Comment.report_count.desc(), Comment.id.desc())
        .limit(limit)
    ).all()
    return found


def open_reports(item) -> list[Report]:
    return db.session.scalars(
        sa.select(Report).where(_where(Report, item), Report.resolved_at.is_(None)).order_by(Report.created_at)
    ).all()
