"""``/api/v1/workshops``: co-design workshops with agenda and counts, scheduling, and
registration (``shared/API.md``)."""

from __future__ import annotations

import marshmallow as ma
from flask import url_for
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import fields, validate

from app.api import RESOURCES, lineage
from app.api.body import city_from
from app.api.schemas import SIGNED_IN, PageArgsSchema, answers, page_schema, paginate
from app.errors import NotFound
from app.extensions import db
from app.models.workshop import PhaseKind, RegistrationStatus, Workshop, WorkshopMode, WorkshopStatus
from app.permissions import login_required, object_permission, public
from app.workshops import registrations, services
from app.workshops.common import get_row, ideas_produced, places_left, waitlist_position
from app.workshops.outcomes import minutes_of
from app.workshops.schemas import WorkshopCreateInput

blp = Blueprint("api_workshops", __name__, url_prefix="/workshops", description="Co-design workshops")
RESOURCES.append(blp)

MODES = [m.value for m in WorkshopMode]
KINDS = [k.value for k in PhaseKind]
STATUSES = [s.value for s in WorkshopStatus]


class PhaseSchema(ma.Schema):
    class Meta:
        unknown = ma.RAISE

    position = fields.Integer(dump_only=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=80))
    kind = fields.Enum(PhaseKind, by_value=True, required=True)
    minutes = fields.Integer(required=True, validate=validate.Range(min=1, max=480))


class PersonSchema(ma.Schema):
    id = fields.Integer()
    name = fields.Function(lambda u: u.display_name)


def _link(workshop: Workshop) -> str | None:
    """The online room: only for those who may see it (``Workshop.can_see_link``)."""
    if workshop.link and workshop.can_see_link(current_user):
        return workshop.link
    return None


def _my_registration(workshop: Workshop) -> str | None:
    registration = workshop.registration_of(current_user)
    return registration.status.value if registration else None


def _minutes_url(workshop: Workshop) -> str | None:
    """The minutes page, for those who may read it (``Workshop.can_read_minutes``): the
    approved minutes, or the draft for managers once the workshop is closed."""
    minutes = minutes_of(workshop)
    readable = (minutes is not None and minutes.approved) or workshop.status is WorkshopStatus.CLOSED
    if not readable or not workshop.can_read_minutes(current_user):
        return None
    return url_for("workshops.minutes", workshop_id=workshop.id, _external=True)


class WorkshopSchema(ma.Schema):
    id = fields.Integer()
    city = fields.Function(lambda w: w.city.slug, metadata={"description": "city slug"})
    title = fields.String()
    goal = fields.String()
    area = fields.Integer(attribute="area_id", allow_none=True)
    need_ids = fields.Function(lambda w: [n.id for n in w.needs])
    idea_ids = fields.Function(lambda w: [i.id for i in w.ideas])
    mode = fields.Function(lambda w: w.mode.value, metadata={"enum": MODES})
    place = fields.String()
    link = fields.Function(_link, allow_none=True, metadata={"description": "shown to participants only"})
    space = fields.Integer(attribute="space_id", allow_none=True)
    starts_at = fields.DateTime()
    ends_at = fields.DateTime()
    capacity = fields.Integer()
    public = fields.Boolean()
    vote_budget = fields.Integer()
    status = fields.Function(lambda w: w.status.value, metadata={"enum": STATUSES})
    agenda = fields.List(fields.Nested(PhaseSchema))
    registered = fields.Integer(attribute="registered_count")
    waitlisted = fields.Integer(attribute="waitlist_count")
    places_left = fields.Function(places_left)
    facilitators = fields.Function(
        lambda w: PersonSchema(many=True).dump([w.created_by, *w.facilitators]),
        metadata={"description": "the creator first, then the co-facilitators"},
    )
    my_registration = fields.Function(
        _my_registration, allow_none=True, metadata={"enum": [s.value for s in RegistrationStatus]}
    )
    ideas_produced = fields.Function(lambda w: [i.id for i in ideas_produced(w)])
    minutes_url = fields.Function(_minutes_url, allow_none=True)
    url = fields.Function(lambda w: url_for("workshops.detail", workshop_id=w.id, _external=True))


WorkshopPage = page_schema(WorkshopSchema, "WorkshopPage")


class WorkshopListArgs(PageArgsSchema):
    city = fields.String(metadata={"description": "city slug"})
    status = fields.String(validate=validate.OneOf(STATUSES))


class RegistrationSchema(ma.Schema):
    status = fields.String(metadata={"enum": ["registered", "waitlisted", "invited", "cancelled"]})
    workshop_id = fields.Integer()
    waitlist_position = fields.Integer(allow_none=True)
    places_left = fields.Integer()
    url = fields.String()


def _visible(workshop_id: int) -> Workshop:
    workshop = get_row(Workshop, workshop_id)
    if workshop is None or not workshop.can_view(current_user):
        raise NotFound()
    return workshop


@blp.route("", methods=["GET"])
@answers(blp, WorkshopPage, query=WorkshopListArgs)
@public
def list_workshops(args):
    """Workshops, latest start first; filter by city and status. Invite-only workshops are
    listed only to the people who may see them."""
    city = city_from(args["city"]) if args.get("city") else None
    query = services.visible_workshops(current_user, city)
    if args.get("status"):
        query = query.where(Workshop.status == WorkshopStatus(args["status"]))
    return paginate(query.order_by(Workshop.starts_at.desc(), Workshop.id.desc()), args)


@blp.route("/<int:workshop_id>", methods=["GET"])
@answers(blp, WorkshopSchema, 404)
@public
def get_workshop(workshop_id):
    """One workshop with its agenda and counts."""
    return _visible(workshop_id)


@blp.route("", methods=["POST"])
@object_permission("facilitators and staff of the city")  # outermost: sign-in before the body
@answers(blp, WorkshopSchema, 401, 403, 422, status=201, body=WorkshopCreateInput, signed_in=True)
def create_workshop(data):
    """Schedule a workshop (facilitators and staff of the city)."""
    data = dict(data)
    city = city_from(data.pop("city", None))
    return services.create_workshop(current_user, data, city=city)


def _registration_answer(workshop: Workshop, registration) -> dict:
    db.session.refresh(workshop)
    return {
        "status": registration.status.value if registration else "cancelled",
        "workshop_id": workshop.id,
        "waitlist_position": waitlist_position(registration) if registration else None,
        "places_left": places_left(workshop),
        "url": url_for("workshops.detail", workshop_id=workshop.id, _external=True),
    }


def _registration_endpoint(method: str):
    """Route, documentation and sign-in of the two registration endpoints (same answers)."""

    def decorate(view):
        view = login_required(view)
        view = blp.doc(security=SIGNED_IN)(view)
        view = answers(blp, RegistrationSchema, 401, 404, 409)(view)
        return blp.route("/<int:workshop_id>/registration", methods=[method])(view)

    return decorate


@_registration_endpoint("POST")
def register(workshop_id):
    """Register (or accept an invitation): ``registered``, or ``waitlisted`` when full.
    Registering again changes nothing."""
    workshop = _visible(workshop_id)
    return _registration_answer(workshop, registrations.register_for_workshop(current_user, workshop))


@_registration_endpoint("DELETE")
def cancel_registration(workshop_id):
    """Cancel a registration (or a place on the waitlist, or an invitation): ``cancelled``.
    The first person on the waitlist takes the place freed."""
    workshop = _visible(workshop_id)
    return _registration_answer(workshop, registrations.cancel_registration(current_user, workshop))


def _lineage_workshops(need) -> list[dict]:
    """The ``workshops`` of ``GET /api/v1/needs/{id}/lineage``: those that worked on the need
    and that the caller may see."""
    return services.workshops_for_need(need, current_user)


lineage.SECTIONS["workshops"] = _lineage_workshops
