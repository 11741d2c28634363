"""Scores and consensus. The evaluator who declared no conflict scores each criterion of
the call (0 … its maximum, with a comment), saves drafts as often as needed and submits
once every criterion is scored: then the evaluation is frozen and the application's score
is the mean of its submitted evaluations' totals, unless staff recorded a consensus, whose
total wins. Features that act when an application's evaluations are complete (a rolling
call's decision) append ``fn(actor, application)`` to ``COMPLETED``."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from flask_babel import gettext as _

from app import audit
from app.calls.services import _save
from app.errors import Conflict, InvalidInput, PermissionDenied
from app.evaluations import queries
from app.evaluations.schemas import ConsensusInput, ScoresInput
from app.evaluations.services import check_window, own, record
from app.extensions import db
from app.models import Application, ApplicationStatus
from app.models.base import utcnow
from app.models.call import CallCriterion
from app.models.evaluation import Consensus, Evaluation, EvaluationScore, EvaluationStatus
from app.schemas import load

#: ``fn(actor, application)``, called after the commit that submits an application's last
#: required evaluation.
COMPLETED: list[Callable] = []


def _check_rows(criteria: dict[int, CallCriterion], rows: list[dict], every: bool) -> None:
    """Each row names a criterion of the call once, within its maximum; ``every``: all of them."""
    errors: dict[str, list[str]] = {}
    seen: set[int] = set()
    for index, row in enumerate(rows):
        criterion = criteria.get(row["criterion"])
        if criterion is None:
            errors[f"scores.{index}.criterion"] = [_("Choose a criterion of this call.")]
        elif row["criterion"] in seen:
            errors[f"scores.{index}.criterion"] = [_("Score each criterion once.")]
        elif row["points"] > criterion.max_points:
            errors[f"scores.{index}.points"] = [
                _("At most %(max)s points for this criterion.", max=f"{criterion.max_points.normalize():f}")
            ]
        seen.add(row["criterion"])
    if every and not errors and (missing := [c.name for i, c in criteria.items() if i not in seen]):
        errors["scores"] = [_("Score every criterion: %(names)s.", names=", ".join(missing))]
    if errors:
        raise InvalidInput(errors)


def _mean(values: list[Decimal]) -> Decimal | None:
    return (sum(values, Decimal("0")) / len(values)).quantize(Decimal("0.01")) if values else None


def refresh_score(application: Application) -> None:
    """The application's score and its points per criterion (``criterion_scores``, what the
    ranking checks each threshold against): the latest consensus, else the means of the
    submitted evaluations."""
    consensus = queries.latest_consensus(application)
    if consensus is not None:
        application.score, application.criterion_scores = consensus.total, dict(consensus.scores)
        return
    submitted = queries.submitted(application)
    application.score = _mean([e.total for e in submitted])
    per_criterion: dict[int, list[Decimal]] = {}
    for evaluation in submitted:
        for row in evaluation.scores:
            per_criterion.setdefault(row.criterion_id, []).append(row.points)
    application.criterion_scores = {str(c): f"{_mean(p):.2f}" for c, p in per_criterion.items()} or None


def _scorable(actor, evaluation: Evaluation) -> dict[int, CallCriterion]:
    own(actor, evaluation)
    if evaluation.status is EvaluationStatus.ASSIGNED:
        raise Conflict(_("Declare first whether you have a conflict of interest."))
    if evaluation.status is not EvaluationStatus.DECLARED:
        raise Conflict(_("This evaluation can no longer change."))
    check_window(evaluation.application.call)
    return {c.id: c for c in evaluation.application.call.criteria}


def _write_scores(evaluation: Evaluation, rows: list[dict]) -> None:
    for row in rows:
        score = evaluation.score_for(row["criterion"])
        if score is None:
            score = EvaluationScore(criterion_id=row["criterion"], points=row["points"], comment=row["comment"])
            evaluation.scores.append(score)
        score.points, score.comment = row["points"], row["comment"]


def save_scores(actor, evaluation: Evaluation, data: dict) -> Evaluation:
    """The evaluator saves scores (some or all criteria; a draft until submitted)."""
    criteria = _scorable(actor, evaluation)
    rows = load(ScoresInput, data)["scores"]
    _check_rows(criteria, rows, every=False)

    def write():
        _write_scores(evaluation, rows)
        record(actor, "evaluation.score", evaluation, scores=_plain(rows))
        return evaluation

    return _save(write)


def _plain(rows: list[dict]) -> list[dict]:
    return [{"criterion": r["criterion"], "points": f"{r['points']:.2f}"} for r in rows]


def submit_evaluation(actor, evaluation: Evaluation, data: dict | None = None) -> Evaluation:
    """The evaluator submits (with the scores of ``data`` saved first, when given): every
    criterion must be scored; the evaluation is frozen and the application's score updated."""
    criteria = _scorable(actor, evaluation)
    rows = load(ScoresInput, data)["scores"] if data is not None else []
    _check_rows(criteria, rows, every=False)
    kept = [{"criterion": s.criterion_id, "points": s.points} for s in evaluation.scores]
    merged = {r["criterion"]: r for r in kept} | {r["criterion"]: r for r in rows}
    _check_rows(criteria, list(merged.values()), every=True)
    application = evaluation.application

    def write():
        _write_scores(evaluation, rows)
        evaluation.status = EvaluationStatus.SUBMITTED
        evaluation.submitted_at = utcnow()
        db.session.flush()
        refresh_score(application)
        record(actor, "evaluation.submit", evaluation, total=f"{evaluation.total:.2f}")
        return evaluation

    result = _save(write)
    if len(queries.submitted(application)) >= application.call.evaluators_per_application:
        for hook in COMPLETED:
            hook(actor, application)
    return result


def record_consensus(actor, application: Application, data: dict) -> Consensus:
    """Staff record a consensus score for every criterion, with the reason; it becomes
    the application's score (earlier consensus records stay on the record)."""
    call = application.call
    if not call.can_edit(actor):
        raise PermissionDenied()
    loaded = load(ConsensusInput, data)
    if application.status is not ApplicationStatus.ADMISSIBLE or not queries.submitted(application):
        raise Conflict(_("A consensus is recorded on an admissible application with submitted evaluations."))
    _check_rows({c.id: c for c in call.criteria}, loaded["scores"], every=True)
    scores = {str(r["criterion"]): f"{r['points']:.2f}" for r in loaded["scores"]}
    total = sum((r["points"] for r in loaded["scores"]), Decimal("0"))

    def write():
        consensus = Consensus(
            application=application, scores=scores, total=total, reason=loaded["reason"], created_by_id=actor.id
        )
        db.session.add(consensus)
        application.score, application.criterion_scores = total, dict(scores)
        audit.record(
            actor,
            "evaluation.consensus",
            consensus,
            city=call.city_id,
            application=application.id,
            scores=scores,
            total=f"{total:.2f}",
            reason=loaded["reason"],
        )
        return consensus

    return _save(write)
