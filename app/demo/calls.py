"""Demo funding calls (texts in ``data/calls.json``), per demo city with staff: a call in
public consultation with comments, replies and a second version; an open competitive call
modelled on action 3.3.1 (FSE+) with origin ideas; an open rolling call; a call combining
FSE+ and FESR with different intensities per area; an art. 55 co-design call; a closed
competitive call waiting for its evaluation. The consultation, 3.3.1 and art. 55 calls
name the city's ideas ready for a call as their origin (so those move to "in a call"), then
its ideas already "in a call" that no call named: every such idea page shows its call.
Made through ``app.calls.services`` as staff would. Idempotent: a call already there (same
city and title) is left as it is."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from fpdf import FPDF

from app.calls import annexes, services
from app.calls.origin import ORIGIN_STAGES
from app.calls.schemas import CallInput
from app.demo.common import by_email, load
from app.extensions import db
from app.models import Area, City, Idea, IdeaStage, Role, RoleGrant, User
from app.models.base import utcnow
from app.models.call import Call, CallComment, call_idea

DATA = load("calls")
CALLS = DATA["calls"]
#: Per call of CALLS (same position): required attachments, FAQ and documents.
ANNEXES = load("calls_annexes")["calls"]
STAFF = "staff@demo.cantiere.local"
RESIDENT = "resident@demo.cantiere.local"
#: The demo accounts that are not residents commenting on a consultation.
NOT_RESIDENTS = {"admin", "authority", "staff", "evaluator", "facilitator", "org"}


def _cities_with_staff() -> list[tuple[City, User]]:
    """Each demo city where staff@demo.cantiere.local works, with that account."""
    staff = by_email(STAFF)
    if staff is None:
        return []
    grants = db.session.scalars(
        sa.select(RoleGrant).where(RoleGrant.user_id == staff.id, RoleGrant.role == Role.STAFF).order_by(RoleGrant.id)
    )
    return [(grant.city, staff) for grant in grants if grant.city is not None]


def _fill(text: str, city: City, areas: list[Area]) -> str:
    names = {f"area{n}": area.name for n, area in enumerate(areas)}
    return text.format(city=city.name, **names) if "{" in text else text


def _day(days: int | None, hour: int):
    """``days`` from today at ``hour`` UTC (8 and 11: 9:00 and 12:00 in Rome in winter)."""
    if days is None:
        return None
    return (utcnow() + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)


def _body(spec: dict, city: City, areas: list[Area], ideas: list[Idea]) -> dict:
    """The call body of ``shared/API.md`` from one entry of the data file."""
    rules = CallInput().fields
    body = {key: value for key, value in spec.items() if key in rules}
    body.update(
        title=_fill(spec["title"], city, areas),
        summary=_fill(spec["summary"], city, areas),
        body=_fill(spec["body"], city, areas),
        areas=[{"area": areas[a["area"]].id, "intensity_pct": a["intensity_pct"]} for a in spec["areas"]],
        opens_at=_day(spec["opens_in_days"], 8),
        closes_at=_day(spec["closes_in_days"], 11),
        idea_ids=[idea.id for idea in ideas],
    )
    return body


def _origin_ideas(city: City, count: int) -> list[Idea]:
    """The city's ideas ready for a call, then those already "in a call" that no call names
    yet (the call is where they go: their pages then show it), most supported first."""
    if not count:
        return []
    ready_first = sa.case((Idea.stage == IdeaStage.READY_FOR_CALL, 0), else_=1)
    return list(
        db.session.scalars(
            sa.select(Idea)
            .where(
                Idea.city_id == city.id,
                Idea.stage.in_(ORIGIN_STAGES),
                Idea.hidden.is_(False),
                ~Idea.id.in_(sa.select(call_idea.c.idea_id)),
            )
            .order_by(ready_first, Idea.support_count.desc(), Idea.id)
            .limit(count)
        )
    )


def _commenters(city: City) -> list[User]:
    """The demo resident first, then other residents of the city."""
    people = list(
        db.session.scalars(
            sa.select(User).where(User.city_id == city.id, ~User.roles.any()).order_by(User.id).limit(12)
        )
    )
    resident = by_email(RESIDENT)
    people = [p for p in people if p.email.split("@")[0] not in NOT_RESIDENTS]
    if resident is not None and resident.city_id == city.id:
        people = [resident] + [p for p in people if p.id != resident.id]
    return people


def _consult(staff: User, call: Call, spec: dict, city: City) -> None:
    """Comments from residents, staff's replies, and the second version they led to."""
    people = _commenters(city) or [staff]
    for n, item in enumerate(spec["comments"]):
        comment: CallComment = services.comment_on_call(
            people[n % len(people)], call, {"section": item["section"], "body": item["body"]}
        )
        if item["reply"]:
            services.reply_to_comment(staff, comment, {"reply": item["reply"], "outcome": item["outcome"]})
    revision = spec["revision"]
    change = {key: value for key, value in revision["changes"].items() if key != "closes_in_days"}
    if "closes_in_days" in revision["changes"]:
        change["closes_at"] = _day(revision["changes"]["closes_in_days"], 11)
    services.update_call(staff, call, {**change, "reason": revision["reason"]})


def _pdf(title: str, text: str, call: Call) -> bytes:
    """A one-page demo annex (the real ones are the city's signed PDFs)."""
    document = FPDF(format="A4")
    document.add_page()
    latin = {ord("–"): "-", ord("’"): "'", ord("«"): '"', ord("»"): '"'}

    def write(value: str, size: int, style: str = "") -> None:
        document.set_font("Helvetica", style, size)
        document.multi_cell(0, size * 0.6, value.translate(latin).encode("latin-1", "replace").decode("latin-1"))
        document.ln(3)

    write(f"{call.city.name} - {call.department}", 10)
    write(title, 15, "B")
    write(call.title, 11, "I")
    write(text, 11)
    return bytes(document.output())


def _annexes(staff: User, call: Call, annex: dict) -> None:
    for item in annex["faq"]:
        annexes.add_faq(staff, call, item)
    for item in annex["documents"]:
        name = item["title"].split("–")[0].strip().lower().replace(" ", "-") + ".pdf"
        annexes.add_document(staff, call, {"title": item["title"]}, _pdf(item["title"], item["text"], call), name)


def seed(progress) -> None:
    made = 0
    for city, staff in _cities_with_staff():
        areas = list(db.session.scalars(sa.select(Area).where(Area.city_id == city.id).order_by(Area.id)))
        for spec, annex in zip(CALLS, ANNEXES, strict=True):
            title = _fill(spec["title"], city, areas)
            if db.session.scalar(sa.select(Call.id).where(Call.city_id == city.id, Call.title == title)):
                continue
            body = _body(spec, city, areas, _origin_ideas(city, spec.get("ideas", 0)))
            call = services.create_call(staff, city, {**body, "attachments": annex["attachments"]})
            _annexes(staff, call, annex)
            for step in spec["steps"]:  # a step is its status, or {to, reason}
                services.transition_call(staff, call, step if isinstance(step, dict) else {"to": step})
            if spec.get("comments"):
                _consult(staff, call, spec, city)
            made += 1
    progress(f"{made} funding calls")
