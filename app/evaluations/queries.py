"""Reading evaluations: who evaluates in a city, each evaluator's work, what a viewer may
see of an application's evaluations (an evaluator sees the others' scores only after
submitting their own), disagreements between evaluators, and the JSON the API answers."""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa
from flask import current_app

from app.extensions import db
from app.models import Application, ApplicationStatus, Role, RoleGrant, User
from app.models.call import Call, CallKind, CallStatus
from app.models.evaluation import ACTIVE, Consensus, Evaluation, EvaluationStatus, evident_conflicts

#: When staff assign and evaluators score: competitive calls in evaluation, rolling calls while open.
WINDOWS = {CallKind.COMPETITIVE: (CallStatus.EVALUATION,), CallKind.ROLLING: (CallStatus.OPEN,)}


def in_window(call: Call) -> bool:
    return call.status in WINDOWS.get(call.kind, ())


def evaluators_of(city_id: int) -> list[User]:
    """The active people holding the evaluator role in the city, by name."""
    query = (
        sa.select(User)
        .join(RoleGrant, RoleGrant.user_id == User.id)
        .where(RoleGrant.role == Role.EVALUATOR, RoleGrant.city_id == city_id)
        .order_by(User.name, User.id)
    )
    return [u for u in db.session.scalars(query).unique() if u.is_active]


def staff_of(call: Call) -> list[User]:
    """The staff who may act on the call (told when an evaluator declares a conflict)."""
    query = (
        sa.select(User)
        .join(RoleGrant, RoleGrant.user_id == User.id)
        .where(RoleGrant.role == Role.STAFF, RoleGrant.city_id == call.city_id)
    )
    return [u for u in db.session.scalars(query).unique() if u.is_active and call.can_edit(u)]


#: Applications that were admitted: still to be decided, or decided by the ranking since.
EVALUATED = (
    ApplicationStatus.ADMISSIBLE,
    ApplicationStatus.FUNDED,
    ApplicationStatus.PARTLY_FUNDED,
    ApplicationStatus.RESERVE,
    ApplicationStatus.NOT_FUNDED,
    ApplicationStatus.RENOUNCED,
    ApplicationStatus.REVOKED,
)


def admissible(call: Call, statuses=(ApplicationStatus.ADMISSIBLE,)) -> list[Application]:
    """The call's admissible applications in protocol order (``statuses``: the board also
    lists those the ranking has decided since, with their evaluations)."""
    query = (
        sa.select(Application)
        .where(Application.call_id == call.id, Application.status.in_(statuses))
        .order_by(Application.protocol_number, Application.id)
    )
    return list(db.session.scalars(query))


def loads(call: Call) -> dict[int, int]:
    """Active assignments per evaluator in the call (the load auto-assignment balances)."""
    query = (
        sa.select(Evaluation.evaluator_id, sa.func.count())
        .join(Application, Application.id == Evaluation.application_id)
        .where(Application.call_id == call.id, Evaluation.status.in_(ACTIVE))
        .group_by(Evaluation.evaluator_id)
    )
    return dict(db.session.execute(query).all())


def active_count(application: Application) -> int:
    query = sa.select(sa.func.count()).where(Evaluation.application_id == application.id, Evaluation.status.in_(ACTIVE))
    return db.session.scalar(query) or 0


def work_of(user) -> list[Evaluation]:
    """The evaluator's assignments (those ended by staff left out), newest first."""
    query = (
        sa.select(Evaluation)
        .where(Evaluation.evaluator_id == user.id, Evaluation.status != EvaluationStatus.REPLACED)
        .order_by(Evaluation.assigned_at.desc(), Evaluation.id.desc())
    )
    return list(db.session.scalars(query))


def submitted(application: Application) -> list[Evaluation]:
    return [e for e in application.evaluations if e.status is EvaluationStatus.SUBMITTED]


def latest_consensus(application: Application) -> Consensus | None:
    query = sa.select(Consensus).where(Consensus.application_id == application.id).order_by(Consensus.id.desc())
    return db.session.scalars(query.limit(1)).first()


#: Once the ranking is out, the applicants read the scores and comments of their application.
PUBLISHED = (CallStatus.RANKING_PUBLISHED, CallStatus.AWARDED)


def visible(application: Application, user) -> list[Evaluation]:
    """Staff of the call see every evaluation; an assigned evaluator sees their own and,
    once theirs is submitted, the others' submitted ones; the applicants see the submitted
    ones once the call's ranking is published; nobody else sees any."""
    if application.call.can_edit(user):
        return list(application.evaluations)
    own = next((e for e in application.evaluations if e.is_evaluator(user)), None)
    if own is None:
        if application.call.status in PUBLISHED and application.is_applicant(user):
            return submitted(application)
        return []
    if own.status is not EvaluationStatus.SUBMITTED:
        return [own]
    return [e for e in application.evaluations if e is own or e.status is EvaluationStatus.SUBMITTED]


def disagreement(application: Application) -> dict | None:
    """``{"total": spread or None, "criteria": [names]}`` when the submitted evaluations
    differ by more than ``EVALUATION_DISAGREEMENT_POINTS`` on the total or by more than
    ``EVALUATION_DISAGREEMENT_PCT`` % of a criterion's maximum; ``None`` when they agree."""
    done = submitted(application)
    if len(done) < 2:
        return None
    limit_points = Decimal(str(current_app.config["EVALUATION_DISAGREEMENT_POINTS"]))
    share = Decimal(str(current_app.config["EVALUATION_DISAGREEMENT_PCT"])) / 100
    totals = [e.total for e in done]
    spread = max(totals) - min(totals)
    criteria = []
    for criterion in application.call.criteria:
        points = [s.points for e in done if (s := e.score_for(criterion.id)) is not None]
        if points and max(points) - min(points) > criterion.max_points * share:
            criteria.append(criterion.name)
    if spread <= limit_points and not criteria:
        return None
    return {"total": spread if spread > limit_points else None, "spread": spread, "criteria": criteria}


def _points(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _evaluator(evaluation: Evaluation, viewer) -> dict | None:
    """Who evaluated: for staff and the evaluators; an applicant reads the scores, not names."""
    application = evaluation.application
    if (
        viewer is None
        or application.call.can_edit(viewer)
        or any(e.is_evaluator(viewer) for e in application.evaluations)
    ):
        return {"id": evaluation.evaluator_id, "name": evaluation.evaluator.display_name}
    return None


def evaluation_json(evaluation: Evaluation, viewer=None) -> dict:
    application = evaluation.application
    out = {
        "id": evaluation.id,
        "application": application.id,
        "call": application.call_id,
        "title": application.title,
        "protocol": application.protocol,
        "evaluator": _evaluator(evaluation, viewer),
        "status": evaluation.status.value,
        "conflict_note": evaluation.conflict_note,
        "assigned_at": evaluation.assigned_at.isoformat(),
        "declared_at": evaluation.declared_at.isoformat() if evaluation.declared_at else None,
        "submitted_at": evaluation.submitted_at.isoformat() if evaluation.submitted_at else None,
        "total": _points(evaluation.total),
        "scores": [
            {"criterion": s.criterion_id, "points": _points(s.points), "comment": s.comment} for s in evaluation.scores
        ],
    }
    if viewer is not None and evaluation.is_evaluator(viewer):
        out["evident_conflicts"] = [org.name for org in evident_conflicts(application, viewer)]
    return out


def consensus_json(consensus: Consensus) -> dict:
    return {
        "id": consensus.id,
        "application": consensus.application_id,
        "scores": [{"criterion": int(k), "points": v} for k, v in consensus.scores.items()],
        "total": _points(consensus.total),
        "reason": consensus.reason,
        "by": consensus.created_by_id,
        "at": consensus.created_at.isoformat(),
    }
