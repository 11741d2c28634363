"""Words of the workshops' pages that code hands to templates and scripts."""

from __future__ import annotations

from flask_babel import gettext as _


def color_names() -> dict[str, str]:
    return {
        "yellow": _("Yellow"),
        "pink": _("Pink"),
        "blue": _("Blue"),
        "green": _("Green"),
        "orange": _("Orange"),
        "purple": _("Purple"),
    }


def _vote_and_note_strings() -> dict[str, str]:
    return {
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
