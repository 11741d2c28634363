"""Demo participation: supports, comment threads in Italian, staff answers and status
changes, and a few reports, on the demo needs and ideas (``data/participation.json``).

Rows are written directly, dated after the need or idea they belong to, without live
pushes or mails; counters are recounted at the end. Nothing happens when there are no needs
or ideas yet, or when the demo participation is already there (idempotent).
"""

from __future__ import annotations

import random
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from app import audit
from app.demo.common import by_email, load, new_account
from app.extensions import db
from app.models import (
    City,
    Comment,
    EmailFrequency,
    Follow,
    Idea,
    Need,
    NeedStatus,
    NeedStatusChange,
    Notification,
    Report,
    Role,
    Support,
    User,
)
from app.models.base import utcnow
from app.participation import targets
from app.text import render_markdown

PER_CITY = 60  # needs (and ideas) per city that get participation

DATA = load("participation")
#: The demo's commenters: login (before @demo.cantiere.local) and name.
RESIDENTS = DATA["residents"]
#: Comment threads: a comment and its replies, for needs and for ideas.
NEED_THREADS = DATA["need_threads"]
IDEA_THREADS = DATA["idea_threads"]
#: What staff answered, by the status they moved a need to.
ANSWERS = {NeedStatus(status): text for status, text in DATA["answers"].items()}
PATHS = {
    1: [NeedStatus.UNDER_REVIEW],
    2: [NeedStatus.UNDER_REVIEW, NeedStatus.BEING_ADDRESSED],
    3: [NeedStatus.UNDER_REVIEW, NeedStatus.BEING_ADDRESSED, NeedStatus.ADDRESSED],
    4: [NeedStatus.UNDER_REVIEW, NeedStatus.DECLINED],
}
SPAM = DATA["spam"]


def _user(email: str, name: str) -> User:
    user = by_email(email)
    if user is None:
        user = new_account(email, name, None, email_frequency=EmailFrequency.NEVER)
        db.session.flush()
    return user


def _staff_for(city_id: int) -> User | None:
    staff = by_email("staff@demo.cantiere.local")
    if staff is not None and staff.has_role(Role.STAFF, city_id):
        return staff
    return by_email("admin@demo.cantiere.local")


class _Clock:
    """Moments after an item was posted, in order, never in the future."""

    def __init__(self, start, rng: random.Random):
        self.now = utcnow()
        self.at = min(start, self.now - timedelta(hours=2))
        self.rng = rng

    def next(self):
        room = max((self.now - self.at).total_seconds(), 60)
        self.at = min(self.at + timedelta(seconds=self.rng.uniform(0.02, 0.2) * room), self.now)
        return self.at


def _comment(target, author: User, text: str, at, parent: Comment | None = None) -> Comment:
    comment = Comment(
        author_id=author.id,
        parent_id=parent.id if parent else None,
        body=text,
        body_html=render_markdown(text),
        created_at=at,
        report_count=0,
        hidden=False,
        **targets.fields(target),
    )
    db.session.add(comment)
    db.session.flush()
    return comment


def _threads(target, pool: list[User], corpus, rng: random.Random, clock: _Clock) -> list[Comment]:
    made = []
    for thread in rng.sample(corpus, k=rng.randint(0, min(3, len(corpus)))):
        author = rng.choice([p for p in pool if p.id != target.author_id] or pool)
        top = _comment(target, author, thread["comment"], clock.next())
        made.append(top)
        for reply_text in thread["replies"]:
            replier = rng.choice([p for p in pool if p.id != author.id])
            made.append(_comment(target, replier, reply_text, clock.next(), parent=top))
    return made


def _supports(target, pool: list[User], rng: random.Random, clock: _Clock) -> None:
    """Supports, and the follows that come with them (unless the person follows already)."""
    following = set(db.session.scalars(sa.select(Follow.user_id).where(targets.where(Follow, target))))
    for person in rng.sample(pool, k=rng.randint(0, len(pool))):
        at = clock.next()
        db.session.add(Support(user_id=person.id, created_at=at, **targets.fields(target)))
        if person.id not in following:
            db.session.add(Follow(user_id=person.id, created_at=at, **targets.fields(target)))


def _answers(need: Need, index: int, clock: _Clock) -> None:
    """A public history that ends at the need's status (or a made-up one for open needs)."""
    if db.session.scalar(sa.select(NeedStatusChange.id).where(NeedStatusChange.need_id == need.id).limit(1)):
        return
    if need.status is NeedStatus.OPEN:
        path = PATHS.get(index % 6, [])
    else:
        path = next((p for p in PATHS.values() if p[-1] is need.status), [need.status])
    staff = _staff_for(need.city_id)
    previous = NeedStatus.OPEN
    for status in path:
        at = clock.next()
        db.session.add(
            NeedStatusChange(
                need_id=need.id,
                actor_id=staff.id if staff else None,
                from_status=previous,
                to_status=status,
                text=ANSWERS.get(status, ""),
                created_at=at,
            )
        )
        entry = audit.record(staff, "need.status", need, city=need.city_id, from_status=previous, to_status=status)
        entry.at = at
        previous = status
    need.status = previous


def _report(item, people: list[User], reasons: list[str], at) -> None:
    for n, (person, reason) in enumerate(zip(people, reasons, strict=True)):
        moment = at + timedelta(minutes=37 * n)
        db.session.add(Report(reporter_id=person.id, reason=reason, created_at=moment, **_report_field(item)))
    item.report_count = len(people)
    if len(people) >= 3:  # as the third report did: hidden pending review
        item.hidden, item.hidden_at, item.hidden_reason = True, moment, None
        entry = audit.record(None, "moderation.auto_hide", item, city=targets.city_id_of(item), reports=len(people))
        entry.at = moment


def _report_field(item) -> dict:
    return {"comment_id": item.id} if isinstance(item, Comment) else targets.fields(item)


def _recount(model, ids: list[int]) -> None:
    column = model.__tablename__ + "_id"
    for item_id in ids:
        supports = sa.select(sa.func.count()).select_from(Support).where(getattr(Support, column) == item_id)
        comments = (
            sa.select(sa.func.count())
            .select_from(Comment)
            .where(getattr(Comment, column) == item_id, Comment.deleted_at.is_(None), Comment.hidden.is_(False))
        )
        db.session.execute(
            sa.update(model)
            .where(model.id == item_id)
            .values(support_count=supports.scalar_subquery(), comment_count=comments.scalar_subquery())
        )


def seed(progress) -> None:
    needs_exist = db.session.scalar(sa.select(Need.id).limit(1))
    ideas_exist = db.session.scalar(sa.select(Idea.id).limit(1))
    if not needs_exist and not ideas_exist:
        progress("no needs or ideas yet: participation skipped")
        return
    residents = [_user(f"{r['login']}@demo.cantiere.local", r["name"]) for r in RESIDENTS]
    if db.session.scalar(sa.select(Comment.id).where(Comment.author_id.in_([r.id for r in residents])).limit(1)):
        progress("demo participation already there")
        return
    pool = residents + [u for u in (by_email("resident@demo.cantiere.local"), by_email("org@demo.cantiere.local")) if u]
    with current_app.test_request_context("/"):
        totals = _seed(pool)
    progress("{supports} supports, {comments} comments, {answers} staff answers, {reports} reports".format(**totals))


def _seed(pool: list[User]) -> dict:
    rng = random.Random(35)
    touched: dict[type, list[int]] = {Need: [], Idea: []}
    comments: list[Comment] = []
    answers_before = db.session.scalar(sa.select(sa.func.count()).select_from(NeedStatusChange))
    for city in db.session.scalars(sa.select(City).order_by(City.id)):
        needs = db.session.scalars(
            sa.select(Need).where(Need.city_id == city.id, Need.hidden.is_(False)).order_by(Need.id).limit(PER_CITY)
        ).all()
        for index, need in enumerate(needs):
            clock = _Clock(need.created_at, random.Random(need.id))
            _supports(need, pool, rng, clock)
            comments += _threads(need, pool, NEED_THREADS, rng, clock)
            _answers(need, index, clock)
            touched[Need].append(need.id)
        ideas = db.session.scalars(
            sa.select(Idea).where(Idea.city_id == city.id, Idea.hidden.is_(False)).order_by(Idea.id).limit(PER_CITY)
        ).all()
        for idea in ideas:
            clock = _Clock(idea.created_at, random.Random(idea.id))
            _supports(idea, pool, rng, clock)
            comments += _threads(idea, pool, IDEA_THREADS, rng, clock)
            touched[Idea].append(idea.id)
    reports = _seed_reports(pool, touched, comments)
    db.session.flush()
    for model, ids in touched.items():
        _recount(model, ids)
    _seed_notifications(pool, comments)
    return {
        "supports": db.session.scalar(sa.select(sa.func.count()).select_from(Support)),
        "comments": len(comments),
        "answers": db.session.scalar(sa.select(sa.func.count()).select_from(NeedStatusChange)) - answers_before,
        "reports": reports,
    }


def _seed_reports(pool: list[User], touched: dict, comments: list[Comment]) -> int:
    """Advertising hidden after three reports, a comment and a need with one open report:
    the moderation queue of the first city with needs has something to show."""
    if not touched[Need]:
        return 0
    need = db.session.get(Need, touched[Need][0])
    spammer, *others = pool
    spam = _comment(need, spammer, SPAM, utcnow() - timedelta(days=2))
    comments.append(spam)
    _report(spam, others[:3], DATA["spam_reports"], utcnow() - timedelta(days=1))
    count = 3
    heated = next((c for c in comments if c.need_id == need.id and c is not spam), None)
    if heated is not None:
        reporter = next(p for p in others if p.id != heated.author_id)
        _report(heated, [reporter], [DATA["heated_report"]], utcnow() - timedelta(hours=20))
        count += 1
    if len(touched[Need]) > 1:
        second = db.session.get(Need, touched[Need][1])
        reporter = next(p for p in others if p.id != second.author_id)
        _report(second, [reporter], [DATA["duplicate_report"]], utcnow())
        count += 1
    return count


def _seed_notifications(pool: list[User], comments: list[Comment]) -> None:
    """What the demo resident would have been told: replies to their comments (already
    "mailed", so that no digest picks them up)."""
    resident = next((p for p in pool if p.email == "resident@demo.cantiere.local"), None)
    if resident is None:
        return
    mine = {c.id for c in comments if c.author_id == resident.id}
    for reply in comments:
        if reply.parent_id in mine and reply.author_id != resident.id:
            target = targets.comment_target(reply)
            author = db.session.get(User, reply.author_id)
            db.session.add(
                Notification(
                    user_id=resident.id,
                    kind="comment.reply",
                    params={"title": target.title, "name": author.display_name},
                    url=targets.page_url(target, anchor=f"comment-{reply.id}"),
                    created_at=reply.created_at,
                    emailed_at=reply.created_at,
                )
            )
