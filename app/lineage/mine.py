"""What happened to my needs: each need a person posted or supported, with what it became
(``app.lineage.chain.forward``), newest first. Behind ``GET /api/v1/users/me/lineage`` and
the page ``/me/needs``."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from app.extensions import db
from app.lineage.chain import ORDER, Item, forward, need_item
from app.models import Need, Support


@dataclass
class MyNeed:
    need: Need
    posted: bool  # posted by the person (else supported)
    became: dict[str, list[Item]]

    def as_json(self) -> dict:
        answer = {"need": need_item(self.need).as_json(), "relation": "posted" if self.posted else "supported"}
        answer["need"]["city"] = self.need.city.slug
        for kind in ORDER[1:]:
            answer[f"{kind}s"] = [item.as_json() for item in self.became.get(kind, [])]
        return answer


def my_needs(user) -> list[MyNeed]:
    """The needs ``user`` posted or supported (a hidden one only if they posted it)."""
    supported = sa.select(Support.need_id).where(Support.user_id == user.id, Support.need_id.is_not(None))
    needs = db.session.scalars(
        sa.select(Need)
        .where(sa.or_(Need.author_id == user.id, sa.and_(Need.id.in_(supported), Need.hidden.is_(False))))
        .order_by(Need.created_at.desc(), Need.id.desc())
    ).all()
    return [MyNeed(n, n.author_id == user.id, forward(user, n)) for n in needs]
