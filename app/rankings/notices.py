"""Who hears of a funded application: the residents who posted or supported the needs
behind it (its own needs and its ideas' needs)."""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import Need, Support, idea_need
from app.models.application import Application, application_need
from app.models.call import CallKind
from app.notifications.services import notify, notify_many
from app.rankings import links


def residents_behind(application: Application) -> list[int]:
    """Who posted or supported the needs behind the application (its needs and its ideas')."""
    need_ids = sa.union(
        sa.select(application_need.c.need_id).where(application_need.c.application_id == application.id),
        sa.select(idea_need.c.need_id).where(idea_need.c.idea_id.in_([i.id for i in application.ideas])),
    ).subquery()
    authors = db.session.scalars(sa.select(Need.author_id).where(Need.id.in_(sa.select(need_ids.c.need_id))))
    supporters = db.session.scalars(
        sa.select(Support.user_id).where(Support.need_id.in_(sa.select(need_ids.c.need_id)))
    )
    return [*authors, *supporters]


def tell_funded(actor, applications: list[Application]) -> None:
    for application in applications:
        notify_many(
            residents_behind(application),
            "ranking.funded_need",
            links.ranking_path(application.call),
            exclude=[getattr(actor, "id", None)],
            title=application.title,
            call=application.call.title,
        )


def tell_outcomes(actor, applications: list[Application]) -> None:
    """Whoever made each application hears its new outcome (the reason is on the ranking)."""
    for application in applications:
        if application.created_by_id and application.created_by_id != getattr(actor, "id", None):
            call = application.call
            url = links.call_path(call) if call.kind is CallKind.ROLLING else links.ranking_path(call)
            notify(
                application.created_by_id,
                "ranking.outcome",
                url,
                title=application.title,
                status=application.status.value,
            )
