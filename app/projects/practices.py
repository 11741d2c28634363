"""Good practices (SPEC §3.12): a closed project proposed, with its lessons learned, by its
organisation or the city's staff; the programme's authority publishes it (then every city
reads and searches it) or declines it with a reason. The only place that writes them.

- ``propose_practice`` (the project page's form, ``POST /api/v1/projects/{id}/good-practice``):
  one per project; the authority is told there is a proposal to curate.
- ``curate_practice`` (the curation queue, ``POST /api/v1/good-practices/{id}/curation``):
  the proposer is told the outcome (and the reason of a decline)."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from app import audit
from app.calls.services import _save
from app.errors import Conflict, PermissionDenied
from app.extensions import db
from app.ideas.links import path_for
from app.models import GoodPractice, PracticeStatus, Project, Role, RoleGrant, User
from app.models.base import utcnow
from app.notifications.messages import MESSAGES
from app.notifications.services import notify, notify_many
from app.projects.schemas_practices import PracticeCurationInput, PracticeProposalInput
from app.schemas import load

MESSAGES.update(
    {
        "practice.proposed": _l("“%(title)s” is proposed as a good practice: it waits for your curation."),
        "practice.published": _l("Your good practice “%(title)s” is published: every city can read it now."),
        "practice.declined": _l("Your good practice “%(title)s” was not published: %(reason)s"),
    }
)


def practice_path(practice: GoodPractice) -> str:
    return path_for("projects.practice", practice_id=practice.id)


def may_propose(actor, project: Project) -> bool:
    """Who would propose ``project`` once it is closed (``Project.can_propose_practice``
    adds that it is): the API answers them 409, not 403, while it is still running."""
    return project.is_beneficiary(actor) or actor.is_staff_of(project.city_id)


def propose_practice(actor, project: Project, data: dict) -> GoodPractice:
    """A member of the project's organisation or the city's staff proposes the closed
    ``project`` as a good practice ``{title, lessons}``; a second proposal is a 409."""
    if not project.can_propose_practice(actor):
        if may_propose(actor, project):
            raise Conflict(_("Only a closed project can be proposed as a good practice."))
        raise PermissionDenied()
    values = load(PracticeProposalInput, data)
    if _practice_of(project) is not None:
        raise Conflict(_("This project is already proposed as a good practice."))

    def write():
        practice = GoodPractice(project=project, proposed_by_id=actor.id, **values)
        db.session.add(practice)
        db.session.flush()
        audit.record(actor, "practice.proposed", practice, city=project.city_id, project=project.id)
        notify_many(
            _authority(),
            "practice.proposed",
            path_for("projects.pending_practices"),
            exclude=[actor.id],
            title=practice.title,
        )
        return practice

    try:
        return _save(write)
    except IntegrityError:  # proposed at the same moment by someone else
        raise Conflict(_("This project is already proposed as a good practice.")) from None


def curate_practice(actor, practice: GoodPractice, data: dict) -> GoodPractice:
    """The authority publishes (``{publish: true}``) or declines (``{publish: false,
    reason}``) a proposed practice; curated once (a second curation is a 409)."""
    if not practice.can_curate(actor):
        raise PermissionDenied()
    values = load(PracticeCurationInput, data)
    if practice.status is not PracticeStatus.PROPOSED:
        raise Conflict(_("This good practice is already curated."))

    def write():
        practice.status = PracticeStatus.PUBLISHED if values["publish"] else PracticeStatus.DECLINED
        practice.curated_by_id, practice.curated_at = actor.id, utcnow()
        practice.curation_reason = values["reason"]
        audit.record(
            actor,
            f"practice.{practice.status.value}",
            practice,
            city=practice.project.city_id,
            reason=values["reason"],
        )
        if practice.proposed_by_id is not None:
            kind = "practice.published" if values["publish"] else "practice.declined"
            notify(
                practice.proposed_by_id, kind, practice_path(practice), title=practice.title, reason=values["reason"]
            )
        return practice

    return _save(write)


def _practice_of(project: Project) -> GoodPractice | None:
    return db.session.scalar(sa.select(GoodPractice).where(GoodPractice.project_id == project.id))


def _authority() -> list[int]:
    return list(
        db.session.scalars(
            sa.select(RoleGrant.user_id)
            .join(User, User.id == RoleGrant.user_id)
            .where(RoleGrant.role == Role.AUTHORITY, User.active)
        )
    )
