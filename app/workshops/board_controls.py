"""The facilitator's controls of the live board: start, close, phases, lock, spotlight.
Rare, and they change the workshop row itself: they lock it first and read it whole. Each
follows the steps of ``board_rules.py``."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask_babel import gettext as _

from app import audit
from app.errors import InvalidInput, Locked
from app.extensions import db
from app.models.base import utcnow
from app.models.workshop import Workshop, WorkshopStatus
from app.workshops.board_payload import Checks, phase_json
from app.workshops.board_rules import live_note, next_seq, record, require_facilitator, require_live


def start_workshop(actor, workshop: Workshop) -> dict:
    """Open the board (status ``live``) and, with an agenda, its first phase. Starting a
    live workshop again changes nothing. Broadcasts ``workshop:started {seq, phase}``."""
    require_facilitator(actor, workshop)
    seq = next_seq(workshop, refresh=True)
    if workshop.status is WorkshopStatus.LIVE:
        db.session.rollback()
        return {"seq": seq - 1, "phase": phase_json(workshop)}
    if workshop.status is not WorkshopStatus.SCHEDULED:
        raise Locked(_("The workshop is over: the board is read-only."))
    now = utcnow()
    workshop.status = WorkshopStatus.LIVE
    workshop.started_at = now
    if workshop.agenda:
        workshop.phase_index = 0
        workshop.phase_ends_at = now + timedelta(minutes=workshop.agenda[0].minutes)
    payload = record(actor, workshop, seq, "workshop:started", {"phase": phase_json(workshop)})
    audit.record(actor, "workshop.start", workshop, title=workshop.title)
    db.session.commit()
    return payload


def close_workshop(actor, workshop: Workshop) -> dict:
    """Close the board for good (read-only). Broadcasts ``workshop:closed {seq}``."""
    require_facilitator(actor, workshop)
    seq = next_seq(workshop, refresh=True)
    if workshop.status is WorkshopStatus.CLOSED:
        db.session.rollback()
        return {"seq": seq - 1}
    if workshop.status is WorkshopStatus.CANCELLED:
        raise Locked(_("The workshop was cancelled."))
    workshop.status = WorkshopStatus.CLOSED
    workshop.closed_at = utcnow()
    payload = record(actor, workshop, seq, "workshop:closed", {})
    audit.record(actor, "workshop.close", workshop, title=workshop.title)
    db.session.commit()
    return payload


def set_phase(actor, workshop: Workshop, index: Any) -> dict:
    """Open phase ``index`` of the agenda; its timer (``ends_at`` = now + its minutes) is
    the one every client shows. Broadcasts ``phase:changed {seq, phase}``."""
    require_facilitator(actor, workshop)
    checks = Checks()
    index = checks.integer("index", index, minimum=0)
    checks.done()
    seq = next_seq(workshop, refresh=True)
    require_live(workshop)
    if index >= len(workshop.agenda):
        raise InvalidInput({"index": _("The agenda has no such phase.")})
    workshop.phase_index = index
    workshop.phase_ends_at = utcnow() + timedelta(minutes=workshop.agenda[index].minutes)
    payload = record(actor, workshop, seq, "phase:changed", {"phase": phase_json(workshop)})
    db.session.commit()
    return payload


def lock_board(actor, workshop: Workshop, locked: Any) -> dict:
    """Lock (or unlock) the board for participants. Broadcasts ``board:locked {seq, locked}``."""
    require_facilitator(actor, workshop)
    checks = Checks()
    locked = checks.boolean("locked", locked)
    checks.done()
    seq = next_seq(workshop, refresh=True)
    require_live(workshop)
    workshop.locked = locked
    payload = record(actor, workshop, seq, "board:locked", {"locked": locked})
    db.session.commit()
    return payload


def spotlight_note(actor, workshop: Workshop, note_id: Any) -> dict:
    """Show one note to everyone (``None`` ends the spotlight). Broadcasts
    ``note:spotlighted {seq, note_id}``."""
    require_facilitator(actor, workshop)
    checks = Checks()
    note_id = checks.integer("note_id", note_id, nullable=True)
    checks.done()
    seq = next_seq(workshop, refresh=True)
    require_live(workshop)
    if note_id is not None:
        live_note(workshop, note_id)
    workshop.spotlight_note_id = note_id
    payload = record(actor, workshop, seq, "note:spotlighted", {"note_id": note_id})
    db.session.commit()
    return payload
