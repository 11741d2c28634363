"""HTTP pages of the live board: the board itself, its accessible list view and the
projector view. They only load and authorise; everything live happens over the socket
(``shared/REALTIME.md``), driven by ``static/js/board*.js``.

Who may open them: the workshop's facilitators, staff of its city (and admins) and its
registered participants (``can_join_board``) — the same people the socket lets join.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.extensions import db
from app.models.base import utcnow
from app.models.board import BoardGroup, BoardNote
from app.models.workshop import Minutes, Workshop
from app.permissions import object_permission, require
from app.workshops import bp
from app.workshops.board_payload import NOTE_COLORS
from app.workshops.permissions import can_join_board, can_manage


def _color_names() -> dict[str, str]:
    return {
        "yellow": _("Yellow"),
        "pink": _("Pink"),
        "blue": _("Blue"),
        "green": _("Green"),
        "orange": _("Orange"),
        "purple": _("Purple"),
    }


def _optional_url(endpoint: str, **values) -> str:
    """The URL of a page another part of the workshops feature may offer (minutes, detail)."""
    if endpoint not in current_app.view_functions:
        return ""
    return url_for(endpoint, **values)


def _minutes_ready(workshop: Workshop, manager: bool) -> bool:
    """Facilitators see the draft minutes once the workshop is closed; everyone else once
    they are approved."""
    if manager:
        return True
    approved = db.session.scalar(sa.select(Minutes.approved_at).where(Minutes.workshop_id == workshop.id))
    return approved is not None


def _board_context(workshop: Workshop) -> dict:
    manager = can_manage(current_user, workshop)
    minutes = _minutes_ready(workshop, manager)
    return {
        "workshop": workshop,
        "role": "facilitator" if manager else "participant",
        "is_facilitator": manager,
        "agenda": workshop.agenda,
        "colors": [(c, _color_names()[c]) for c in NOTE_COLORS],
        "server_now": utcnow().isoformat(timespec="milliseconds"),
        "detail_url": _optional_url("workshops.detail", workshop_id=workshop.id),
        "minutes_url": _optional_url("workshops.minutes", workshop_id=workshop.id) if minutes else "",
        "minutes_pdf_url": _optional_url("workshops.minutes_pdf", workshop_id=workshop.id) if minutes else "",
    }


def _load(workshop_id: int) -> Workshop:
    workshop = db.get_or_404(Workshop, workshop_id)
    require(can_join_board(current_user, workshop))
    return workshop


@bp.route("/workshops/<int:workshop_id>/board")
@object_permission("workshop board: facilitators, city staff, registered participants")
def board(workshop_id: int):
    """The live board: sticky notes on a canvas, groups, votes, timer, presence and chat."""
    workshop = _load(workshop_id)
    return render_template("workshops/board.html", **_board_context(workshop))


@bp.route("/workshops/<int:workshop_id>/board/list")
@object_permission("workshop board: facilitators, city staff, registered participants")
def board_list(workshop_id: int):
    """The same live board as lists and forms (screen readers, keyboards, phones). Without
    JavaScript it shows the board as it is now."""
    workshop = _load(workshop_id)
    groups = db.session.scalars(
        sa.select(BoardGroup)
        .where(BoardGroup.workshop_id == workshop.id, BoardGroup.deleted_at.is_(None))
        .order_by(BoardGroup.id)
    ).all()
    notes = db.session.scalars(
        sa.select(BoardNote)
        .where(BoardNote.workshop_id == workshop.id, BoardNote.deleted_at.is_(None))
        .order_by(BoardNote.id)
    ).all()
    by_group: dict[int | None, list[BoardNote]] = {}
    for note in notes:
        by_group.setdefault(note.group_id, []).append(note)
    sections = [(g.id, g.title, by_group.pop(g.id, [])) for g in groups]
    loose = [n for group_notes in by_group.values() for n in group_notes]  # ungrouped or orphaned
    return render_template("workshops/board_list.html", sections=sections, loose=loose, **_board_context(workshop))


@bp.route("/workshops/<int:workshop_id>/projector")
@object_permission("workshop board: facilitators, city staff, registered participants")
def projector(workshop_id: int):
    """A read-only view for a projector or a shared screen: big text, timer, spotlight."""
    workshop = _load(workshop_id)
    return render_template("workshops/projector.html", **_board_context(workshop))
