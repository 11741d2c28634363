"""The agreement (convenzione) of an art. 55 co-design call: the only place that writes it.

- Staff of the call's city record it while the call is in co-design (or agreement): the
  agreed project, its budget and grant, the approved minutes of the call's tables it rests
  on, and each partner — an organisation admitted to the call — with its role, its share
  (the shares add up to the grant) and its duties. Recording it again (before it is signed)
  replaces it and clears the signatures given.
- Each partner's owner signs for their organisation; once every partner has signed, staff
  sign for the city: under the call's lock (``app.calls.budget.lock_call``) the grant is
  set aside through ``commit_funds`` (never beyond the budget), the call steps to
  ``agreement``, the partners' members are notified. Everything is audited.

Hook for the projects issue: a signed agreement (``Agreement.signed``) is what becomes the
call's funded project, its partners and shares the project's partners and budget.
"""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _

from app import audit, realtime
from app.calls import origin
from app.calls.budget import commit_funds, lock_call
from app.calls.participation import _members, _page
from app.calls.schemas_agreements import AgreementInput, SignInput
from app.calls.services import STEP_HOOKS, _save, _topic
from app.errors import Conflict, InvalidInput, NotFound, PermissionDenied, Unauthenticated
from app.extensions import db
from app.models import Minutes, Workshop
from app.models.agreement import Agreement, AgreementPartner, can_record_agreement
from app.models.base import utcnow
from app.models.call import Call, CallKind, CallStatus
from app.models.call_participation import CallInterest, InterestStatus
from app.notifications.services import notify_many
from app.schemas import load

#: ``fn(actor, agreement)``, run inside the transaction in which the city signs (the projects
#: feature makes the agreement's project).
SIGNED: list = []


def agreement_of(call: Call) -> Agreement | None:
    return db.session.scalar(sa.select(Agreement).where(Agreement.call_id == call.id))


def admitted_ids(call: Call) -> set[int]:
    return set(
        db.session.scalars(
            sa.select(CallInterest.organisation_id).where(
                CallInterest.call_id == call.id, CallInterest.status == InterestStatus.ADMITTED
            )
        )
    )


def approved_minutes(call: Call) -> list[Minutes]:
    """The approved minutes of the call's co-design tables, by table date."""
    return list(
        db.session.scalars(
            sa.select(Minutes)
            .join(Workshop, Workshop.id == Minutes.workshop_id)
            .where(Workshop.call_id == call.id, Minutes.approved_at.is_not(None))
            .order_by(Workshop.starts_at, Minutes.id)
        )
    )


def _check(call: Call, fields: dict) -> list[Minutes]:
    """The rules that need the call: returns the chosen minutes."""
    errors: dict[str, list[str]] = {}
    if fields["grant"] > fields["total_budget"]:
        errors["grant"] = [_("The grant cannot exceed the project's total budget.")]
    elif fields["grant"] > call.budget_left:
        errors["grant"] = [_("The call's budget left is %(left)s euros.", left=f"{call.budget_left:.2f}")]
    available = {m.id: m for m in approved_minutes(call)}
    chosen = list(dict.fromkeys(fields["minutes"]))
    if not chosen or any(i not in available for i in chosen):
        errors["minutes"] = [_("Choose approved minutes of this call's co-design tables.")]
    admitted, seen = admitted_ids(call), set()
    for index, partner in enumerate(fields["partners"]):
        organisation = partner["organisation"]
        if organisation not in admitted:
            errors[f"partners.{index}.organisation"] = [_("Only organisations admitted to this call are partners.")]
        elif organisation in seen:
            errors[f"partners.{index}.organisation"] = [_("This organisation is already a partner.")]
        seen.add(organisation)
    shares = sum((p["share"] for p in fields["partners"]), Decimal("0"))
    if shares != fields["grant"]:
        errors["partners"] = [_("The partners' shares add up to %(sum)s euros, not to the grant.", sum=f"{shares:.2f}")]
    if errors:
        raise InvalidInput(errors)
    return [available[i] for i in chosen]


def _set_partners(agreement: Agreement, partners: list[dict]) -> None:
    """Update the partners in place (an organisation keeps its row), drop the others;
    every signature is cleared, since the text changed."""
    wanted = {p["organisation"]: p for p in partners}
    for row in list(agreement.partners):
        if row.organisation_id not in wanted:
            agreement.partners.remove(row)
    db.session.flush()
    for organisation_id, spec in wanted.items():
        row = agreement.partner_of(organisation_id)
        if row is None:
            row = AgreementPartner(organisation_id=organisation_id)
            agreement.partners.append(row)
        row.role, row.share, row.duties = spec["role"], spec["share"], spec["duties"]
        row.signed_at = row.signed_by_id = None


def record_agreement(actor, call: Call, data: dict) -> Agreement:
    """Staff record (or record again, before signing) the agreement of a co-design call."""
    if not call.can_edit(actor):
        raise PermissionDenied()
    if not can_record_agreement(call, actor):
        raise Conflict(_("The agreement is recorded for a co-design call during co-design."))
    existing = agreement_of(call)
    if existing is not None and existing.signed:
        raise Conflict(_("The agreement is signed: it can no longer change."))
    fields = load(AgreementInput, data)
    minutes = _check(call, fields)

    def write():
        agreement = existing or Agreement(call=call)
        agreement.title, agreement.summary = fields["title"], fields["summary"]
        agreement.total_budget, agreement.grant = fields["total_budget"], fields["grant"]
        agreement.minutes, agreement.recorded_by_id, agreement.updated_at = minutes, actor.id, utcnow()
        db.session.add(agreement)
        _set_partners(agreement, fields["partners"])
        db.session.flush()
        audit.record(
            actor,
            "call.agreement",
            agreement,
            city=call.city_id,
            grant=f"{agreement.grant:.2f}",
            partners={str(p.organisation_id): f"{p.share:.2f}" for p in agreement.partners},
        )
        _tell(agreement, "call.agreement_to_sign", actor)
        return agreement

    return _save(write)


def _tell(agreement: Agreement, kind: str, actor) -> None:
    ids = sa.select(AgreementPartner.organisation_id).where(AgreementPartner.agreement_id == agreement.id)
    people = [m.id for m in _members(ids)]
    notify_many(people, kind, _page(agreement.call), exclude=[actor.id], title=agreement.call.title)


def sign_agreement(actor, agreement: Agreement, data: dict) -> Agreement:
    """An owner signs for a partner organisation (``organisation``, or the only one they may
    sign for); staff of the call sign for the city last, which awards the grant."""
    if not actor.is_authenticated:
        raise Unauthenticated()
    if not agreement.can_view(actor):
        raise NotFound()
    if agreement.signed:
        raise Conflict(_("The agreement is already signed."))
    fields = load(SignInput, data)
    if fields["organisation"] is None and agreement.call.can_edit(actor):
        return _sign_for_city(actor, agreement)
    partner = _partner_to_sign(actor, agreement, fields["organisation"])

    def write():
        partner.signed_at, partner.signed_by_id = utcnow(), actor.id
        audit.record(
            actor, "call.agreement_sign", agreement, city=agreement.call.city_id, organisation=partner.organisation_id
        )
        return agreement

    return _save(write)


def _partner_to_sign(actor, agreement: Agreement, organisation_id: int | None) -> AgreementPartner:
    if organisation_id is None:
        mine = agreement.can_sign_for(actor)
        if len(mine) == 1:
            return mine[0]
        if not mine:
            raise PermissionDenied(_("Only an owner of a partner organisation signs for it."))
        raise InvalidInput({"organisation": [_("Say which organisation you sign for.")]})
    partner = agreement.partner_of(organisation_id)
    if partner is None:
        raise InvalidInput({"organisation": [_("This organisation is not a partner of the agreement.")]})
    if not partner.organisation.can_act_for(actor):
        raise PermissionDenied(_("Only an owner of a partner organisation signs for it."))
    if partner.signed:
        raise Conflict(_("This organisation has already signed."))
    return partner


def _sign_for_city(actor, agreement: Agreement) -> Agreement:
    call = agreement.call
    if not agreement.partners_signed:
        raise Conflict(_("Every partner signs before the city."))

    def write():
        lock_call(call)
        db.session.refresh(agreement)
        if agreement.signed:
            raise Conflict(_("The agreement is already signed."))
        left = commit_funds(call, agreement.grant)
        agreement.signed_at, agreement.signed_by_id = utcnow(), actor.id
        audit.record(
            actor,
            "call.agreement_signed",
            agreement,
            city=call.city_id,
            grant=f"{agreement.grant:.2f}",
            budget_left=f"{left:.2f}",
        )
        if call.status is CallStatus.CODESIGN:
            _step_to_agreement(actor, call)
        _tell(agreement, "call.agreement_signed", actor)
        for hook in SIGNED:
            hook(actor, agreement)
        return agreement

    return _save(write)


def _step_to_agreement(actor, call: Call) -> None:
    call.status = CallStatus.AGREEMENT
    audit.record(actor, "call.transition", call, to=call.status.value, reason="agreement signed")
    origin.tell_step(actor, call)
    realtime.emit_after_commit(
        "call:changed",
        {"topic": _topic(call), "status": call.status.value, "version": call.version},
        realtime.topic_room(_topic(call)),
    )


def _agreement_hook(actor, call: Call, reason: str) -> None:
    """A co-design call steps to ``agreement`` only with its agreement signed."""
    agreement = agreement_of(call)
    if call.kind is CallKind.CODESIGN and (agreement is None or not agreement.signed):
        raise Conflict(_("The call reaches the agreement step when the city signs the agreement."))


STEP_HOOKS.setdefault(CallStatus.AGREEMENT, []).append(_agreement_hook)
