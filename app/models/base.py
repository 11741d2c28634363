"""Column types and helpers every model shares (the base and naming convention are in
``app/extensions.py``)."""

from __future__ import annotations

import enum
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import relationship

from app.extensions import db


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(sa.types.TypeDecorator):
    """A timezone-aware UTC timestamp on every backend (SQLite stores it naive)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def enum_column(enum_cls: type[enum.Enum], length: int = 24, name: str | None = None) -> sa.Enum:
    """A portable enum: a VARCHAR holding the member's value, with a CHECK constraint.

    ``name`` names the constraint; give one when a table has two columns of the same enum
    (PostgreSQL wants constraint names unique per table)."""
    return sa.Enum(
        enum_cls,
        native_enum=False,
        create_constraint=True,
        length=length,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
        name=name or enum_cls.__name__.lower(),
    )


def link_table(name: str, left: str, right: str) -> sa.Table:
    """A many-to-many table ``name`` between the tables ``left`` and ``right``: the pair of
    ids is the key, each goes with its row (``ondelete=CASCADE``), and the right one has an
    index of its own (to find the left rows of a right one)."""
    return sa.Table(
        name,
        db.metadata,
        sa.Column(f"{left}_id", sa.ForeignKey(f"{left}.id", ondelete="CASCADE"), primary_key=True),
        sa.Column(f"{right}_id", sa.ForeignKey(f"{right}.id", ondelete="CASCADE"), primary_key=True, index=True),
    )


def children(back_populates: str, order_by: str):
    """The rows a parent owns and keeps in order (a call's funds, an application's budget
    lines): they live and die with it."""
    return relationship(back_populates=back_populates, cascade="all, delete-orphan", order_by=order_by)
