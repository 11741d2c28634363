"""Evaluation of admissible applications (valutazione di merito): an evaluator assigned by
staff first declares whether they have a conflict of interest with the applicant or its
partners; without one, they score every criterion of the call with a comment and submit.
Staff record a consensus when evaluators disagree; the application's ``score`` is the
consensus, or else the mean of the submitted evaluations' totals."""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.application import Application, PartnerAnswer
from app.models.base import UTCDateTime, enum_column, utcnow
from app.models.call import CallCriterion
from app.models.organisation import Organisation
from app.models.user import User

POINTS = sa.Numeric(7, 2)


class EvaluationStatus(enum.Enum):
    ASSIGNED = "assigned"  # waiting for the declaration on conflicts of interest
    DECLARED = "declared"  # no conflict declared: scoring
    CONFLICT = "conflict"  # a conflict declared: the assignment ended, staff replace
    SUBMITTED = "submitted"  # frozen
    REPLACED = "replaced"  # withdrawn by staff before submission


#: The assignments that count: they fill the call's evaluators per application.
ACTIVE = (EvaluationStatus.ASSIGNED, EvaluationStatus.DECLARED, EvaluationStatus.SUBMITTED)


class Evaluation(db.Model):
    __tablename__ = "evaluation"
    __table_args__ = (
        sa.UniqueConstraint("application_id", "evaluator_id", name="uq_evaluation_application_evaluator"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(sa.ForeignKey("application.id", ondelete="CASCADE"), index=True)
    evaluator_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), index=True)
    assigned_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[EvaluationStatus] = mapped_column(
        enum_column(EvaluationStatus), default=EvaluationStatus.ASSIGNED, index=True
    )
    conflict_note: Mapped[str] = mapped_column(sa.Text, default="")
    declared_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    application: Mapped[Application] = relationship(back_populates="evaluations")
    evaluator: Mapped[User] = relationship(foreign_keys=[evaluator_id])
    assigned_by: Mapped[User | None] = relationship(foreign_keys=[assigned_by_id])
    scores: Mapped[list[EvaluationScore]] = relationship(
        back_populates="evaluation", cascade="all, delete-orphan", order_by="EvaluationScore.id"
    )

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE

    @property
    def total(self) -> Decimal:
        return sum((s.points for s in self.scores), Decimal("0"))

    def score_for(self, criterion_id: int) -> EvaluationScore | None:
        return next((s for s in self.scores if s.criterion_id == criterion_id), None)

    def progress(self) -> tuple[int, int]:
        """(criteria scored, criteria of the call)."""
        return len(self.scores), len(self.application.call.criteria)

    # Permissions
    def is_evaluator(self, user) -> bool:
        return user.is_self(self.evaluator_id)

    def can_view(self, user) -> bool:
        """The evaluator, and staff of the call's city."""
        return self.is_evaluator(user) or self.application.call.can_edit(user)

    def can_declare(self, user) -> bool:
        return self.is_evaluator(user) and self.status is EvaluationStatus.ASSIGNED

    def can_score(self, user) -> bool:
        return self.is_evaluator(user) and self.status is EvaluationStatus.DECLARED

    def can_replace(self, user) -> bool:
        """Staff withdraw an assignment not yet submitted."""
        return self.application.call.can_edit(user) and self.status in (
            EvaluationStatus.ASSIGNED,
            EvaluationStatus.DECLARED,
        )

    def __repr__(self) -> str:
        return f"<Evaluation {self.id} {self.status.value}>"


class EvaluationScore(db.Model):
    """The points an evaluator gives one criterion of the call (0 … its maximum), with the
    comment that explains them."""

    __tablename__ = "evaluation_score"
    __table_args__ = (sa.UniqueConstraint("evaluation_id", "criterion_id", name="uq_evaluation_score_criterion"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(sa.ForeignKey("evaluation.id", ondelete="CASCADE"), index=True)
    criterion_id: Mapped[int] = mapped_column(sa.ForeignKey("call_criterion.id", ondelete="CASCADE"))
    points: Mapped[Decimal] = mapped_column(POINTS)
    comment: Mapped[str] = mapped_column(sa.Text)

    evaluation: Mapped[Evaluation] = relationship(back_populates="scores")
    criterion: Mapped[CallCriterion] = relationship()


class Consensus(db.Model):
    """Staff's consensus score for an application whose evaluators disagree, with the
    reason. The latest one is the application's score; earlier ones stay on the record."""

    __tablename__ = "consensus"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(sa.ForeignKey("application.id", ondelete="CASCADE"), index=True)
    #: ``{"<criterion id>": "points"}`` (decimal strings).
    scores: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    total: Mapped[Decimal] = mapped_column(POINTS)
    reason: Mapped[str] = mapped_column(sa.Text)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    application: Mapped[Application] = relationship()
    created_by: Mapped[User | None] = relationship()


def evident_conflicts(application: Application, user) -> list[Organisation]:
    """The organisations of the application (applicant and partners that did not decline)
    of which ``user`` is an active member: a conflict of interest the platform sees."""
    organisations = [application.organisation] + [
        p.organisation for p in application.partners if p.status is not PartnerAnswer.DECLINED
    ]
    return [org for org in organisations if org.membership_of(user) is not None]
