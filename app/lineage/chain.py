"""The chain of any object, both ways (SPEC §3, "lineage"): need → ideas → workshops →
funding call → applications → project → indicator results. ``chain_of(obj, user)`` answers
what ``obj`` came from and what it became, each link as an :class:`Item`, only what
``user`` may see; ``forward(user, needs)`` is what a need became (the API and the "what
happened to my needs" page).

The features' own reads decide what is visible: ``app.calls.lineage`` (a call's origin,
drafts only for staff), ``app.workshops.services.visible_workshops``,
``app.applications.queries.shown_in_lineage`` (never someone else's draft; title and status
of a ranked or funded application). Hidden needs and ideas are left out. Projects are public
acts, and so are their approved indicator values.

What counts as "came from a need": its ideas; the workshops that worked on the need or its
ideas, or produced those ideas; the calls naming those ideas; the applications naming the
need or its ideas; the projects of those applications and the agreement projects of those
calls (a co-design call has no applications)."""

from __future__ import annotations

import sqlalchemy as sa

from app.applications import queries as applications
from app.calls.lineage import origin_of
from app.calls.queries import visible_to
from app.extensions import db
from app.lineage.items import (
    ORDER,
    Chain,
    Item,
    application_item,
    call_item,
    idea_item,
    latest_results,
    need_item,
    project_items,
    workshop_item,
)
from app.models import Application, Idea, Need, Project, Workshop, WorkshopStatus
from app.models.call import Call, call_idea
from app.models.idea import idea_need
from app.models.workshop import workshop_idea, workshop_need
from app.workshops.services import visible_workshops

__all__ = ["ORDER", "Chain", "Item", "chain_of", "forward", "need_item"]

# --- reads --------------------------------------------------------------------------------


def _ideas_of_needs(need_ids: list[int]) -> list[Idea]:
    if not need_ids:
        return []
    return list(
        db.session.scalars(
            sa.select(Idea)
            .where(
                Idea.id.in_(sa.select(idea_need.c.idea_id).where(idea_need.c.need_id.in_(need_ids))),
                Idea.hidden.is_(False),
            )
            .order_by(Idea.id)
        )
    )


def _needs_of(ideas: list[Idea], more: list[Need] = ()) -> list[Need]:
    found = {n.id: n for n in more if not n.hidden}
    for idea in ideas:
        found.update({n.id: n for n in idea.needs if not n.hidden})
    return [found[k] for k in sorted(found)]


def _calls_of_ideas(idea_ids: list[int], user) -> list[Call]:
    if not idea_ids:
        return []
    return list(
        db.session.scalars(
            sa.select(Call)
            .where(
                Call.id.in_(sa.select(call_idea.c.call_id).where(call_idea.c.idea_id.in_(idea_ids))), visible_to(user)
            )
            .order_by(Call.opens_at, Call.id)
        )
    )


def _workshops(user, *, need_ids=(), idea_ids=(), produced=(), call_ids=()) -> list[Workshop]:
    """Visible workshops (not called off) that worked on the needs or ideas, produced the
    ideas ``produced`` (workshop ids) or were the tables of the calls."""
    conditions = []
    if need_ids:
        conditions.append(
            Workshop.id.in_(sa.select(workshop_need.c.workshop_id).where(workshop_need.c.need_id.in_(need_ids)))
        )
    if idea_ids:
        conditions.append(
            Workshop.id.in_(sa.select(workshop_idea.c.workshop_id).where(workshop_idea.c.idea_id.in_(idea_ids)))
        )
    if produced:
        conditions.append(Workshop.id.in_(list(produced)))
    if call_ids:
        conditions.append(Workshop.call_id.in_(list(call_ids)))
    if not conditions:
        return []
    query = visible_workshops(user).where(sa.or_(*conditions), Workshop.status != WorkshopStatus.CANCELLED)
    return list(db.session.scalars(query.order_by(Workshop.starts_at, Workshop.id)))


def _projects_of(applications_: list[Application], calls: list[Call]) -> list[Project]:
    conditions = []
    if applications_:
        conditions.append(Project.application_id.in_([a.id for a in applications_]))
    if calls:
        conditions.append(sa.and_(Project.agreement_id.is_not(None), Project.call_id.in_([c.id for c in calls])))
    if not conditions:
        return []
    return list(db.session.scalars(sa.select(Project).where(sa.or_(*conditions)).order_by(Project.id)))


def _group(chain: dict, kind: str, items: list[Item]) -> None:
    if items:
        chain[kind] = items


def _downstream(user, *, needs=(), ideas=(), exclude_workshops=(), calls=None) -> dict[str, list[Item]]:
    """What ``needs`` and ``ideas`` (and what came of them) became: ideas of the needs,
    workshops, calls, applications, projects with their results."""
    need_ids = [n.id for n in needs]
    all_ideas = {i.id: i for i in [*ideas, *_ideas_of_needs(need_ids)]}
    idea_ids = sorted(all_ideas)
    produced = {i.workshop_id for i in all_ideas.values() if i.workshop_id}
    workshops = _workshops(user, need_ids=need_ids, idea_ids=idea_ids, produced=produced)
    calls = _calls_of_ideas(idea_ids, user) if calls is None else calls
    found = applications.applications_naming(need_ids=need_ids, idea_ids=idea_ids)
    shown = applications.shown_in_lineage(found, user)
    out: dict[str, list[Item]] = {}
    _group(out, "idea", [idea_item(all_ideas[k]) for k in idea_ids if all_ideas[k] not in ideas])
    _group(out, "workshop", [workshop_item(w, produced) for w in workshops if w.id not in exclude_workshops])
    _group(out, "call", [call_item(c) for c in calls])
    _group(out, "application", [application_item(a, user) for a in shown])
    # a project is public whatever the reader may see of its application
    _group(out, "project", project_items(_projects_of(found, calls)))
    return out


def forward(user, need: Need) -> dict[str, list[Item]]:
    """What ``need`` became (for the API's sections and the "my needs" page)."""
    return _downstream(user, needs=[need])


def _upstream(user, *, ideas=(), needs=(), calls=(), applications_=()) -> dict[str, list[Item]]:
    ideas = [i for i in ideas if not i.hidden]
    found_needs = _needs_of(ideas, list(needs))
    produced = {i.workshop_id for i in ideas if i.workshop_id}
    workshops = _workshops(
        user,
        need_ids=[n.id for n in found_needs],
        idea_ids=[i.id for i in ideas],
        produced=produced,
        call_ids=[c.id for c in calls],
    )
    out: dict[str, list[Item]] = {}
    _group(out, "need", [need_item(n) for n in found_needs])
    _group(out, "idea", [idea_item(i) for i in ideas])
    _group(out, "workshop", [workshop_item(w, produced) for w in workshops])
    _group(out, "call", [call_item(c) for c in calls if c.can_view(user)])
    _group(
        out,
        "application",
        [application_item(a, user) for a in applications.shown_in_lineage(list(applications_), user)],
    )
    return out


# --- the chain of each kind of object ----------------------------------------------------------


def _of_need(need: Need, user) -> Chain:
    return Chain({}, forward(user, need))


def _of_idea(idea: Idea, user) -> Chain:
    produced = [idea.workshop_id] if idea.workshop_id else []
    came = _upstream(user, ideas=[], needs=idea.needs)
    came.pop("workshop", None)  # the needs' workshops are the needs' story, not the idea's
    workshops = _workshops(user, produced=produced)
    _group(came, "workshop", [workshop_item(w, set(produced)) for w in workshops])
    return Chain(came, _downstream(user, ideas=[idea], exclude_workshops=set(produced)))


def _of_workshop(workshop: Workshop, user) -> Chain:
    came: dict[str, list[Item]] = {}
    _group(came, "need", [need_item(n) for n in workshop.needs if not n.hidden])
    _group(came, "idea", [idea_item(i) for i in workshop.ideas if not i.hidden])
    born = list(
        db.session.scalars(
            sa.select(Idea).where(Idea.workshop_id == workshop.id, Idea.hidden.is_(False)).order_by(Idea.id)
        )
    )
    became = _downstream(user, ideas=born, exclude_workshops={workshop.id}) if born else {}
    if born:
        became = {"idea": [idea_item(i) for i in born], **became}
    return Chain(came, became)


def _of_call(call: Call, user) -> Chain:
    origin = origin_of(call, user)
    ideas = [o.idea for o in origin]
    came = _upstream(user, ideas=ideas, calls=[])
    tables = _workshops(user, call_ids=[call.id])
    if tables:
        known = {i.id for i in came.get("workshop", [])}
        came.setdefault("workshop", []).extend(workshop_item(w, set()) for w in tables if w.id not in known)
    found = applications.applications_naming(call_ids=[call.id])
    became: dict[str, list[Item]] = {}
    _group(became, "application", [application_item(a, user) for a in applications.shown_in_lineage(found, user)])
    projects = db.session.scalars(sa.select(Project).where(Project.call_id == call.id).order_by(Project.id)).all()
    _group(became, "project", project_items(list(projects)))
    return Chain(came, became)


def _of_application(application: Application, user) -> Chain:
    came = _upstream(user, ideas=application.ideas, needs=application.needs, calls=[application.call])
    project = db.session.scalar(sa.select(Project).where(Project.application_id == application.id))
    return Chain(came, {"project": project_items([project])} if project else {})


def _of_project(project: Project, user) -> Chain:
    application = project.application
    ideas = {i.id: i for i in (application.ideas if application else [])}
    if project.call is not None:
        ideas.update({i.id: i for i in project.call.ideas})
    calls = [project.call] if project.call is not None else []
    came = _upstream(
        user,
        ideas=[ideas[k] for k in sorted(ideas)],
        needs=application.needs if application else [],
        calls=calls,
        applications_=[application] if application else [],
    )
    return Chain(came, {}, latest_results([project.id])[project.id])


_BY_TYPE = {
    Need: _of_need,
    Idea: _of_idea,
    Workshop: _of_workshop,
    Call: _of_call,
    Application: _of_application,
    Project: _of_project,
}


def chain_of(obj, user) -> Chain:
    """Where ``obj`` (a need, idea, workshop, call, application or project) came from and
    what it became, as ``user`` may see it."""
    return _BY_TYPE[type(obj)](obj, user)
