"""Requests to complete or clarify a submitted application (soccorso istruttorio): staff
ask for named things by a date, the applicant answers in the platform (a text, and PDFs
only for the attachments that were asked for). The request, the answer and their times
stay on the record, shown to staff and applicant alike."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.application import Application, ApplicationStatus
from app.models.base import UTCDateTime, utcnow
from app.models.user import User


class ClarificationRequest(db.Model):
    __tablename__ = "clarification_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(sa.ForeignKey("application.id", ondelete="CASCADE"), index=True)
    request: Mapped[str] = mapped_column(sa.Text)
    #: The application fields asked for, as the eligibility problems name them
    #: (``attachments.<requirement id>``, ``budget_lines``, ``declarations.privacy``, …).
    fields: Mapped[list] = mapped_column(sa.JSON, default=list)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    requested_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answer: Mapped[str | None] = mapped_column(sa.Text)
    #: Ids of the ``ApplicationAttachment`` rows the answer added.
    attachment_ids: Mapped[list] = mapped_column(sa.JSON, default=list)
    answered_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    application: Mapped[Application] = relationship()
    requested_by: Mapped[User | None] = relationship(foreign_keys=[requested_by_id])
    answered_by: Mapped[User | None] = relationship(foreign_keys=[answered_by_id])

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    def requirement_ids(self) -> list[int]:
        """The call's required attachments this request asks for."""
        out = []
        for name in self.fields or []:
            head, _, tail = name.partition(".")
            if head == "attachments" and tail.isdigit():
                out.append(int(tail))
        return out

    # Permissions
    def can_view(self, user) -> bool:
        return self.application.is_applicant(user) or self.application.call.can_edit(user)

    def can_answer(self, user) -> bool:
        """The applicants, once, before the due time (not after withdrawing)."""
        return (
            not self.is_answered
            and self.application.status is not ApplicationStatus.WITHDRAWN
            and self.application.is_applicant(user)
            and utcnow() <= self.due_at
        )
