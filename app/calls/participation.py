"""Taking part in a co-design call (art. 55 d.lgs. 117/2017) and in a call for ideas: the
only place that writes expressions of interest, their admission, the co-design tables and
the answers to a call for ideas.

- A co-design call, while open: an owner of a third-sector organisation (``can_act_for``)
  expresses its interest once, with its RUNTS number; staff admit or refuse each with a
  reason (open or admission); the organisation's members are notified. Staff schedule the
  co-design tables (admission or co-design): workshops made by the workshops' own service,
  attached to the call.
- A call for ideas, while open: a signed-in person (for an organisation they belong to, if
  they say so) answers with an idea of the city or a new one proposed in the same step;
  once the call is closed staff shortlist the answers with a reason.

Each function checks who may act (``PermissionDenied``, 403), the call's kind and status
(``Conflict``, 409), loads ``app.calls.schemas_participation`` (``InvalidInput``, 422),
writes, commits, audits and pushes the counters of the ``call:<id>`` topic after commit.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app, has_request_context, url_for
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from app import audit, realtime
from app.calls.participation_queries import counters
from app.calls.schemas_participation import AnswerInput, InterestDecisionInput, InterestInput, ShortlistInput
from app.calls.services import _save, _topic
from app.errors import Conflict, InvalidInput, NotFound, PermissionDenied, Unauthenticated
from app.extensions import db
from app.ideas.services import propose_idea
from app.models import Idea, Membership, MemberStatus, Organisation, User, Workshop
from app.models.base import utcnow
from app.models.call import Call
from app.models.call_participation import CallAnswer, CallInterest, InterestStatus
from app.models.organisation import THIRD_SECTOR_FORMS, THIRD_SECTOR_IF_RUNTS
from app.notifications.services import notify, notify_many
from app.organisations.labels import LEGAL_FORMS
from app.schemas import load
from app.workshops.common import OPEN_FOR_REGISTRATION
from app.workshops.registrations import invite_users
from app.workshops.services import create_workshop


def _page(call: Call) -> str:
    """The call page's participation section, also outside a request (the demo)."""
    if has_request_context():
        return url_for("calls.detail", call_id=call.id) + "#participation"
    adapter = current_app.url_map.bind("localhost", script_name=current_app.config.get("APPLICATION_ROOT") or "/")
    return adapter.build("calls.detail", {"call_id": call.id}) + "#participation"


def _unique(write, field: str, message: str):
    """``_save(write)``, with the unique constraint's refusal (two clicks at once) shown on
    ``field`` as the same message the service gives when it sees the first row."""
    try:
        return _save(write)
    except IntegrityError:
        raise InvalidInput({field: [message]}) from None


def _may_take_part(actor, call: Call) -> None:
    if not actor.is_authenticated:
        raise Unauthenticated()
    if not call.can_view(actor):
        raise NotFound()


# --- expressions of interest (co-design calls) -----------------------------------------------


def _check_body(call: Call, organisation: Organisation, runts_number: str) -> None:
    """The organisation may co-design under this call: of its city, a third-sector body of
    a form the call admits, and the RUNTS number is the one of its profile (when recorded)."""
    form = organisation.legal_form
    errors: dict[str, list[str]] = {}
    if organisation.city_id != call.city_id:
        errors["organisation"] = [_("Choose an organisation of this city.")]
    elif form not in THIRD_SECTOR_FORMS | THIRD_SECTOR_IF_RUNTS:
        errors["organisation"] = [_("Only third-sector bodies registered in RUNTS take part in a co-design procedure.")]
    elif call.applicant_forms and form.value not in call.applicant_forms:
        errors["organisation"] = [_("This call is not open to the form %(form)s.", form=LEGAL_FORMS[form])]
    recorded = (organisation.runts_number or "").strip()
    if recorded and recorded.casefold() != runts_number.casefold():
        errors["runts_number"] = [_("The organisation's profile has another RUNTS number: %(n)s.", n=recorded)]
    if errors:
        raise InvalidInput(errors)


def _already(what: str) -> str:
    return {
        "interest": _("This organisation has already expressed its interest in this call."),
        "answer": _("This idea already answers this call."),
    }[what]


def express_interest(actor, call: Call, data: dict) -> CallInterest:
    """An owner of an organisation expresses its interest in an open co-design call."""
    _may_take_part(actor, call)
    if not call.can_express_interest(actor):
        raise Conflict(_("Expressions of interest are taken only while a co-design call is open."))
    fields = load(InterestInput, data)
    organisation = db.session.get(Organisation, fields["organisation"])
    if organisation is None:
        raise InvalidInput({"organisation": [_("Choose an organisation you act for.")]})
    if not organisation.can_act_for(actor):
        raise PermissionDenied(_("Only the owners of an organisation express its interest."))
    _check_body(call, organisation, fields["runts_number"])
    taken = sa.select(CallInterest.id).where(
        CallInterest.call_id == call.id, CallInterest.organisation_id == organisation.id
    )
    if db.session.scalar(taken) is not None:
        raise InvalidInput({"organisation": [_already("interest")]})

    def write():
        interest = CallInterest(
            call=call,
            organisation=organisation,
            submitted_by_id=actor.id,
            runts_number=fields["runts_number"],
            statement=fields["statement"],
            contact=fields["contact"],
        )
        db.session.add(interest)
        db.session.flush()
        audit.record(actor, "call.interest", interest, city=call.city_id, organisation=organisation.id)
        realtime.push_counter(_topic(call), "interests", counters(call)["interests"])
        return interest

    return _unique(write, "organisation", _already("interest"))


def decide_interest(actor, interest: CallInterest, data: dict) -> CallInterest:
    """Staff admit or refuse an expression of interest with a reason; the organisation's
    members are told. A decision may be changed while the call is open or in admission."""
    call = interest.call
    if not call.can_edit(actor):
        raise PermissionDenied()
    if not call.can_decide_interests(actor):
        raise Conflict(_("Expressions of interest are decided while the call is open or in admission."))
    fields = load(InterestDecisionInput, data)

    def write():
        interest.status = InterestStatus.ADMITTED if fields["admitted"] else InterestStatus.REFUSED
        interest.reason, interest.decided_by_id, interest.decided_at = fields["reason"], actor.id, utcnow()
        kind = "call.interest_admitted" if interest.admitted else "call.interest_refused"
        notify_many(
            [m.id for m in _members(interest.organisation_id)],
            kind,
            _page(call),
            exclude=[actor.id],
            title=call.title,
            organisation=interest.organisation.name,
        )
        audit.record(actor, "call.interest_decision", interest, city=call.city_id, status=interest.status.value)
        db.session.flush()
        if interest.admitted:
            for table in _open_tables(call):
                invite_users(table, _members(interest.organisation_id))
        realtime.push_counter(_topic(call), "admitted", counters(call)["admitted"])
        return interest

    return _save(write)


# --- co-design tables ----------------------------------------------------------------------


def schedule_table(actor, call: Call, data: dict) -> Workshop:
    """Staff schedule a co-design table: a workshop of the call's city attached to the call,
    made (and committed, audited) by ``app.workshops.services.create_workshop`` from its
    own ``WorkshopInput``."""
    if not call.can_edit(actor):
        raise PermissionDenied()
    if not call.can_schedule_table(actor):
        raise Conflict(_("Co-design tables are scheduled during admission and co-design."))
    table = create_workshop(actor, dict(data), city=call.city, call_id=call.id)
    admitted = sa.select(CallInterest.organisation_id).where(
        CallInterest.call_id == call.id, CallInterest.status == InterestStatus.ADMITTED
    )

    def invite():
        invite_users(table, _members(admitted))
        return table

    return _save(invite)


def _members(organisations) -> list[User]:
    """The active members with an account of ``organisations`` (an id or a select of ids),
    the people an admitted organisation brings to the co-design tables."""
    where = organisations if isinstance(organisations, sa.Select) else [organisations]
    return list(
        db.session.scalars(
            sa.select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(
                Membership.organisation_id.in_(where),
                Membership.status == MemberStatus.ACTIVE,
                User.active.is_(True),
                User.deleted_at.is_(None),
            )
            .distinct()
        )
    )


def _open_tables(call: Call) -> list[Workshop]:
    """The call's co-design tables still taking registrations."""
    return list(
        db.session.scalars(
            sa.select(Workshop).where(Workshop.call_id == call.id, Workshop.status.in_(OPEN_FOR_REGISTRATION))
        )
    )


# --- answers to a call for ideas -------------------------------------------------------------


def _answering_for(actor, call: Call, organisation_id: int | None) -> Organisation | None:
    if organisation_id is None:
        return None
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None or organisation.membership_of(actor) is None:
        raise PermissionDenied(_("You answer only for an organisation you are a member of."))
    if organisation.city_id != call.city_id:
        raise InvalidInput({"organisation": [_("Choose an organisation of this city.")]})
    return organisation


def _existing_idea(call: Call, idea_id: int) -> Idea:
    idea = db.session.get(Idea, idea_id)
    if idea is None or idea.city_id != call.city_id or idea.hidden:
        raise InvalidInput({"idea": [_("Choose an idea of this city.")]})
    return idea


def _new_idea(actor, call: Call, new: dict) -> Idea:
    """The idea proposed with the answer, by ``propose_idea`` in the caller's transaction;
    its field errors are named ``new_idea.<field>``."""
    try:
        return propose_idea(actor, {**new, "body": new["body"] or new["summary"], "city": call.city.slug}, commit=False)
    except InvalidInput as error:
        raise InvalidInput({f"new_idea.{name}": messages for name, messages in error.fields.items()}) from None


def answer_call(actor, call: Call, data: dict) -> CallAnswer:
    """A signed-in person answers an open call for ideas with an idea of the city (``idea``)
    or a new one (``new_idea``), and a note."""
    _may_take_part(actor, call)
    if not call.can_answer(actor):
        raise Conflict(_("Answers are taken only while a call for ideas is open."))
    fields = load(AnswerInput, data)
    organisation = _answering_for(actor, call, fields["organisation"])

    def write():
        if fields["idea"] is not None:
            idea = _existing_idea(call, fields["idea"])
            taken = sa.select(CallAnswer.id).where(CallAnswer.call_id == call.id, CallAnswer.idea_id == idea.id)
            if db.session.scalar(taken) is not None:
                raise InvalidInput({"idea": [_already("answer")]})
        else:
            idea = _new_idea(actor, call, fields["new_idea"])
        answer = CallAnswer(call=call, idea=idea, author_id=actor.id, organisation=organisation, note=fields["note"])
        db.session.add(answer)
        db.session.flush()
        audit.record(actor, "call.answer", answer, city=call.city_id, idea=idea.id)
        realtime.push_counter(_topic(call), "answers", counters(call)["answers"])
        return answer

    return _unique(write, "idea", _already("answer"))


def shortlist_answer(actor, answer: CallAnswer, data: dict) -> CallAnswer:
    """Staff put an answer on the shortlist (or take it off) with a reason, once the call
    for ideas is closed; the author is told when it is shortlisted."""
    call = answer.call
    if not call.can_edit(actor):
        raise PermissionDenied()
    if not call.can_shortlist(actor):
        raise Conflict(_("Answers are shortlisted once the call for ideas is closed."))
    fields = load(ShortlistInput, data)

    def write():
        answer.shortlisted, answer.reason = fields["shortlisted"], fields["reason"]
        answer.decided_by_id, answer.decided_at = actor.id, utcnow()
        if answer.shortlisted and answer.author_id and answer.author_id != actor.id:
            notify(answer.author_id, "call.answer_shortlisted", _page(call), title=call.title, idea=answer.idea.title)
        audit.record(actor, "call.shortlist", answer, city=call.city_id, shortlisted=answer.shortlisted)
        return answer

    return _save(write)
