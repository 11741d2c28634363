"""Application drafts: the only place that writes them. A member of an organisation starts
a draft on an open competitive or rolling call; the applicants (members of the applying
organisation and of accepted co-applicants) save it as they type, each save naming the
``revision`` it was made on (an older one is refused with the current application, never
overwritten); invited partners' owners accept or decline in the platform."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from app import audit
from app.applications.budget import budget_lines
from app.applications.queries import accepts_applications, application_json
from app.applications.schemas import DraftInput, PartnerAnswerInput, StartInput
from app.calls.services import _save
from app.errors import Conflict, InvalidInput, PermissionDenied
from app.extensions import db
from app.ideas.links import path_for
from app.models import Area, Idea, Need, Organisation
from app.models.application import (
    Application,
    ApplicationIndicator,
    ApplicationPartner,
    PartnerAnswer,
)
from app.models.base import utcnow
from app.models.call import Call, CallKind
from app.organisations.services import notify_owners
from app.schemas import load


def _url(application: Application) -> str:
    return path_for("applications.edit", application_id=application.id)


def _links(call: Call, data: dict) -> dict:
    """The area, ideas and needs a draft names must be of the call's city (the area one of
    the call's eligible areas when it lists some)."""
    errors: dict[str, list[str]] = {}
    found: dict = {}
    if data.get("area") is not None:
        area = db.session.get(Area, data["area"])
        eligible = {a.area_id for a in call.areas}
        if area is None or area.city_id != call.city_id or (eligible and area.id not in eligible):
            errors["area"] = [_("Choose one of the call's areas.")]
        found["area"] = area
    for key, model in (("idea_ids", Idea), ("need_ids", Need)):
        if key not in data:
            continue
        ids = sorted(set(data[key]))
        rows = list(db.session.scalars(sa.select(model).where(model.id.in_(ids)))) if ids else []
        if len(rows) < len(ids) or any(r.city_id != call.city_id for r in rows):
            errors[key] = [_("Choose ideas of this city.") if model is Idea else _("Choose needs of this city.")]
        found[key] = rows
    if errors:
        raise InvalidInput(errors)
    return found


def start_application(actor, call: Call, data: dict) -> Application:
    """A member of the applying organisation starts a draft on an open competitive or
    rolling call; the call's indicators are listed for the applicant to set targets."""
    if not call.can_view(actor):
        raise PermissionDenied()
    fields = load(StartInput, data)
    organisation = db.session.get(Organisation, fields["organization"])
    if organisation is None or organisation.membership_of(actor) is None:
        raise InvalidInput({"organization": [_("Choose an organisation you are a member of.")]})
    if call.kind not in (CallKind.COMPETITIVE, CallKind.ROLLING):
        raise Conflict(_("This call does not take applications: take part through its own page."))
    if not accepts_applications(call):
        raise Conflict(_("The call is not open for applications."))
    links = _links(call, fields)

    def write():
        application = Application(
            call=call,
            organisation=organisation,
            created_by_id=actor.id,
            title=fields["title"],
            summary=fields["summary"],
            area=links.get("area"),
            duration_months=fields["duration_months"],
            ideas=links.get("idea_ids", []),
            needs=links.get("need_ids", []),
            declarations={},
            call_version=call.version,
            revision=1,
        )
        application.indicators = [
            ApplicationIndicator(code=i.code, name=i.name, unit=i.unit, target=0) for i in call.indicators
        ]
        db.session.add(application)
        audit.record(actor, "application.start", application, city=call.city_id, call=call.id)
        return application

    return _save(write)


def _claim_revision(application: Application, revision: int | None) -> None:
    """Take the next revision atomically: a save naming an older one is a ``Conflict``
    carrying the current application (the conditional UPDATE also serialises two saves
    racing on the same revision, on PostgreSQL as on SQLite)."""
    seen = application.revision if revision is None else revision
    claimed = db.session.execute(
        sa.update(Application)
        .where(Application.id == application.id, Application.revision == seen)
        .values(revision=Application.revision + 1, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    if not claimed:
        db.session.rollback()
        db.session.refresh(application)
        raise Conflict(current=application_json(application))
    db.session.refresh(application, ["revision", "updated_at"])


def _indicators(application: Application, rows: list[dict]) -> dict[str, list[str]]:
    """The indicators of ``rows`` by code; the call's own keep their name and unit and are
    never dropped (a required one left out stays, its target to fill)."""
    required = {i.code: i for i in application.call.indicators}
    current = {i.code: i for i in application.indicators}
    errors: dict[str, list[str]] = {}
    kept: list[ApplicationIndicator] = []
    seen: set[str] = set()
    for index, row in enumerate(rows):
        code = row["code"]
        if code in seen:
            errors[f"indicators.{index}.code"] = [_("Each indicator can be listed once.")]
            continue
        seen.add(code)
        indicator = current.get(code) or ApplicationIndicator(code=code)
        if code in required:
            indicator.name, indicator.unit = required[code].name, required[code].unit
        elif not row["name"]:
            errors[f"indicators.{index}.name"] = [_("Name the indicator.")]
        else:
            indicator.name, indicator.unit = row["name"], row["unit"]
        indicator.baseline = row["baseline"]
        indicator.target = row["target"] if row["target"] is not None else 0
        kept.append(indicator)
    for code, call_indicator in required.items():
        if code not in seen:
            kept.append(
                current.get(code)
                or ApplicationIndicator(code=code, name=call_indicator.name, unit=call_indicator.unit, target=0)
            )
    application.indicators = kept
    return errors


def _partners(actor, application: Application, rows: list[dict]) -> tuple[dict, list[ApplicationPartner]]:
    """The partnership of ``rows``: those already in keep their answer, the new ones are
    invited (returned, to notify their owners once saved)."""
    call, errors = application.call, {}
    current = {p.organisation_id: p for p in application.partners}
    kept, invited, seen = [], [], set()
    for index, row in enumerate(rows):
        org = db.session.get(Organisation, row["organization"])
        if org is None or org.city_id != call.city_id or org.id == application.organisation_id or org.id in seen:
            errors[f"partners.{index}.organization"] = [_("Choose another organisation of the city, once.")]
            continue
        seen.add(org.id)
        partner = current.get(org.id)
        if partner is None:
            partner = ApplicationPartner(organisation=org, invited_by_id=actor.id, status=PartnerAnswer.INVITED)
            invited.append(partner)
        partner.role = row["role"]
        partner.contribution_kind = row["contribution_kind"]
        partner.contribution_value = row["contribution_value"]
        partner.contribution_note = row["contribution_note"]
        kept.append(partner)
    application.partners = kept
    return errors, invited


def _apply(actor, application: Application, fields: dict) -> list[ApplicationPartner]:
    errors: dict[str, list[str]] = {}
    links = _links(application.call, fields)
    for key in ("title", "summary", "duration_months", "requested_grant", "cofinancing"):
        if key in fields:
            setattr(application, key, fields[key])
    if "area" in fields:
        application.area = links.get("area")
    if "idea_ids" in fields:
        application.ideas = links["idea_ids"]
    if "need_ids" in fields:
        application.needs = links["need_ids"]
    if "declarations" in fields:
        application.declarations = {**(application.declarations or {}), **fields["declarations"]}
    invited: list[ApplicationPartner] = []
    if "partners" in fields:
        partner_errors, invited = _partners(actor, application, fields["partners"])
        errors.update(partner_errors)
    if "budget_lines" in fields:
        lines, line_errors = budget_lines(application.call, fields["budget_lines"])
        errors.update(line_errors)
        application.budget_lines = lines
    if "indicators" in fields:
        errors.update(_indicators(application, fields["indicators"]))
    if errors:
        raise InvalidInput(errors)
    return invited


def update_application(actor, application: Application, data: dict) -> Application:
    """Save part of a draft (``shared/API.md``'s PATCH). Only drafts change; each save is
    the next ``revision``; a save on an older revision changes nothing (409)."""
    if not application.is_applicant(actor):
        raise PermissionDenied()
    if not application.is_draft:
        raise Conflict(_("The application is submitted: it can no longer be changed."))
    loaded = load(DraftInput, data)
    fields = {k: v for k, v in loaded.items() if k in data and k != "revision"}

    def write():
        _claim_revision(application, loaded["revision"])
        invited = _apply(actor, application, fields)
        db.session.flush()
        for partner in invited:
            audit.record(
                actor,
                "application.partner_invite",
                application,
                city=application.call.city_id,
                organisation=partner.organisation_id,
            )
            notify_owners(
                partner.organisation,
                actor,
                "application.partner_invited",
                path_for("applications.mine"),
                organisation=application.organisation.name,
                title=application.title,
            )
        return application

    return _save(write)


def answer_partner(actor, partner: ApplicationPartner, data: dict) -> ApplicationPartner:
    """The invited organisation's owners accept or decline; the applicant's owners are told."""
    if not partner.organisation.can_act_for(actor):
        raise PermissionDenied()
    if partner.status is not PartnerAnswer.INVITED or not partner.application.is_draft:
        raise Conflict(_("This invitation has already been answered."))
    fields = load(PartnerAnswerInput, data)
    application = partner.application

    def write():
        partner.status = PartnerAnswer.ACCEPTED if fields["accept"] else PartnerAnswer.DECLINED
        partner.responded_at = utcnow()
        # No new revision: a save from an open form keeps each partner's answer (``_partners``),
        # so the applicant typing meanwhile is not stopped by a conflict.
        audit.record(
            actor,
            "application.partner_answer",
            application,
            city=application.call.city_id,
            organisation=partner.organisation_id,
            accepted=fields["accept"],
        )
        kind = "application.partner_accepted" if fields["accept"] else "application.partner_declined"
        notify_owners(
            application.organisation,
            actor,
            kind,
            _url(application),
            organisation=partner.organisation.name,
            title=application.title,
        )
        return partner

    return _save(write)
