"""What the pages of organisations read: the directory, "my" organisations and invitations,
partnerships, and the organisations one could partner with. Nothing here writes."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import sqlalchemy as sa
from flask import abort
from sqlalchemy.orm import aliased, selectinload

from app.extensions import db
from app.models import (
    Area,
    Idea,
    LegalForm,
    MemberRole,
    Membership,
    MemberStatus,
    Organisation,
    Partner,
    PartnerRole,
    Partnership,
    PartnerStatus,
)
from app.models.organisation import THIRD_SECTOR_FORMS, THIRD_SECTOR_IF_RUNTS, organisation_area
from app.organisations import labels

Q_MAX = 100
ID_MAX = 2**31 - 1  # ids are 32-bit integers on PostgreSQL; larger numbers name nothing


def get(model, ident):
    """``db.session.get`` that answers None for ids no row can have (instead of an overflow)."""
    if not isinstance(ident, int) or not 0 < ident <= ID_MAX:
        return None
    return db.session.get(model, ident)


def get_or_404(model, ident):
    found = get(model, ident)
    if found is None:
        abort(404)
    return found


def third_sector_clause():
    """SQL for ``Organisation.third_sector`` (legal form, or association/foundation in RUNTS)."""
    return sa.or_(
        Organisation.legal_form.in_(THIRD_SECTOR_FORMS),
        sa.and_(
            Organisation.legal_form.in_(THIRD_SECTOR_IF_RUNTS),
            Organisation.runts_number.is_not(None),
            Organisation.runts_number != "",
        ),
    )


def _like(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@dataclass
class Filters:
    """Directory filters, read leniently from a query string (unknown values are ignored)."""

    city_id: int | None = None
    form: LegalForm | None = None
    area_id: int | None = None
    field: str | None = None
    verified: bool | None = None
    third_sector: bool | None = None
    q: str = ""
    exclude_ids: set[int] = dataclasses.field(default_factory=set)

    @classmethod
    def from_args(cls, args, city_id: int | None) -> Filters:
        try:
            form = LegalForm(args.get("form") or "")
        except ValueError:
            form = None
        area = args.get("area") or ""
        field_slug = args.get("field") or ""
        return cls(
            city_id=city_id,
            form=form,
            area_id=int(area) if area.isdigit() and len(area) < 10 else None,
            field=field_slug if field_slug in labels.FIELDS else None,
            verified=_yes_no(args.get("verified")),
            third_sector=_yes_no(args.get("third_sector")),
            q=(args.get("q") or "").strip()[:Q_MAX],
        )

    def as_args(self) -> dict:
        """The filters as query-string values (for pagination links)."""
        values = {
            "form": self.form.value if self.form else None,
            "area": self.area_id,
            "field": self.field,
            "verified": {True: "yes", False: "no"}.get(self.verified),
            "third_sector": {True: "yes", False: "no"}.get(self.third_sector),
            "q": self.q or None,
        }
        return {k: v for k, v in values.items() if v is not None}


def _yes_no(value) -> bool | None:
    return {"yes": True, "1": True, "true": True, "no": False, "0": False, "false": False}.get((value or "").lower())


def organisations_select(filters: Filters):
    """Organisations matching ``filters``, by name."""
    query = sa.select(Organisation)
    if filters.city_id is not None:
        query = query.where(Organisation.city_id == filters.city_id)
    if filters.form is not None:
        query = query.where(Organisation.legal_form == filters.form)
    if filters.area_id is not None:
        query = query.where(
            Organisation.id.in_(
                sa.select(organisation_area.c.organisation_id).where(organisation_area.c.area_id == filters.area_id)
            )
        )
    if filters.field:
        query = query.where(sa.cast(Organisation.fields, sa.Text).like(f'%"{filters.field}"%'))
    if filters.verified is not None:
        query = query.where(Organisation.verified == filters.verified)
    if filters.third_sector is not None:
        clause = third_sector_clause()
        query = query.where(clause if filters.third_sector else sa.not_(clause))
    if filters.q:
        like = _like(filters.q)
        query = query.where(
            sa.or_(
                sa.func.lower(Organisation.name).like(like, escape="\\"),
                sa.func.lower(Organisation.description).like(like, escape="\\"),
            )
        )
    if filters.exclude_ids:
        query = query.where(Organisation.id.not_in(filters.exclude_ids))
    return query.options(selectinload(Organisation.areas)).order_by(Organisation.name, Organisation.id)


def city_areas(city_id: int | None) -> list[Area]:
    if city_id is None:
        return []
    return db.session.scalars(sa.select(Area).where(Area.city_id == city_id).order_by(Area.name)).all()


# --- the signed-in person's organisations and invitations ---------------------------------------


def my_memberships(user) -> list[Membership]:
    return db.session.scalars(
        sa.select(Membership)
        .join(Organisation)
        .where(Membership.user_id == user.id, Membership.status == MemberStatus.ACTIVE)
        .options(selectinload(Membership.organisation))
        .order_by(Organisation.name)
    ).all()


def my_organisation_ids(user) -> set[int]:
    return set(
        db.session.scalars(
            sa.select(Membership.organisation_id).where(
                Membership.user_id == user.id, Membership.status == MemberStatus.ACTIVE
            )
        )
    )


def owned_organisations(user, city_id: int | None = None) -> list[Organisation]:
    if not getattr(user, "is_authenticated", False):
        return []
    query = (
        sa.select(Organisation)
        .join(Membership)
        .where(
            Membership.user_id == user.id,
            Membership.status == MemberStatus.ACTIVE,
            Membership.role == MemberRole.OWNER,
        )
        .order_by(Organisation.name)
    )
    if city_id is not None:
        query = query.where(Organisation.city_id == city_id)
    return db.session.scalars(query).all()


def member_invitations(user) -> list[Membership]:
    """Invitations to join an organisation, addressed to the person's email."""
    email = (user.email or "").strip().lower()
    return db.session.scalars(
        sa.select(Membership)
        .where(Membership.invited_email == email, Membership.status == MemberStatus.INVITED)
        .options(selectinload(Membership.organisation))
        .order_by(Membership.created_at.desc())
    ).all()


def partner_invitations(user) -> list[Partner]:
    """Invitations to partnerships awaiting an answer from organisations the person owns."""
    owned = [o.id for o in owned_organisations(user)]
    if not owned:
        return []
    return db.session.scalars(
        sa.select(Partner)
        .where(Partner.organisation_id.in_(owned), Partner.status == PartnerStatus.INVITED)
        .options(selectinload(Partner.partnership).selectinload(Partnership.idea))
        .order_by(Partner.created_at.desc())
    ).all()


def led_partnerships(user) -> list[Partnership]:
    """Partnerships led by organisations the person owns (to invite found partners into)."""
    owned = [o.id for o in owned_organisations(user)]
    if not owned:
        return []
    return db.session.scalars(
        sa.select(Partnership)
        .where(Partnership.lead_id.in_(owned))
        .options(selectinload(Partnership.idea), selectinload(Partnership.lead))
        .order_by(Partnership.created_at.desc())
    ).all()


# --- partnerships ------------------------------------------------------------------------------


def partnership_of_idea(idea_id: int) -> Partnership | None:
    return db.session.scalar(
        sa.select(Partnership)
        .where(Partnership.idea_id == idea_id)
        .options(selectinload(Partnership.partners).selectinload(Partner.organisation))
    )


def visible_partners(partnership: Partnership, show_all: bool) -> list[Partner]:
    """Lead first, then by role and name; declined and withdrawn only for the lead's owners."""
    shown = (PartnerStatus.ACCEPTED, PartnerStatus.INVITED)
    order = {PartnerRole.LEAD: 0, PartnerRole.CO_APPLICANT: 1, PartnerRole.SUPPORTER: 2}
    partners = [p for p in partnership.partners if show_all or p.status in shown]
    return sorted(partners, key=lambda p: (order[p.role], p.organisation.name.lower()))


def organisation_partnerships(organisation: Organisation) -> list[tuple[Partnership, Partner]]:
    """Partnerships the organisation leads or has joined (accepted), newest first."""
    rows = db.session.execute(
        sa.select(Partnership, Partner)
        .join(Partner, Partner.partnership_id == Partnership.id)
        .join(Idea, Idea.id == Partnership.idea_id)
        .where(
            Partner.organisation_id == organisation.id,
            Partner.status == PartnerStatus.ACCEPTED,
            Idea.hidden.is_(False),
        )
        .options(selectinload(Partnership.idea), selectinload(Partnership.lead))
        .order_by(Partnership.created_at.desc())
    ).all()
    return [(row[0], row[1]) for row in rows]


def candidate_partners(partnership: Partnership, q: str = "", include_id: int | None = None, limit: int = 100):
    """Organisations of the partnership's city that may still be invited (not in it, or
    declined/withdrawn), matching ``q``; ``include_id`` is always offered when it qualifies."""
    busy = sa.select(Partner.organisation_id).where(
        Partner.partnership_id == partnership.id,
        Partner.status.in_((PartnerStatus.INVITED, PartnerStatus.ACCEPTED)),
    )
    query = sa.select(Organisation).where(Organisation.city_id == partnership.city_id, Organisation.id.not_in(busy))
    q = (q or "").strip()[:Q_MAX]
    if q:
        like = _like(q)
        clause = sa.or_(
            sa.func.lower(Organisation.name).like(like, escape="\\"), Organisation.tax_code == q.replace(" ", "")
        )
        if include_id:
            clause = sa.or_(clause, Organisation.id == include_id)
        query = query.where(clause)
    found = db.session.scalars(query.order_by(Organisation.name).limit(limit)).all()
    if include_id and all(o.id != include_id for o in found):
        extra = db.session.scalar(query.where(Organisation.id == include_id))
        if extra is not None:
            found = [extra, *found]
    return found


def partnered_with(organisation_ids: set[int]) -> set[int]:
    """Organisations sharing a live partnership (invited or accepted) with any of these."""
    if not organisation_ids:
        return set()
    mine = aliased(Partner)
    theirs = aliased(Partner)
    live = (PartnerStatus.INVITED, PartnerStatus.ACCEPTED)
    return set(
        db.session.scalars(
            sa.select(theirs.organisation_id)
            .join(mine, mine.partnership_id == theirs.partnership_id)
            .where(mine.organisation_id.in_(organisation_ids), mine.status.in_(live), theirs.status.in_(live))
            .distinct()
        )
    )
