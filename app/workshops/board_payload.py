"""What the live board accepts and what it sends (``shared/REALTIME.md``).

Checks of untrusted values (a socket payload is anything JSON can carry) that collect
every problem into one :class:`~app.errors.InvalidInput`, and the JSON shapes of the
board's objects: ``Note``, ``Group``, ``Message``, ``Phase``.
"""

from __future__ import annotations

import math
from typing import Any

from flask_babel import gettext as _

from app.errors import InvalidInput
from app.models.board import BoardGroup, BoardNote, ChatMessage
from app.models.workshop import Workshop

#: Note colours (the board's CSS has a class ``note-<name>`` for each).
NOTE_COLORS = ("yellow", "pink", "blue", "green", "orange", "purple")
DEFAULT_COLOR = "yellow"
#: Coordinates are within 0..BOARD_WIDTH and 0..BOARD_HEIGHT.
BOARD_WIDTH = 10000
BOARD_HEIGHT = 10000
TEXT_MAX = 500
CHAT_MAX = 1000
CLIENT_ID_MAX = 64
#: Largest id or version accepted (beyond a 64-bit integer a database would fail).
INT_MAX = 2**53


class Checks:
    """Collects field errors; ``done()`` raises them all at once."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def fail(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)

    def done(self) -> None:
        if self.errors:
            raise InvalidInput(self.errors)

    # --- one value each; they return None after recording an error ---------------------

    def integer(self, name: str, value: Any, *, minimum: int = 1, nullable: bool = False) -> int | None:
        if value is None:
            if not nullable:
                self.fail(name, _("Required."))
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(name, _("Must be a whole number."))
            return None
        if not minimum <= value <= INT_MAX:
            self.fail(name, _("Out of range."))
            return None
        return value

    def text(self, name: str, value: Any, maximum: int) -> str | None:
        if value is None:
            self.fail(name, _("Required."))
            return None
        if not isinstance(value, str):
            self.fail(name, _("Must be text."))
            return None
        value = value.strip()
        if not value:
            self.fail(name, _("Write something first."))
            return None
        if len(value) > maximum:
            self.fail(name, _("At most %(n)s characters.", n=maximum))
            return None
        if "\x00" in value:
            self.fail(name, _("Contains a character that is not allowed."))
            return None
        return value

    def client_id(self, value: Any) -> str | None:
        if not isinstance(value, str) or not value.strip():
            self.fail("client_id", _("Required: an id of your choice for this new item."))
            return None
        if len(value) > CLIENT_ID_MAX or "\x00" in value:
            self.fail("client_id", _("At most %(n)s characters.", n=CLIENT_ID_MAX))
            return None
        return value

    def color(self, value: Any) -> str | None:
        if value not in NOTE_COLORS or not isinstance(value, str):
            self.fail("color", _("Choose one of the board's colours."))
            return None
        return value

    def coordinate(self, name: str, value: Any, maximum: float) -> float | None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(name, _("Must be a number."))
            return None
        value = float(value)
        if not math.isfinite(value) or not 0 <= value <= maximum:
            self.fail(name, _("Must be between 0 and %(max)s.", max=int(maximum)))
            return None
        return value

    def boolean(self, name: str, value: Any) -> bool | None:
        if not isinstance(value, bool):
            self.fail(name, _("Must be true or false."))
            return None
        return value


# --- JSON shapes --------------------------------------------------------------------------


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def author_json(user) -> dict:
    if user is None:
        return {"id": None, "name": ""}
    return {"id": user.id, "name": user.display_name}


def note_json(note: BoardNote) -> dict:
    return note_fields(note, author_json(note.author))


def note_fields(note, author: dict) -> dict:
    """A note's JSON from anything with its columns (an ORM object or a result row)."""
    return {
        "id": note.id,
        "client_id": note.client_id,
        "workshop_id": note.workshop_id,
        "author": author,
        "text": note.text,
        "color": note.color,
        "x": note.x,
        "y": note.y,
        "group_id": note.group_id,
        "version": note.version,
        "created_at": _iso(note.created_at),
        "updated_at": _iso(note.updated_at),
    }


def group_json(group: BoardGroup) -> dict:
    return {
        "id": group.id,
        "client_id": group.client_id,
        "workshop_id": group.workshop_id,
        "title": group.title,
        "x": group.x,
        "y": group.y,
        "version": group.version,
    }


def message_json(message: ChatMessage) -> dict:
    return {
        "id": message.id,
        "client_id": message.client_id,
        "workshop_id": message.workshop_id,
        "author": author_json(message.author),
        "text": message.text,
        "created_at": _iso(message.created_at),
    }


def phase_json(workshop: Workshop) -> dict | None:
    """The current phase, or None when the workshop has no agenda (or none is open)."""
    index = workshop.phase_index
    if index is None or not 0 <= index < len(workshop.agenda):
        return None
    phase = workshop.agenda[index]
    return {"index": index, "name": phase.name, "kind": phase.kind.value, "ends_at": _iso(workshop.phase_ends_at)}


def agenda_json(workshop: Workshop) -> list[dict]:
    return [
        {"index": i, "name": p.name, "kind": p.kind.value, "minutes": p.minutes} for i, p in enumerate(workshop.agenda)
    ]
