"""Rankings (graduatorie) of competitive calls, in editions, and review requests (istanze di
riesame). An edition is frozen when it is published: its entries are the ranking as it was
then (rank, scores, requested, granted, outcome and the reason of each outcome); a later
change (a renounce, a revocation, a changed score) makes the next edition, never an edit."""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.application import Application
from app.models.base import UTCDateTime, enum_column, utcnow
from app.models.call import Call
from app.models.user import User


class EditionCause(enum.Enum):
    PUBLICATION = "publication"
    RENOUNCE = "renounce"  # a funded applicant renounced: scorrimento
    REVOCATION = "revocation"  # staff revoked a grant: scorrimento
    REVIEW = "review"  # a review request changed a score


class RankingEdition(db.Model):
    """A published edition of a call's ranking; ``entries`` is the list of the API's items."""

    __tablename__ = "ranking_edition"
    __table_args__ = (sa.UniqueConstraint("call_id", "number", name="uq_ranking_edition_call_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("call.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(sa.Integer)
    cause: Mapped[EditionCause] = mapped_column(enum_column(EditionCause), default=EditionCause.PUBLICATION)
    #: The application whose renounce, revocation or review made this edition.
    application_id: Mapped[int | None] = mapped_column(sa.ForeignKey("application.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    entries: Mapped[list] = mapped_column(sa.JSON, default=list)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))

    call: Mapped[Call] = relationship()
    application: Mapped[Application | None] = relationship()
    published_by: Mapped[User | None] = relationship()


class ReviewStatus(enum.Enum):
    PENDING = "pending"
    UPHELD = "upheld"  # the score changed: a new edition
    REJECTED = "rejected"  # answered, the score stays


class ReviewRequest(db.Model):
    """An applicant's request to review the evaluation of their application, and the answer."""

    __tablename__ = "review_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(sa.ForeignKey("application.id", ondelete="CASCADE"), index=True)
    edition_id: Mapped[int] = mapped_column(sa.ForeignKey("ranking_edition.id", ondelete="CASCADE"))
    reasons: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[ReviewStatus] = mapped_column(enum_column(ReviewStatus), default=ReviewStatus.PENDING)
    answer: Mapped[str] = mapped_column(sa.Text, default="")
    score_before: Mapped[Decimal | None] = mapped_column(sa.Numeric(7, 2))
    score_after: Mapped[Decimal | None] = mapped_column(sa.Numeric(7, 2))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answered_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    application: Mapped[Application] = relationship()
    edition: Mapped[RankingEdition] = relationship()

    def can_answer(self, user) -> bool:
        """Staff of the call's city answer a pending request."""
        return self.status is ReviewStatus.PENDING and self.application.call.can_edit(user)
