"""Partnerships (reti partenariali) around ideas: the only place that writes them.

A lead organisation (owned by the actor, in the idea's city) starts the partnership of an
idea and invites partners, each with a role and what it brings; the owners of an invited
organisation accept or decline, and are told live (``notify()`` pushes ``notification``).
"""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from app import realtime
from app.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from app.extensions import db
from app.models import (
    Idea,
    Organisation,
    Partner,
    PartnerRole,
    Partnership,
    PartnerStatus,
    User,
)
from app.models.base import utcnow
from app.organisations import labels, links, queries
from app.organisations.schemas import PartnerAnswer, PartnerInvitation
from app.organisations.services import notify_owners
from app.schemas import load


def _push_counts(partnership: Partnership) -> None:
    accepted = [p for p in partnership.partners if p.status is PartnerStatus.ACCEPTED]
    for topic in (f"partnership:{partnership.id}", f"idea:{partnership.idea_id}"):
        realtime.push_counter(topic, "partners", len(accepted))


def _params(partnership: Partnership, organisation: Organisation) -> dict:
    return {"lead": partnership.lead.name, "organisation": organisation.name, "idea": partnership.idea.title}


# --- the partnership ---------------------------------------------------------------------


def start_partnership(actor: User, idea: Idea, lead: Organisation) -> Partnership:
    """An owner of ``lead`` starts the partnership of ``idea``; the lead is its first partner."""
    if not lead.can_act_for(actor):
        raise PermissionDenied(_("Only owners of %(name)s can lead a partnership for it.", name=lead.name))
    if idea.hidden:
        raise NotFound()
    if lead.city_id != idea.city_id:
        raise InvalidInput({"lead": [_("The lead organisation must be in the idea's city.")]})
    existing = db.session.scalar(sa.select(Partnership).where(Partnership.idea_id == idea.id))
    if existing is not None:
        raise Conflict(_("This idea already has a partnership, led by %(name)s.", name=existing.lead.name))
    partnership = Partnership(idea=idea, lead=lead, city_id=idea.city_id)
    partnership.partners.append(
        Partner(
            organisation=lead,
            role=PartnerRole.LEAD,
            status=PartnerStatus.ACCEPTED,
            invited_by_id=actor.id,
            responded_at=utcnow(),
        )
    )
    db.session.add(partnership)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(_("This idea already has a partnership.")) from None
    return partnership


def invite_partner(actor: User, partnership: Partnership, data: dict) -> Partner:
    """The lead's owner invites an organisation of the same city (``data``:
    :class:`~app.organisations.schemas.PartnerInvitation`), once per partnership (a declined
    or withdrawn invitation may be sent again); its owners are notified."""
    if not partnership.can_invite(actor):
        raise PermissionDenied(_("Only owners of the lead organisation can invite partners."))
    clean = load(PartnerInvitation, data)
    organisation = queries.get(Organisation, clean["organisation"])
    existing = _check_invitable(partnership, organisation)
    partner = existing or Partner(partnership=partnership, organisation=organisation)
    partner.role = clean["role"]
    partner.status = PartnerStatus.INVITED
    partner.contribution_kind = clean["contribution_kind"]
    partner.contribution_value = clean["contribution_value"]
    partner.contribution_note = clean["contribution_note"]
    partner.invited_by_id = actor.id
    partner.responded_at = None
    db.session.add(partner)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise InvalidInput(
            {"organisation": [_("%(name)s is already in this partnership.", name=organisation.name)]}
        ) from None
    notify_owners(
        organisation,
        actor,
        "partner.invited",
        links.invitations_path(),
        **_params(partnership, organisation),
    )
    _push_counts(partnership)
    db.session.commit()
    return partner


def _check_invitable(partnership: Partnership, organisation: Organisation | None) -> Partner | None:
    """The organisation may be invited: it exists, is of the partnership's city and is not
    in it yet (its earlier, declined or withdrawn, row is returned to be reused)."""
    if organisation is None:
        raise InvalidInput({"organisation": [_("Choose an organisation.")]})
    if organisation.city_id != partnership.city_id:
        raise InvalidInput(
            {
                "organisation": [
                    _("Only organisations of %(city)s can join this partnership.", city=partnership.idea.city.name)
                ]
            }
        )
    existing = db.session.scalar(
        sa.select(Partner).where(Partner.partnership_id == partnership.id, Partner.organisation_id == organisation.id)
    )
    if existing is not None and (existing.role is PartnerRole.LEAD or existing.withdrawable):
        raise InvalidInput(
            {
                "organisation": [
                    _(
                        "%(name)s is already in this partnership (%(status)s): an organisation appears only once.",
                        name=organisation.name,
                        status=str(labels.PARTNER_STATUSES[existing.status]).lower(),
                    )
                ]
            }
        )
    return existing


def withdraw_partner(actor: User, partner: Partner) -> Partner:
    """The lead's owner withdraws an invitation (or an accepted partner); its owners are told."""
    partnership = partner.partnership
    if not partner.can_withdraw(actor):
        raise PermissionDenied(_("Only owners of the lead organisation can withdraw an invitation."))
    if partner.role is PartnerRole.LEAD:
        raise InvalidInput({"partner": [_("The lead organisation cannot be withdrawn from its own partnership.")]})
    if partner.status not in (PartnerStatus.INVITED, PartnerStatus.ACCEPTED):
        raise InvalidInput({"partner": [_("This invitation was already declined or withdrawn.")]})
    partner.status = PartnerStatus.WITHDRAWN
    partner.responded_at = utcnow()
    notify_owners(
        partner.organisation,
        actor,
        "partner.withdrawn",
        links.partnership_path(partnership),
        **_params(partnership, partner.organisation),
    )
    _push_counts(partnership)
    db.session.commit()
    return partner


def answer_partner(actor: User, partner: Partner, data: dict | bool) -> Partner:
    """An owner of the invited organisation accepts or declines (``data``:
    :class:`~app.organisations.schemas.PartnerAnswer`, or ``True`` to accept); the lead's
    owners are told."""
    organisation = partner.organisation
    if not partner.can_answer(actor):
        raise PermissionDenied(_("Only owners of %(name)s can answer this invitation.", name=organisation.name))
    if isinstance(data, dict):
        accept = load(PartnerAnswer, data)["answer"] == "accept"
    else:
        accept = bool(data)
    if partner.status is not PartnerStatus.INVITED:
        raise Conflict(_("This invitation was already answered or withdrawn."))
    partnership = partner.partnership
    partner.status = PartnerStatus.ACCEPTED if accept else PartnerStatus.DECLINED
    partner.responded_at = utcnow()
    notify_owners(
        partnership.lead,
        actor,
        "partner.accepted" if accept else "partner.declined",
        links.partnership_path(partnership),
        **_params(partnership, organisation),
    )
    _push_counts(partnership)
    db.session.commit()
    return partner


def accepted_total(partnership: Partnership) -> Decimal:
    """What the accepted partners (the lead included) bring, in euros."""
    return sum(
        (p.contribution_value or Decimal("0") for p in partnership.partners if p.status is PartnerStatus.ACCEPTED),
        Decimal("0"),
    )
