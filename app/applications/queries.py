"""Reading applications: one by id for whoever may read it, the drafts and applications of
the organisations a person belongs to, and the application as the API answers it (the
same dictionary the form page hands its script, so both speak one shape)."""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa
from flask import url_for
from flask_login import current_user

from app.errors import NotFound
from app.extensions import db
from app.models import Membership, MemberStatus, Organisation
from app.models.application import Application, ApplicationPartner, PartnerAnswer, application_idea, application_need
from app.models.call import Call, CallKind, CallStatus
from app.models.organisation import MemberRole, Partner, Partnership, PartnerStatus
from app.models.ranking import RankingEdition
from app.permissions import require

#: The kinds of call one applies to with an application (co-design and ideas have their own flows).
APPLICATION_KINDS = (CallKind.COMPETITIVE, CallKind.ROLLING)


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def application_or_404(application_id: int) -> Application:
    application = db.session.get(Application, application_id)
    if application is None:
        raise NotFound()
    return application


def readable(application_id: int) -> Application:
    """The application, if the current person may read it (403 otherwise, 404 if none)."""
    application = application_or_404(application_id)
    require(application.can_view(current_user))
    return application


def part_of(application: Application, model, part_id: int):
    """A partner or an attachment of ``application`` by its id (404 if it is another's)."""
    part = db.session.get(model, part_id)
    if part is None or part.application_id != application.id:
        raise NotFound()
    return part


def partner_or_404(application: Application, partner_id: int) -> ApplicationPartner:
    return part_of(application, ApplicationPartner, partner_id)


def member_organisations(user) -> list[Organisation]:
    """The organisations ``user`` is an active member of, by name."""
    if not user.is_authenticated:
        return []
    return list(
        db.session.scalars(
            sa.select(Organisation)
            .join(Membership, Membership.organisation_id == Organisation.id)
            .where(Membership.user_id == user.id, Membership.status == MemberStatus.ACTIVE)
            .order_by(Organisation.name)
        )
    )


def accepts_applications(call: Call) -> bool:
    return call.kind in APPLICATION_KINDS and call.status is CallStatus.OPEN


def applications_of(user) -> list[Application]:
    """The applications of the organisations ``user`` belongs to, and those where one of them
    is a partner (invited, accepted or declined), newest first."""
    orgs = [o.id for o in member_organisations(user)]
    if not orgs:
        return []
    partner_of = sa.select(ApplicationPartner.application_id).where(ApplicationPartner.organisation_id.in_(orgs))
    return list(
        db.session.scalars(
            sa.select(Application)
            .where(sa.or_(Application.organisation_id.in_(orgs), Application.id.in_(partner_of)))
            .order_by(Application.updated_at.desc(), Application.id.desc())
        )
    )


def invitations_for(user) -> list[ApplicationPartner]:
    """Partner invitations ``user`` may answer (as an owner of the invited organisation)."""
    owned = sa.select(Membership.organisation_id).where(
        Membership.user_id == user.id, Membership.role == MemberRole.OWNER, Membership.status == MemberStatus.ACTIVE
    )
    return list(
        db.session.scalars(
            sa.select(ApplicationPartner)
            .where(ApplicationPartner.organisation_id.in_(owned), ApplicationPartner.status == PartnerAnswer.INVITED)
            .order_by(ApplicationPartner.id)
        )
    )


def partner_choices(application: Application) -> list[Organisation]:
    """Organisations the applicant may invite: first those of its partnerships (as lead or
    accepted partner), then every other organisation of the call's city."""
    lead = application.organisation
    in_partnerships = (
        sa.select(Partner.organisation_id)
        .join(Partnership)
        .where(
            sa.or_(Partnership.lead_id == lead.id, Partner.organisation_id == lead.id),
            Partner.status == PartnerStatus.ACCEPTED,
        )
    )
    leads = (
        sa.select(Partnership.lead_id)
        .join(Partner)
        .where(Partner.organisation_id == lead.id, Partner.status == PartnerStatus.ACCEPTED)
    )
    known = set(db.session.scalars(in_partnerships)) | set(db.session.scalars(leads))
    others = db.session.scalars(
        sa.select(Organisation).where(Organisation.city_id == application.call.city_id, Organisation.id != lead.id)
    )
    return sorted(others, key=lambda o: (o.id not in known, o.name.lower()))


def partner_json(p: ApplicationPartner) -> dict:
    return {
        "id": p.id,
        "organization": p.organisation_id,
        "name": p.organisation.name,
        "role": p.role.value,
        "status": p.status.value,
        "contribution_kind": p.contribution_kind.value if p.contribution_kind else None,
        "contribution_value": _money(p.contribution_value),
        "contribution_note": p.contribution_note,
        "responded_at": p.responded_at.isoformat() if p.responded_at else None,
    }


def _line_json(line) -> dict:
    return {
        "id": line.id,
        "category": line.category.value,
        "fund": line.fund.value,
        "description": line.description,
        "amount": _money(line.amount),
        "unit_cost": line.unit_cost_id,
        "quantity": _money(line.quantity),
        "computed": line.computed,
    }


def attachment_json(a) -> dict:
    return {
        "id": a.id,
        "title": a.title,
        "requirement": a.requirement_id,
        "name": a.file.name,
        "size": a.file.size,
        "created_at": a.created_at.isoformat() if a.created_at else None,
        "url": url_for("applications.attachment", application_id=a.application_id, attachment_id=a.id),
    }


def application_json(a: Application) -> dict:
    """The application as ``GET /api/v1/applications/{id}`` answers it."""
    return {
        "id": a.id,
        "call": a.call_id,
        "organization": a.organisation_id,
        "organization_name": a.organisation.name,
        "status": a.status.value,
        "title": a.title,
        "summary": a.summary,
        "area": a.area_id,
        "duration_months": a.duration_months,
        "idea_ids": [i.id for i in a.ideas],
        "need_ids": [n.id for n in a.needs],
        "requested_grant": _money(a.requested_grant),
        "cofinancing": _money(a.cofinancing),
        "declarations": dict(a.declarations or {}),
        "call_version": a.call_version,
        "revision": a.revision,
        "protocol": a.protocol,
        "submitted_at": a.submitted_at.isoformat() if a.submitted_at else None,
        "updated_at": a.updated_at.isoformat() if a.updated_at else None,
        "partners": [partner_json(p) for p in a.partners],
        "budget_lines": [_line_json(line) for line in a.budget_lines],
        "total_cost": _money(sum((line.amount for line in a.budget_lines), Decimal("0"))),
        "indicators": [
            {"code": i.code, "name": i.name, "unit": i.unit, "baseline": _money(i.baseline), "target": _money(i.target)}
            for i in a.indicators
        ],
        "attachments": [attachment_json(x) for x in a.attachments],
    }


# --- lineage (app/lineage): which applications a need, an idea or a call led to ------------


def applications_naming(*, need_ids=(), idea_ids=(), call_ids=()) -> list[Application]:
    """Applications that name one of the needs or ideas, or are made to one of the calls
    (every status: :func:`shown_in_lineage` says which a reader may see), oldest first."""
    conditions = []
    if need_ids:
        conditions.append(
            Application.id.in_(
                sa.select(application_need.c.application_id).where(application_need.c.need_id.in_(need_ids))
            )
        )
    if idea_ids:
        conditions.append(
            Application.id.in_(
                sa.select(application_idea.c.application_id).where(application_idea.c.idea_id.in_(idea_ids))
            )
        )
    if call_ids:
        conditions.append(Application.call_id.in_(call_ids))
    if not conditions:
        return []
    return list(db.session.scalars(sa.select(Application).where(sa.or_(*conditions)).order_by(Application.id)))


def shown_in_lineage(applications: list[Application], user) -> list[Application]:
    """The applications of a lineage ``user`` may see. Who may read an application
    (its applicants, the city's staff once submitted, its evaluators: ``can_view``) sees it;
    anyone else sees only what the platform already makes public, title and status: an
    application listed in a published ranking of its call, or a funded one (its project is a
    public act). Someone else's draft never shows, nor a submitted application of a call
    whose ranking is not published."""
    if not applications:
        return []
    ranked: set[int] = set()
    call_ids = sorted({a.call_id for a in applications})
    for entries in db.session.scalars(sa.select(RankingEdition.entries).where(RankingEdition.call_id.in_(call_ids))):
        ranked |= {entry.get("application") for entry in entries or []}
    return [a for a in applications if a.can_view(user) or (not a.is_draft and (a.is_funded or a.id in ranked))]
