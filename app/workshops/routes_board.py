"""HTTP pages of the live board: the board itself, its accessible list view and the
projector view. They only load and authorise; everything live happens over the socket
(``shared/REALTIME.md``), driven by ``static/js/board*.js``.

Who may open them: ``Workshop.can_join_board`` (its facilitators, staff of its city,
admins and its registered participants) — the same people the socket lets join.
"""

from __future__ import annotations

from flask import current_app, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.extensions import db
from app.models.base import utcnow
from app.models.workshop import Workshop
from app.permissions import object_permission, require
from app.workshops import bp
from app.workshops.board_payload import NOTE_COLORS
from app.workshops.queries import notes_by_group


def _color_names() -> dict[str, str]:
    return {
        "yellow": _("Yellow"),
        "pink": _("Pink"),
        "blue": _("Blue"),
        "green": _("Green"),
        "orange": _("Orange"),
        "purple": _("Purple"),
    }


def board_strings() -> dict[str, str]:
    """The words the board's JavaScript shows, in the reader's language (``%(x)s`` is filled
    in by the script)."""
    return {
        "connected": _("Connected"),
        "connecting": _("Connecting…"),
        "offline": _("Connection lost: reconnecting. Your changes are kept and will be sent."),
        "pending": _("%(n)s changes waiting to be sent"),
        "pending_one": _("1 change waiting to be sent"),
        "phase_none": _("No agenda: everything is open"),
        "kind_brainstorm": _("Ideas"),
        "kind_cluster": _("Grouping"),
        "kind_vote": _("Voting"),
        "kind_discuss": _("Discussion"),
        "time_up": _("Time is up"),
        "minute_left": _("One minute left in this phase."),
        "phase_changed": _("Phase: %(name)s"),
        "status_scheduled": _("The workshop has not started yet: the board is read-only."),
        "status_closed": _("The workshop is closed: the board is read-only."),
        "status_cancelled": _("The workshop was cancelled."),
        "locked": _("The facilitator has locked the board."),
        "badge_scheduled": _("Not started"),
        "badge_live": _("Live"),
        "badge_closed": _("Closed"),
        "badge_cancelled": _("Cancelled"),
        "votes_left": _("Votes left: %(n)s of %(total)s"),
        "votes": _("%(n)s votes"),
        "votes_one": _("1 vote"),
        "vote_up": _("Add a vote"),
        "vote_down": _("Remove a vote"),
        "my_votes": _("your votes: %(n)s"),
        "note_label": _("Note by %(author)s: %(text)s"),
        "note_sending": _("sending…"),
        "edit": _("Edit"),
        "save": _("Save"),
        "cancel": _("Cancel"),
        "delete": _("Delete"),
        "spotlight": _("Spotlight"),
        "spotlight_off": _("Remove spotlight"),
        "spotlighted": _("In the spotlight: %(text)s"),
        "in_spotlight": _("in the spotlight"),
        "note_text": _("Text of the note"),
        "group_title": _("Title of the group"),
        "rename": _("Rename"),
        "ungrouped": _("Not in a group"),
        "group_label": _("Group: %(title)s"),
        "new_note": _("New note from %(author)s: %(text)s"),
        "new_group": _("New group: %(title)s"),
        "note_deleted": _("A note was removed."),
        "conflict": _("Someone else changed this note meanwhile: you now see their version."),
        "conflict_group": _("Someone else changed this group meanwhile: you now see their version."),
        "server_error": _("Something went wrong on our side. Please try again."),
        "not_sent": _("Not sent: %(message)s"),
        "resent": _("Reconnected: your waiting changes have been sent."),
        "moved_to_group": _("Note moved to the group %(title)s."),
        "nobody": _("Nobody is connected yet."),
        "participants": _("%(n)s connected"),
        "participants_one": _("1 connected"),
        "you": _("you"),
        "workshop_started": _("The workshop has started."),
        "workshop_closed": _("The workshop is closed: the board is now read-only."),
        "board_locked": _("The board is locked."),
        "board_unlocked": _("The board is unlocked."),
        "confirm_delete": _("Delete this note?"),
        "confirm_delete_group": _("Delete the group “%(title)s”? Its notes stay on the board."),
        "empty_text": _("Write something first."),
        "no_notes": _("No notes yet."),
        "phase_of": _("Phase %(n)s of %(total)s"),
    }


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
        "colors": [(c, _color_names()[c]) for c in NOTE_COLORS],
        "strings": board_strings(),
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
