"""Cities: every object in Cantiere belongs to one."""

from __future__ import annotations

import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.base import enum_column


class CityKind(enum.Enum):
    METROPOLITAN = "metropolitan"
    MEDIUM = "medium"


class City(db.Model):
    __tablename__ = "city"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    slug: Mapped[str] = mapped_column(sa.String(60), unique=True)
    region: Mapped[str] = mapped_column(sa.String(60))
    kind: Mapped[CityKind] = mapped_column(enum_column(CityKind))
    lat: Mapped[float] = mapped_column(sa.Float, default=41.9)
    lng: Mapped[float] = mapped_column(sa.Float, default=12.5)
    zoom: Mapped[int] = mapped_column(sa.Integer, default=12)
    #: Residents (ISTAT), for participation per 1 000 residents on the dashboards; None: unknown.
    population: Mapped[int | None] = mapped_column(sa.Integer)

    def can_manage_areas(self, user) -> bool:
        """Staff of the city (and administrators) draw, edit and remove its target areas."""
        return user.is_staff_of(self)

    def __repr__(self) -> str:
        return f"<City {self.slug}>"
