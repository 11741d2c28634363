"""What people take part on: a need or an idea ("target"), seen the same way by every door.

Supports, follows, comments and reports name their target through ``need_id`` or
``idea_id``; these helpers hide that fork and resolve the target's page and live topic.
Who may see a target is the target's own ``can_view(user)``.
"""

from __future__ import annotations

import os
from functools import cache

from flask import current_app, has_request_context, url_for

from app.errors import NotFound
from app.extensions import db
from app.models import Comment, Idea, Need
from app.schemas import MAX_INT

KINDS: dict[str, type] = {"need": Need, "idea": Idea}


def kind_of(target) -> str:
    if isinstance(target, Need):
        return "need"
    if isinstance(target, Idea):
        return "idea"
    raise TypeError(f"not a participation target: {target!r}")


def topic(target) -> str:
    """The public live topic of a target (``need:12``, ``idea:7``)."""
    return f"{kind_of(target)}:{target.id}"


def fields(target) -> dict:
    """Column values that point a support, follow, comment or report at ``target``."""
    return {f"{kind_of(target)}_id": target.id}


def where(model, target):
    """``model.need_id == id`` (or ``idea_id``): the rows of ``model`` about ``target``."""
    return getattr(model, f"{kind_of(target)}_id") == target.id


def comment_target(comment: Comment):
    """The need or idea a comment belongs to."""
    return comment.target


def city_id_of(item) -> int:
    """The city a need, idea or comment belongs to (staff of that city moderate it)."""
    return item.city_id


def load(kind: str, target_id: int, user):
    """The need or idea, or :class:`NotFound` when it does not exist or is hidden from
    ``user`` (``current_user``: a visitor is ``Anonymous``)."""
    model = KINDS.get(kind)
    target = db.session.get(model, target_id) if model is not None and target_id <= MAX_INT else None
    if target is None or not target.can_view(user):
        raise NotFound()
    return target


def load_comment(comment_id: int, user) -> Comment:
    """A comment whose target ``user`` may see, or :class:`NotFound`."""
    comment = db.session.get(Comment, comment_id) if comment_id <= MAX_INT else None
    if comment is None or not comment.can_view(user):
        raise NotFound()
    return comment


# --- pages -------------------------------------------------------------------------------

_GUESSES = {
    "need": ("needs.detail", "needs.show", "needs.need", "needs.view"),
    "idea": ("ideas.detail", "ideas.show", "ideas.idea", "ideas.view"),
}


@cache
def _page_rule(kind: str, _app_id: int):
    """The GET rule of the needs (ideas) feature that shows one item: a rule of that
    blueprint whose only arguments are ``<kind>_id`` (and maybe ``city``) and that ends
    with the id; a known endpoint name first, then the shortest."""
    arg = f"{kind}_id"
    candidates = []
    for rule in current_app.url_map.iter_rules():
        if not rule.endpoint.startswith(f"{kind}s.") or "GET" not in (rule.methods or ()):
            continue
        if arg not in rule.arguments or not rule.arguments <= {arg, "city"}:
            continue
        if not rule.rule.rstrip("/").rsplit("/", 1)[-1].startswith("<"):
            continue  # /needs/<id>/edit and the like
        preferred = 0 if rule.endpoint in _GUESSES[kind] else 1
        candidates.append((preferred, len(rule.rule), rule.rule, rule))
    return sorted(candidates, key=lambda c: c[:3])[0][3] if candidates else None


def _url(endpoint: str, values: dict, anchor: str | None, external: bool) -> str:
    """``url_for`` in a request; outside one (CLI, tests, workers) the URL map, with
    ``PUBLIC_URL`` (or localhost) as the host of external links."""
    if has_request_context():
        return url_for(endpoint, **values, _anchor=anchor, _external=external)
    base = (current_app.config.get("PUBLIC_URL") or os.environ.get("PUBLIC_URL") or "http://localhost").rstrip("/")
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    if anchor:
        path += "#" + anchor
    return base + path if external else path


def page_url(target, anchor: str | None = None, external: bool = False) -> str:
    """The page of a need or idea in the web interface (its feature's detail view)."""
    kind = kind_of(target)
    rule = _page_rule(kind, id(current_app._get_current_object()))
    if rule is None:  # the feature's page is not there (yet): the city page
        return _url("main.city", {"city": target.city.slug}, anchor, external)
    values = {f"{kind}_id": target.id}
    if "city" in rule.arguments:
        values["city"] = target.city.slug
    return _url(rule.endpoint, values, anchor, external)
