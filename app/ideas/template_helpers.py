"""What the templates of other features use from ideas: the ideas answering a need (for
``ideas/_for_need.html``), stage labels and badges, and links to needs."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.extensions import db
from app.ideas import bp, links, queries, stages


def city_section(city) -> list[tuple[str, str]]:
    """The city page's button to the city's ideas."""
    return [(_("Ideas"), url_for("ideas.index", city=city.slug))]


@bp.app_template_global()
def ideas_for_need(need, limit: int = 5) -> dict:
    """The ideas that answer ``need`` (most supported first), how many there are, and the
    link to propose another one."""
    ideas = queries.ideas_for_need(need, current_user, limit=limit)
    total = queries.count_ideas_for_need(need)
    return {
        "ideas": ideas,
        "total": max(total, len(ideas)),
        "all_url": url_for("ideas.index", city=need.city.slug, need=need.id),
        "propose_url": url_for("ideas.new", city=need.city.slug, need=need.id),
    }


@bp.app_template_global()
def idea_stage_label(stage) -> str:
    return stages.label(stage)


@bp.app_template_global()
def idea_stage_badge(stage) -> str:
    parsed = stages.parse(stage)
    return stages.BADGES.get(parsed, "bg-secondary")


@bp.app_template_global()
def idea_stage_labels() -> dict[str, str]:
    """Every stage's label in the reader's language by its value (for the live lists)."""
    return {stage.value: label for stage, label in stages.labels().items()}


@bp.app_template_global()
def idea_stage_badges() -> dict[str, str]:
    """Every stage's badge classes by its value (the live lists colour a new card with them)."""
    return {stage.value: classes for stage, classes in stages.BADGES.items()}


@bp.app_template_global()
def need_page(need) -> str | None:
    """The need's page (the needs feature's), or None while there is none."""
    return links.need_path(need)


@bp.app_template_global()
def latest_ideas(city, limit: int = 4) -> list:
    """The newest visible ideas of ``city`` (for ``ideas/_city_latest.html``)."""
    return list(db.session.scalars(queries.ideas_select(city).limit(limit)))
