"""Closing the loop after a workshop: groups and notes of the final board become ideas
(linked to the workshop and its needs, crediting the note authors), and the minutes are
written, approved and frozen (followers of the needs and ideas are told)."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import format_date
from flask_babel import gettext as _

from app import audit
from app.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from app.extensions import db
from app.ideas.services import propose_idea
from app.models import Follow, Idea
from app.models.base import utcnow
from app.models.board import BoardGroup, BoardNote
from app.models.workshop import (
    Minutes,
    Registration,
    RegistrationStatus,
    Workshop,
    WorkshopStatus,
)
from app.notifications.services import notify_many
from app.schemas import load
from app.workshops.common import clean, ideas_produced, lock_workshop, workshop_url
from app.workshops.minutes import build_snapshot
from app.workshops.queries import board_notes
from app.workshops.schemas import IdeaFromBoardInput, MinutesInput


def _md_escape(text: str) -> str:
    for char in "\\`*_[]<>#|!":
        text = text.replace(char, "\\" + char)
    return text.replace("\n", " ")


def _idea_body(workshop: Workshop, notes: list[BoardNote], group_title: str | None) -> str:
    lines = [
        _(
            "This idea comes from the co-design workshop “%(title)s” of %(date)s.",
            title=_md_escape(workshop.title),
            date=format_date(workshop.starts_at, "long"),
        ),
        "",
    ]
    if group_title:
        lines += [_("Group on the board: %(title)s", title=_md_escape(group_title)), ""]
    lines += ["**" + _("Notes from the board") + "**", ""]
    for note in notes:
        name = note.author.display_name if note.author else _("Removed account")
        votes = _(" (%(n)s votes)", n=note.vote_total) if note.vote_total else ""
        lines.append(f"- {_md_escape(note.text)} — {_md_escape(name)}{votes}")
    contributors = sorted({n.author.display_name for n in notes if n.author})
    lines += ["", "**" + _("Contributors") + "**: " + _md_escape(", ".join(contributors))]
    return "\n".join(lines)


def _summary_from(notes: list[BoardNote]) -> str:
    text = "; ".join(n.text.replace("\n", " ") for n in notes)
    return text[:497] + "…" if len(text) > 500 else text


def _propose(actor, workshop: Workshop, *, title: str, summary: str, body: str) -> Idea:
    """The idea, through the ideas feature's one door (in the caller's transaction)."""
    return propose_idea(
        actor,
        city=workshop.city,
        title=title,
        summary=summary,
        body=body,
        need_ids=[n.id for n in workshop.needs],
        area=workshop.area,
        workshop=workshop,
        commit=False,
    )


def _check_closed(actor, workshop: Workshop) -> None:
    if not workshop.can_manage(actor):
        raise PermissionDenied()
    if workshop.status is not WorkshopStatus.CLOSED:
        raise Conflict(_("Close the workshop first: ideas are made from the final board."))


def _idea_fields(
    workshop: Workshop, title: str | None, summary: str | None, default_title: str, notes
) -> tuple[str, str]:
    """Title and summary of the idea: as written, or made from the group and its notes
    (within the ideas feature's bounds: title 5-140, summary 10-500 characters)."""
    values = load(IdeaFromBoardInput, {"title": title or "", "summary": summary or ""})
    title = " ".join(values["title"].split()) or " ".join(clean(default_title).split())
    if len(title) > 140:
        title = title[:139] + "…"
    summary = values["summary"]
    if not summary:
        summary = _summary_from(notes)
        if len(summary) < 10:
            summary = _("From the workshop “%(title)s”: %(notes)s", title=workshop.title, notes=summary)[:500]
    fields = {}
    if len(title) < 5:
        fields["title"] = [_("Give the idea a title of at least 5 characters.")]
    if len(summary) < 10:
        fields["summary"] = [_("Write a summary of at least 10 characters.")]
    if fields:
        raise InvalidInput(fields)
    return title, summary


def _unconverted(actor, workshop: Workshop, item, taken: str) -> Workshop:
    """The closed workshop, locked, once ``item`` (a live note or group of its board, read
    afresh) has not become an idea yet (``Conflict(taken)`` otherwise)."""
    _check_closed(actor, workshop)
    if item.workshop_id != workshop.id or item.deleted_at is not None:
        raise NotFound()
    workshop = lock_workshop(workshop)
    db.session.refresh(item)
    if item.idea_id is not None:
        raise Conflict(taken)
    return workshop


def turn_group_into_idea(actor, workshop: Workshop, group: BoardGroup, *, title=None, summary=None) -> Idea:
    """After the workshop: a group of notes becomes an idea linked to the workshop and its
    needs, crediting the note authors (the idea's body lists their notes and names)."""
    workshop = _unconverted(actor, workshop, group, _("This group has already become an idea."))
    notes = board_notes(workshop.id, group_id=group.id)
    if not notes:
        raise InvalidInput({"group": [_("This group has no notes.")]})
    title, summary = _idea_fields(workshop, title, summary, group.title, notes)
    idea = _propose(actor, workshop, title=title, summary=summary, body=_idea_body(workshop, notes, group.title))
    group.idea_id = idea.id
    for note in notes:
        if note.idea_id is None:
            note.idea_id = idea.id
    audit.record(actor, "workshop.idea_from_group", workshop, group=group.id, idea=idea.id)
    db.session.commit()
    return idea


def turn_note_into_idea(actor, workshop: Workshop, note: BoardNote, *, title=None, summary=None) -> Idea:
    """After the workshop: one note becomes an idea (linked and credited as for a group)."""
    workshop = _unconverted(actor, workshop, note, _("This note has already become an idea."))
    title, summary = _idea_fields(workshop, title, summary, note.text, [note])
    idea = _propose(actor, workshop, title=title, summary=summary, body=_idea_body(workshop, [note], None))
    note.idea_id = idea.id
    audit.record(actor, "workshop.idea_from_note", workshop, note=note.id, idea=idea.id)
    db.session.commit()
    return idea


def minutes_of(workshop: Workshop) -> Minutes | None:
    return db.session.scalar(sa.select(Minutes).where(Minutes.workshop_id == workshop.id))


def save_minutes(actor, workshop: Workshop, *, decisions: str, notes: str = "") -> Minutes:
    """Save the draft minutes (decisions and free notes). Refused once approved."""
    if not workshop.can_manage(actor):
        raise PermissionDenied()
    if workshop.status is not WorkshopStatus.CLOSED:
        raise Conflict(_("The minutes are written after the workshop is closed."))
    values = load(MinutesInput, {"decisions": decisions or "", "notes": notes or ""})
    workshop = lock_workshop(workshop)
    minutes = minutes_of(workshop)
    if minutes is None:
        minutes = Minutes(workshop_id=workshop.id)
        db.session.add(minutes)
    elif minutes.approved_at is not None:
        raise Conflict(_("The minutes are approved and can no longer change."))
    minutes.decisions, minutes.notes = values["decisions"], values["notes"]
    db.session.commit()
    return minutes


def approve_minutes(actor, workshop: Workshop, *, decisions: str | None = None, notes: str | None = None) -> Minutes:
    """Freeze the minutes: everything they show (attendees, agenda, notes by group, votes,
    decisions, ideas produced) is captured now, so later changes change nothing. Followers
    of the workshop's needs and ideas, and its participants, are told."""
    if decisions is not None:
        minutes = save_minutes(actor, workshop, decisions=decisions, notes=notes or "")
    else:
        if not workshop.can_manage(actor):
            raise PermissionDenied()
        if workshop.status is not WorkshopStatus.CLOSED:
            raise Conflict(_("The minutes are written after the workshop is closed."))
        minutes = minutes_of(workshop)
    workshop = lock_workshop(workshop)
    if minutes is None:
        minutes = Minutes(workshop_id=workshop.id, decisions="", notes="")
        db.session.add(minutes)
        db.session.flush()
    db.session.refresh(minutes)
    if minutes.approved_at is not None:
        raise Conflict(_("The minutes are already approved."))
    now = utcnow()
    minutes.approved_at = now
    minutes.approved_by_id = actor.id
    minutes.snapshot = build_snapshot(workshop, minutes, approved_at=now, approved_by=actor)
    _notify_minutes(actor, workshop)
    audit.record(actor, "workshop.minutes_approve", workshop, title=workshop.title)
    db.session.commit()
    return minutes


def _notify_minutes(actor, workshop: Workshop) -> None:
    need_ids = [n.id for n in workshop.needs]
    idea_ids = [i.id for i in workshop.ideas] + [i.id for i in ideas_produced(workshop)]
    conditions = []
    if need_ids:
        conditions.append(Follow.need_id.in_(need_ids))
    if idea_ids:
        conditions.append(Follow.idea_id.in_(idea_ids))
    people = list(db.session.scalars(sa.select(Follow.user_id).where(sa.or_(*conditions)))) if conditions else []
    people += db.session.scalars(
        sa.select(Registration.user_id).where(
            Registration.workshop_id == workshop.id, Registration.status == RegistrationStatus.REGISTERED
        )
    ).all()
    url = workshop_url(workshop, "workshops.minutes")
    notify_many(people, "workshop.minutes", url, exclude=[actor.id], title=workshop.title)
