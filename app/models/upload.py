"""Uploaded files (photos), stored under UPLOAD_DIR, outside the web root."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.base import UTCDateTime, utcnow


class Photo(db.Model):
    """A re-encoded photo (metadata stripped) and its thumbnail; paths are relative to
    UPLOAD_DIR and never derived from the uploaded file's name."""

    __tablename__ = "photo"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"), index=True)
    path: Mapped[str] = mapped_column(sa.String(200))
    thumb_path: Mapped[str] = mapped_column(sa.String(200))
    content_type: Mapped[str] = mapped_column(sa.String(40))
    width: Mapped[int] = mapped_column(sa.Integer)
    height: Mapped[int] = mapped_column(sa.Integer)
    size: Mapped[int] = mapped_column(sa.Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
