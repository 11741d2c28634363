"""HTTP pages of the live board: the board itself, its accessible list view and the
projector view. They only load and authorise; everything live happens over the socket
(``shared/REALTIME.md``), driven by ``static/js/board*.js``.

Who may open them: ``Workshop.can_join_board`` (its facilitators, staff of its city,
admins and its registered participants) — the same people the socket lets join.
"""

from __future__ import annotations

from flask import current_app, render_template, url_for
from flask_login import current_user

from app.extensions import db
from app.models.base import utcnow
from app.models.workshop import Workshop
from app.permissions import object_permission, require
from app.workshops import bp
from app.workshops.board_payload import NOTE_COLORS
from app.workshops.labels import color_names
from app.workshops.queries import notes_by_group


def _optional_url(endpoint: str, **values) -> str:
    """The URL of a page another part of the workshops feature may offer (minutes, detail)."""
    if endpoint not in current_app.view_functions:
        return ""
    return url_for(endpoint, **values)


def _board_context(workshop: Workshop) -> dict:
    # the page reveals the minutes link when the workshop closes (the draft, for managers)
    minutes = workshop.can_read_minutes(current_user)
    return {
        "workshop": workshop,
        "agenda": workshop.agenda,
        "colors": [(c, color_names()[c]) for c in NOTE_COLORS],
        "server_now": utcnow().isoformat(timespec="milliseconds"),
        "detail_url": _optional_url("workshops.detail", workshop_id=workshop.id),
        "minutes_url": _optional_url("workshops.minutes", workshop_id=workshop.id) if minutes else "",
        "minutes_pdf_url": _optional_url("workshops.minutes_pdf", workshop_id=workshop.id) if minutes else "",
    }


def _load(workshop_id: int) -> Workshop:
    workshop = db.get_or_404(Workshop, workshop_id)
    require(workshop.can_join_board(current_user))
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
    groups, by_group = notes_by_group(workshop.id, by_votes=False)
    sections = [(g.id, g.title, by_group.get(g.id, [])) for g in groups]
    loose = by_group.get(None, [])  # ungrouped, or in a group removed
    return render_template("workshops/board_list.html", sections=sections, loose=loose, **_board_context(workshop))


@bp.route("/workshops/<int:workshop_id>/projector")
@object_permission("workshop board: facilitators, city staff, registered participants")
def projector(workshop_id: int):
    """A read-only view for a projector or a shared screen: big text, timer, spotlight."""
    workshop = _load(workshop_id)
    return render_template("workshops/projector.html", **_board_context(workshop))
