"""Demo applications, evaluations and rankings (texts in ``data/applications.json``), per
demo city with staff: a draft of the demo organisation account's organisation on the open
3.3.1 call; a competitive call «Comunità educanti» (its origin the idea answering the demo
resident's need, carried by one application: ``lineage.py``) that received seven applications, closed
and went to evaluation (one inadmissible with its reason, one completed after a request,
six evaluated by two evaluators, one disagreement settled by a consensus with reasons),
then its ranking published with funded, partly funded, reserve and not funded
applications; the rolling call «Botteghe di comunità» partly used (three funded in order
of arrival, one waiting in the queue for its evaluation, one withdrawn). Made through the services as the
applicants, staff and evaluators would. Idempotent: a call that already has applications
is left as it is."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from fpdf import FPDF

from app.applications import admissibility, attachments, services, submission
from app.applications.queries import member_organisations
from app.calls import services as call_services
from app.demo import lineage
from app.demo.call_participation import _call, _owner
from app.demo.calls import CALLS, _body, _cities_with_staff, _fill
from app.demo.common import by_email, load
from app.evaluations import scoring
from app.evaluations import services as evaluations
from app.extensions import db
from app.models import Area, City, LegalForm, Organisation, User
from app.models.application import Application, ApplicationStatus
from app.models.base import utcnow
from app.models.call import Call
from app.models.evaluation import Evaluation
from app.rankings import services as rankings

DATA = load("applications")
ORG_ACCOUNT = "org@demo.cantiere.local"
OPEN_331 = next(c["title"] for c in CALLS if c["key"] == "competitive-331")
ROLLING = next(c["title"] for c in CALLS if c["key"] == "rolling")


def _document(title: str) -> bytes:
    document = FPDF(format="A4")
    document.add_page()
    document.set_font("Helvetica", "B", 14)
    document.multi_cell(0, 8, title.encode("latin-1", "replace").decode("latin-1"))
    return bytes(document.output())


def _applicants(call: Call, count: int, taken: set[int]) -> list[tuple[Organisation, User]]:
    """Verified bodies of the city registered in the RUNTS, of forms the call admits, with an
    owner (none of the demo organisation account's, which keeps its draft); social
    enterprises first, which the rolling call does not admit."""
    org_account = by_email(ORG_ACCOUNT)
    forms = [LegalForm(f) for f in call.applicant_forms]
    rows = db.session.scalars(
        sa.select(Organisation)
        .where(
            Organisation.city_id == call.city_id,
            Organisation.legal_form.in_(forms),
            Organisation.verified.is_(True),
            Organisation.runts_number.is_not(None),
        )
        .order_by(sa.case((Organisation.legal_form == LegalForm.SOCIAL_ENTERPRISE, 0), else_=1), Organisation.id)
    )
    chosen = []
    for organisation in rows:
        owner = _owner(organisation)
        if owner is None or organisation.id in taken or (org_account and organisation.membership_of(org_account)):
            continue
        taken.add(organisation.id)
        chosen.append((organisation, owner))
        if len(chosen) == count:
            break
    return chosen


def _submitted(
    call: Call, organisation: Organisation, owner: User, spec: dict, area: Area | None, links: dict | None = None
) -> Application:
    """A draft filled as the applicant would (budget, targets, declarations, the required
    PDFs; the ideas and needs it carries, ``links``), then submitted: it gets its protocol number."""
    city = call.city
    fields = {
        "organization": organisation.id,
        "title": _fill(spec["title"], city, [area] if area else []),
        **(links or {}),
    }
    fields.update(summary=spec["summary"], duration_months=spec["duration_months"])
    if area is not None:
        fields["area"] = area.id
    application = services.start_application(owner, call, fields)
    fund = call.funds[0].fund.value
    lines = [{"category": c, "fund": fund, "description": d, "amount": a} for c, d, a in spec["lines"]]
    services.update_application(
        owner,
        application,
        {
            "budget_lines": lines,
            "indicators": [{"code": i.code, "baseline": "0", "target": spec["target"]} for i in call.indicators],
            "declarations": DATA["declarations"],
            "cofinancing": spec.get("cofinancing", "0"),
        },
    )
    total = sum((line.amount for line in application.budget_lines), start=0)
    grant = total - application.cofinancing
    services.update_application(owner, application, {"requested_grant": f"{grant:.2f}"})
    for requirement in call.attachments:
        body = {"title": requirement.name, "requirement": requirement.id}
        attachments.add_attachment(owner, application, body, _document(requirement.name), "documento.pdf")
    return submission.submit_application(owner, application)


def _evaluate(staff: User, application: Application, evaluators: list[User], points: list[list[str]]) -> None:
    criteria = sorted(application.call.criteria, key=lambda c: c.id)
    for evaluator, row in zip(evaluators, points, strict=True):
        evaluations.assign_evaluator(staff, application, {"user": evaluator.id})
        evaluation = db.session.scalar(
            sa.select(Evaluation)
            .where(Evaluation.application_id == application.id, Evaluation.evaluator_id == evaluator.id)
            .order_by(Evaluation.id.desc())
        )
        evaluations.declare(evaluator, evaluation, {"conflict": False})
        scores = [
            {"criterion": c.id, "points": p, "comment": DATA["comments"][n % len(DATA["comments"])]}
            for n, (c, p) in enumerate(zip(criteria, row, strict=True))
        ]
        scoring.submit_evaluation(evaluator, evaluation, {"scores": scores})


def _evaluators(city: City) -> list[User]:
    people = [by_email(email) for email in DATA["evaluators"]]
    return [p for p in people if p is not None and p.is_evaluator_of(city)][:2]


def _evaluation_call(city: City, staff: User, areas: list[Area], taken: set[int]) -> dict:
    spec = DATA["evaluation_call"]
    title = spec["title"]
    if len(areas) < 2 or _call(city, title) is not None:
        return {}
    origin = lineage.origin_ideas(city, staff, areas)  # the resident's need, through an idea
    body = _body({**spec, "ideas": 0}, city, areas, origin)
    call = call_services.create_call(staff, city, {**body, "attachments": spec["attachments"]})
    call_services.transition_call(staff, call, {"to": "open"})
    specs = DATA["applications"]
    made = []
    for (organisation, owner), item in zip(_applicants(call, len(specs), taken), specs, strict=False):
        area = areas[len(made) % 2]
        links = lineage.links_for(_fill(item["title"], city, [area]), city, areas, origin)
        made.append((_submitted(call, organisation, owner, item, area, links), owner, item))
    call_services.transition_call(staff, call, {"to": "closed", "reason": DATA["close_reason"]})
    call_services.transition_call(staff, call, {"to": "evaluation"})
    evaluators = _evaluators(city)
    for application, owner, item in made:
        _decide(staff, application, owner, item)
        if item["outcome"] == "inadmissible" or len(evaluators) < 2:
            continue
        _evaluate(staff, application, evaluators, item["scores"])
        if "consensus" in item:
            criteria = sorted(call.criteria, key=lambda c: c.id)
            scores = [
                {"criterion": c.id, "points": p} for c, p in zip(criteria, item["consensus"]["scores"], strict=True)
            ]
            scoring.record_consensus(staff, application, {"scores": scores, "reason": item["consensus"]["reason"]})
    if len(evaluators) >= 2:
        rankings.publish_ranking(staff, call, {"reason": DATA["ranking_reason"]})
    return {"applications": len(made)}


def _decide(staff: User, application: Application, owner: User, item: dict) -> None:
    if item["outcome"] == "inadmissible":
        admissibility.decide_admissibility(staff, application, {"admissible": False, "reason": item["reason"]})
        return
    if item["outcome"] == "clarification":
        asked = item["clarification"]
        request = admissibility.request_clarification(
            staff,
            application,
            {"request": asked["request"], "fields": asked["fields"], "due_at": utcnow() + timedelta(days=10)},
        )
        admissibility.answer_clarification(owner, request, {"answer": asked["answer"]})
    admissibility.decide_admissibility(staff, application, {"admissible": True, "reason": ""})


def _rolling(city: City, staff: User, taken: set[int]) -> int:
    call = _call(city, ROLLING)
    if call is None or db.session.scalar(sa.select(Application.id).where(Application.call_id == call.id)):
        return 0
    evaluators = _evaluators(city)[:1]
    specs = DATA["rolling"]
    made = 0
    for (organisation, owner), item in zip(_applicants(call, len(specs), taken), specs, strict=False):
        application = _submitted(call, organisation, owner, item, None)
        made += 1
        if item.get("withdraw"):
            submission.withdraw_application(owner, application)
        elif evaluators and ("evaluate" in item or item.get("assign")):
            admissibility.decide_admissibility(staff, application, {"admissible": True, "reason": ""})
            application = db.session.get(Application, application.id)
            if "evaluate" in item:
                _evaluate(staff, application, evaluators, [item["evaluate"]])
            else:  # the evaluator's next task: it waits in the queue meanwhile
                evaluations.assign_evaluator(staff, application, {"user": evaluators[0].id})
    return made


def _draft(city: City, areas: list[Area]) -> int:
    """The demo organisation account's draft (under «Le mie domande»); in a city where it
    has no organisation, a draft of another body."""
    call = _call(city, OPEN_331)
    if call is None or not areas:
        return 0
    spec = DATA["draft"]
    title = _fill(spec["title"], city, areas)
    if db.session.scalar(sa.select(Application.id).where(Application.call_id == call.id, Application.title == title)):
        return 0
    account = by_email(ORG_ACCOUNT)
    mine = [o for o in (member_organisations(account) if account else []) if o.city_id == city.id]
    if mine:
        organisation, owner = mine[0], account
    else:
        found = _applicants(call, 1, set())
        if not found:
            return 0
        organisation, owner = found[0]
    fields = {"organization": organisation.id, "title": title, "summary": spec["summary"], "area": areas[0].id}
    services.start_application(owner, call, {**fields, "duration_months": spec["duration_months"]})
    return 1


def seed(progress) -> None:
    drafts = competitive = rolling = 0
    with current_app.test_request_context():  # the services' notifications link their pages
        for city, staff in _cities_with_staff():
            areas = list(db.session.scalars(sa.select(Area).where(Area.city_id == city.id).order_by(Area.id)))
            taken: set[int] = set()
            drafts += _draft(city, areas)
            competitive += _evaluation_call(city, staff, areas, taken).get("applications", 0)
            rolling += _rolling(city, staff, taken)
    counts = dict(db.session.execute(sa.select(Application.status, sa.func.count()).group_by(Application.status)).all())
    figures = ", ".join(f"{counts[s]} {s.value}" for s in ApplicationStatus if counts.get(s))
    progress(f"{drafts} drafts, {competitive} applications to a call in evaluation, {rolling} to a rolling call")
    progress(f"applications by status: {figures or 'none'}")
