"""Target areas (aree target) of a city, with indicators and a funding intensity."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, utcnow
from app.models.city import City


class Area(db.Model):
    __tablename__ = "area"
    __table_args__ = (
        sa.UniqueConstraint("city_id", "slug", name="uq_area_city_slug"),
        sa.CheckConstraint("funding_intensity >= 0 AND funding_intensity <= 100", name="intensity_percent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    city_id: Mapped[int] = mapped_column(sa.ForeignKey("city.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    slug: Mapped[str] = mapped_column(sa.String(80))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    #: GeoJSON geometry (Polygon or MultiPolygon, WGS84), validated by the service.
    geometry: Mapped[dict] = mapped_column(sa.JSON)
    # Bounding box of the geometry, for quick candidate filtering before point-in-polygon.
    min_lat: Mapped[float] = mapped_column(sa.Float)
    min_lng: Mapped[float] = mapped_column(sa.Float)
    max_lat: Mapped[float] = mapped_column(sa.Float)
    max_lng: Mapped[float] = mapped_column(sa.Float)
    #: Maximum grant share of eligible cost in this area, in percent (e.g. 100, 80).
    funding_intensity: Mapped[Decimal] = mapped_column(sa.Numeric(5, 2), default=Decimal("100"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    #: Residents of the area, for participation per 1 000 residents on the dashboards; None: unknown.
    population: Mapped[int | None] = mapped_column(sa.Integer)

    city: Mapped[City] = relationship()
    indicators: Mapped[list[AreaIndicator]] = relationship(
        back_populates="area", cascade="all, delete-orphan", order_by="AreaIndicator.position"
    )

    def can_manage(self, user) -> bool:
        """Staff of the area's city (and administrators) edit and remove it."""
        return self.city.can_manage_areas(user)


class AreaIndicator(db.Model):
    __tablename__ = "area_indicator"

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(sa.ForeignKey("area.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(sa.Integer, default=0)
    name: Mapped[str] = mapped_column(sa.String(120))  # e.g. "Tasso di disoccupazione"
    value: Mapped[Decimal] = mapped_column(sa.Numeric(14, 3))
    unit: Mapped[str] = mapped_column(sa.String(20), default="")  # e.g. "%"
    year: Mapped[int | None] = mapped_column(sa.Integer)
    source: Mapped[str] = mapped_column(sa.String(200), default="")  # e.g. "ISTAT, Censimento 2021"

    area: Mapped[Area] = relationship(back_populates="indicators")
