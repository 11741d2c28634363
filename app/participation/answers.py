"""Staff answers on needs: public, dated entries of the need's history that may move it
through open → under review → being addressed → addressed, or decline it with a reason.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from app import audit
from app.errors import InvalidInput, PermissionDenied
from app.extensions import db
from app.models import Follow, Need, NeedStatusChange, Support
from app.notifications.services import notify_many
from app.participation import targets
from app.participation.schemas import AnswerInput
from app.schemas import load
from app.text import plain


def answer_need(actor, need: Need, status, text: str = "") -> NeedStatusChange:
    """Staff of the need's city answer it publicly and may change its status (declining
    needs a reason): :class:`~app.participation.schemas.AnswerInput`. The author,
    supporters and followers are notified; audited."""
    if not need.can_answer(actor):
        raise PermissionDenied()
    data = load(AnswerInput, {"status": status, "text": text})
    new, answer = data["status"], plain(data["text"])
    if new is need.status and not answer:
        raise InvalidInput({"text": [_("Write an answer, or choose another status.")]})
    old = need.status
    change = NeedStatusChange(need_id=need.id, actor_id=actor.id, from_status=old, to_status=new, text=answer)
    db.session.add(change)
    need.status = new
    audit.record(actor, "need.status", need, city=need.city_id, from_status=old, to_status=new, text=answer)
    notify_many(
        _audience(need),
        "need.answer" if new is old else "need.status",
        targets.page_url(need, anchor="history"),
        exclude=[actor.id],
        title=need.title,
        status=new.value,
    )
    db.session.commit()
    return change


def _audience(need: Need) -> list[int]:
    """The author, supporters and followers of a need (each once)."""
    supporters = sa.select(Support.user_id).where(Support.need_id == need.id)
    followers = sa.select(Follow.user_id).where(Follow.need_id == need.id)
    people = db.session.scalars(sa.union(supporters, followers)).all()
    return [need.author_id, *sorted(people)]


def history(need: Need) -> list[NeedStatusChange]:
    """The need's public answers, oldest first."""
    return db.session.scalars(
        sa.select(NeedStatusChange)
        .where(NeedStatusChange.need_id == need.id)
        .order_by(NeedStatusChange.created_at, NeedStatusChange.id)
    ).all()
