"""What an applicant reads and sends besides a call's rules: the attachments every
application must carry (part of the rules, so versioned with them), the call's documents
(PDF files staff publish: forms, annexes) and its FAQ, which staff add while the call runs
(clarifications, not rule changes: they make no new version)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, utcnow
from app.models.upload import StoredFile

if TYPE_CHECKING:
    from app.models.call import Call


class CallAttachment(db.Model):
    """An attachment every application must carry (e.g. “Statuto”, “Lettera di partenariato”)."""

    __tablename__ = "call_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("call.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(sa.Integer, default=0)
    name: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")

    call: Mapped[Call] = relationship(back_populates="attachments")


class CallDocument(db.Model):
    """A PDF published with the call (application form, annexes, the signed decree)."""

    __tablename__ = "call_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("call.id", ondelete="CASCADE"), index=True)
    file_id: Mapped[int] = mapped_column(sa.ForeignKey("stored_file.id"))
    title: Mapped[str] = mapped_column(sa.String(200))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    call: Mapped[Call] = relationship(back_populates="documents")
    file: Mapped[StoredFile] = relationship()


class CallFaq(db.Model):
    """A question applicants asked, with the city's answer, published on the call's page."""

    __tablename__ = "call_faq"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("call.id", ondelete="CASCADE"), index=True)
    question: Mapped[str] = mapped_column(sa.Text)
    answer: Mapped[str] = mapped_column(sa.Text)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    call: Mapped[Call] = relationship(back_populates="faqs")
