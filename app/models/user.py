"""People, their roles (per city or global) and their personal API tokens."""

from __future__ import annotations

import enum
import hashlib
import secrets
from datetime import datetime

import sqlalchemy as sa
from flask_login import AnonymousUserMixin, UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from app.extensions import db
from app.models.base import UTCDateTime, enum_column, utcnow
from app.models.city import City


class Role(enum.Enum):
    STAFF = "staff"  # per city
    EVALUATOR = "evaluator"  # per city
    FACILITATOR = "facilitator"  # per city
    AUTHORITY = "authority"  # global
    ADMIN = "admin"  # global

    @property
    def per_city(self) -> bool:
        return self in CITY_ROLES


CITY_ROLES = frozenset({Role.STAFF, Role.EVALUATOR, Role.FACILITATOR})


class EmailFrequency(enum.Enum):
    IMMEDIATELY = "immediately"
    DAILY = "daily"
    NEVER = "never"


class User(UserMixin, db.Model):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    city_id: Mapped[int | None] = mapped_column(sa.ForeignKey("city.id"), index=True)
    locale: Mapped[str | None] = mapped_column(sa.String(5))
    email_frequency: Mapped[EmailFrequency] = mapped_column(
        enum_column(EmailFrequency), default=EmailFrequency.IMMEDIATELY
    )
    privacy_version: Mapped[str] = mapped_column(sa.String(20))
    privacy_accepted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Rotated on password change: invalidates every other session and reset link.
    auth_nonce: Mapped[str] = mapped_column(sa.String(32), default=lambda: secrets.token_hex(8))
    active: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    city: Mapped[City | None] = relationship()
    roles: Mapped[list[RoleGrant]] = relationship(
        back_populates="user",
        cascade="all, delete-orphan",
        lazy="selectin",
        foreign_keys="RoleGrant.user_id",
    )

    # Flask-Login
    def get_id(self) -> str:
        return f"{self.id}:{self.auth_nonce}"

    @property
    def is_active(self) -> bool:  # type: ignore[override]
        return self.active and self.deleted_at is None

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)
        self.auth_nonce = secrets.token_hex(8)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    # Roles
    def has_role(self, role: Role, city: City | int | None = None) -> bool:
        city_id = city.id if isinstance(city, City) else city
        for grant in self.roles:
            if grant.role is not role:
                continue
            if not role.per_city or city_id is None or grant.city_id == city_id:
                return True
        return False

    @property
    def is_admin(self) -> bool:
        return self.has_role(Role.ADMIN)

    @property
    def is_authority(self) -> bool:
        return self.has_role(Role.AUTHORITY)

    # Role helpers: the few questions every ``can_<verb>(user)`` method on the models is
    # built from. Each has the same answer on ``Anonymous`` (False), so a model method can
    # call them on ``current_user`` without checking first.
    def is_staff_of(self, city: City | int | None) -> bool:
        """Staff of ``city`` (admins count as staff everywhere)."""
        return self.is_admin or self.has_role(Role.STAFF, city)

    def departments_in(self, city: City | int | None) -> set[str] | None:
        """The departments this person is staff of in ``city``: ``None`` means the whole
        city (admins, and staff granted without a department); an empty set, not staff."""
        if self.is_admin:
            return None
        city_id = city.id if isinstance(city, City) else city
        grants = [g for g in self.roles if g.role is Role.STAFF and g.city_id == city_id]
        if any(not g.department for g in grants):
            return None
        return {g.department for g in grants}

    def is_facilitator_of(self, city: City | int | None) -> bool:
        """Holds the facilitator role in ``city`` (admins included)."""
        return self.is_admin or self.has_role(Role.FACILITATOR, city)

    def is_evaluator_of(self, city: City | int | None) -> bool:
        """Holds the evaluator role in ``city``."""
        return self.has_role(Role.EVALUATOR, city)

    def runs_activities_in(self, city: City | int | None) -> bool:
        """Staff or facilitator of ``city``: they schedule workshops, open tracks, book spaces."""
        return self.is_staff_of(city) or self.is_facilitator_of(city)

    @property
    def reads_programme(self) -> bool:
        """The managing authority and admins read every city."""
        return self.is_admin or self.is_authority

    def is_self(self, user_id: int | None) -> bool:
        """This person is the one with ``user_id`` (authors, owners)."""
        return user_id is not None and self.id == user_id

    def cities_with(self, role: Role) -> set[int]:
        return {g.city_id for g in self.roles if g.role is role and g.city_id is not None}

    @property
    def display_name(self) -> str:
        """The name shown next to contributions; a deleted account's are anonymous."""
        if self.deleted_at is None:
            return self.name
        from flask_babel import gettext

        return gettext("Removed account")

    def __repr__(self) -> str:
        return f"<User {self.id}>"


class RoleGrant(db.Model):
    """A role held by a person: per city (staff, evaluator, facilitator) or global."""

    __tablename__ = "role_grant"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "role", "city_id", name="uq_role_grant_user_role_city"),
        sa.CheckConstraint(
            "(role IN ('authority', 'admin') AND city_id IS NULL) OR "
            "(role IN ('staff', 'evaluator', 'facilitator') AND city_id IS NOT NULL)",
            name="city_matches_role",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(enum_column(Role))
    city_id: Mapped[int | None] = mapped_column(sa.ForeignKey("city.id"), index=True)
    #: Staff only: the department (settore) the person works in; empty = the whole city.
    #: Staff of a department edit the calls their department owns or co-owns.
    department: Mapped[str] = mapped_column(sa.String(120), default="", server_default="")
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    granted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))

    user: Mapped[User] = relationship(back_populates="roles", foreign_keys=[user_id])
    city: Mapped[City | None] = relationship()


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(db.Model):
    """A personal API token: shown once, stored as a SHA-256 hash, revocable."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    prefix: Mapped[str] = mapped_column(sa.String(12))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    @staticmethod
    def new_secret() -> str:
        return "cnt_" + secrets.token_urlsafe(32)


class Anonymous(AnonymousUserMixin):
    """``current_user`` for visitors: every role helper answers False, so that
    ``obj.can_<verb>(current_user)`` needs no signed-in check of its own."""

    id = None
    roles: list = []
    is_admin = False
    is_authority = False
    reads_programme = False

    def has_role(self, role, city=None) -> bool:
        return False

    def is_staff_of(self, city) -> bool:
        return False

    def departments_in(self, city) -> set[str]:
        return set()

    def is_facilitator_of(self, city) -> bool:
        return False

    def is_evaluator_of(self, city) -> bool:
        return False

    def runs_activities_in(self, city) -> bool:
        return False

    def cities_with(self, role) -> set[int]:
        return set()

    def is_self(self, user_id) -> bool:
        return False
