"""Staff answers on needs: public, dated entries of the need's history that may move it
through open → under review → being addressed → addressed, or decline it with a reason.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app import audit
from app.errors import InvalidInput, PermissionDenied
from app.extensions import db
from app.models import Follow, Need, NeedStatus, NeedStatusChange, Support
from app.notifications.services import notify_many
from app.participation import targets

ANSWER_MAX = 5000

STATUS_LABELS = {
    NeedStatus.OPEN: _l("Open"),
    NeedStatus.UNDER_REVIEW: _l("Under review"),
    NeedStatus.BEING_ADDRESSED: _l("Being addressed"),
    NeedStatus.ADDRESSED: _l("Addressed"),
    NeedStatus.DECLINED: _l("Declined"),
}


def status_label(value: str) -> str:
    """The label of a status code in the current language (the code when unknown)."""
    try:
        return str(STATUS_LABELS[NeedStatus(value)])
    except ValueError:
        return value


def can_answer(user, need: Need) -> bool:
    """Staff of the need's city (and administrators)."""
    return targets.is_moderator(user, need.city_id)


def _status(value) -> NeedStatus:
    if isinstance(value, NeedStatus):
        return value
    try:
        return NeedStatus(value)
    except ValueError:
        raise InvalidInput({"status": [_("Choose one of the statuses offered.")]}) from None


def answer_need(actor, need: Need, status, text: str = "") -> NeedStatusChange:
    """Staff of the need's city answer it publicly and may change its status (declining
    needs a reason). The author, supporters and followers are notified; audited."""
    if not can_answer(actor, need):
        raise PermissionDenied()
    new = _status(status)
    answer = (text if isinstance(text, str) else "").replace("\x00", "").strip()
    if len(answer) > ANSWER_MAX:
        raise InvalidInput({"text": [_("At most %(max)d characters.", max=ANSWER_MAX)]})
    if new is NeedStatus.DECLINED and not answer:
        raise InvalidInput({"text": [_("Say why the need is declined: the reason is public.")]})
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
