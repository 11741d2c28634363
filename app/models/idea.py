"""Ideas (idee progettuali) answering needs: stages, versions, volunteers."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, WriteOnlyMapped, mapped_column, relationship

from app.extensions import db
from app.models.area import Area
from app.models.base import UTCDateTime, enum_column, link_table, utcnow
from app.models.city import City
from app.models.need import ModeratedMixin, Need
from app.models.user import User


class IdeaStage(enum.Enum):
    PROPOSED = "proposed"
    IN_CODESIGN = "in_codesign"
    READY_FOR_CALL = "ready_for_call"
    IN_CALL = "in_call"
    FUNDED = "funded"
    CARRIED_OUT = "carried_out"


idea_need = link_table("idea_need", "idea", "need")


class Idea(ModeratedMixin, db.Model):
    __tablename__ = "idea"
    __table_args__ = (
        sa.Index("ix_idea_city_created", "city_id", "created_at"),
        sa.Index("ix_idea_city_supports", "city_id", "support_count"),
        sa.Index("ix_idea_city_stage", "city_id", "stage"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    city_id: Mapped[int] = mapped_column(sa.ForeignKey("city.id"))
    area_id: Mapped[int | None] = mapped_column(sa.ForeignKey("area.id", ondelete="SET NULL"), index=True)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(140))
    summary: Mapped[str] = mapped_column(sa.String(500))
    body: Mapped[str] = mapped_column(sa.Text)
    body_html: Mapped[str] = mapped_column(sa.Text)
    stage: Mapped[IdeaStage] = mapped_column(enum_column(IdeaStage), default=IdeaStage.PROPOSED)
    #: The workshop whose board produced this idea, if any (lineage).
    workshop_id: Mapped[int | None] = mapped_column(sa.ForeignKey("workshop.id", ondelete="SET NULL"), index=True)
    #: What kind of space the idea needs, and the space it would use, if known.
    space_needed: Mapped[str] = mapped_column(sa.String(300), default="")
    space_id: Mapped[int | None] = mapped_column(sa.ForeignKey("space.id", ondelete="SET NULL"), index=True)
    version: Mapped[int] = mapped_column(sa.Integer, default=1)
    support_count: Mapped[int] = mapped_column(sa.Integer, default=0)
    comment_count: Mapped[int] = mapped_column(sa.Integer, default=0)
    volunteer_count: Mapped[int] = mapped_column(sa.Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    city: Mapped[City] = relationship()
    area: Mapped[Area | None] = relationship()
    author: Mapped[User] = relationship()
    needs: Mapped[list[Need]] = relationship(secondary=idea_need, backref="ideas", order_by="Need.id")
    versions: WriteOnlyMapped[IdeaVersion] = relationship(
        back_populates="idea", cascade="all, delete-orphan", passive_deletes=True
    )

    def can_set_space(self, user) -> bool:
        """The author and staff of the idea's city say which space it needs."""
        return user.is_self(self.author_id) or user.is_staff_of(self.city_id)

    # Who may do what (``user`` may be ``current_user``: a visitor answers False).
    def can_moderate(self, user) -> bool:
        """Staff of the idea's city (admins included): they also see hidden ideas."""
        return user.is_staff_of(self.city_id)

    def can_view(self, user) -> bool:
        """Everyone reads a visible idea; a hidden one only its author and moderators."""
        return not self.hidden or user.is_self(self.author_id) or self.can_moderate(user)

    def can_edit(self, user) -> bool:
        """The author edits the text; admins too, for fixes."""
        return user.is_self(self.author_id) or user.is_admin

    def can_change_stage(self, user) -> bool:
        """Staff and facilitators of the idea's city move it through its stages."""
        return user.runs_activities_in(self.city_id)

    def can_see_volunteers(self, user) -> bool:
        """The author and the people who move the idea see who volunteered, with skills
        and availability; others see only how many."""
        return user.is_self(self.author_id) or self.can_change_stage(user)

    def can_volunteer(self, user) -> bool:
        """Any signed-in person offers help (or follows) while the idea is visible."""
        return user.is_authenticated and not self.hidden


class IdeaVersion(db.Model):
    """The text of an idea as it was before an edit (edits keep a history)."""

    __tablename__ = "idea_version"
    __table_args__ = (sa.UniqueConstraint("idea_id", "number", name="uq_idea_version_idea_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(sa.ForeignKey("idea.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(sa.Integer)
    title: Mapped[str] = mapped_column(sa.String(140))
    summary: Mapped[str] = mapped_column(sa.String(500))
    body: Mapped[str] = mapped_column(sa.Text)
    editor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    idea: Mapped[Idea] = relationship(back_populates="versions")
    editor: Mapped[User | None] = relationship()


class IdeaStageChange(db.Model):
    __tablename__ = "idea_stage_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(sa.ForeignKey("idea.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    from_stage: Mapped[IdeaStage | None] = mapped_column(enum_column(IdeaStage, name="from_stage"))
    to_stage: Mapped[IdeaStage] = mapped_column(enum_column(IdeaStage, name="to_stage"))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    actor: Mapped[User | None] = relationship()


class Volunteer(db.Model):
    """ "I want to help": a person offering skills and time to an idea (withdrawable)."""

    __tablename__ = "volunteer"
    __table_args__ = (sa.UniqueConstraint("idea_id", "user_id", name="uq_volunteer_idea_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(sa.ForeignKey("idea.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), index=True)
    skills: Mapped[str] = mapped_column(sa.String(500), default="")
    availability: Mapped[str] = mapped_column(sa.String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()
