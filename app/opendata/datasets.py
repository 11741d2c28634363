"""The participation datasets: needs, ideas, organisations and calls. Each reads what a
visitor may see, with the feature's own listing condition (hidden needs and ideas, draft
calls never), and no personal data: no residents' names, no e-mail addresses or phones."""

from __future__ import annotations

import sqlalchemy as sa
from flask import url_for
from flask_babel import lazy_gettext as _l

from app.calls.queries import visible_to
from app.models import Anonymous, Area, Call, CallFund, City, Idea, Need, Organisation, idea_need
from app.models.organisation import organisation_area
from app.needs.queries import card, listing_clause
from app.opendata.catalogue import (
    BOOL,
    COORD,
    DATETIME,
    INT,
    LIST,
    MONEY,
    Column,
    Dataset,
    register,
)
from app.opendata.reading import batches, coarse, grouped
from app.organisations.queries import third_sector_clause

CITY = Column("city", _l("The city's short name (slug), as in the addresses of its pages."))
AREA = Column("area", _l("The target area (neighbourhood) it is about, if any."))
CREATED = Column("created_at", _l("When it was published."), DATETIME)
SUPPORTS = Column("support_count", _l("How many people support it."), INT)
COMMENTS = Column("comment_count", _l("How many comments it has."), INT)


def _in_city(select, column, city_id):
    return select if city_id is None else select.where(column == city_id)


# --- needs -----------------------------------------------------------------------------------


def _need_rows(city_id):
    select = (
        sa.select(
            Need.id,
            City.slug,
            Area.name.label("area"),
            Need.title,
            Need.body,
            Need.category,
            Need.status,
            Need.support_count,
            Need.comment_count,
            Need.lat_public,
            Need.lng_public,
            Need.created_at,
        )
        .join(City, City.id == Need.city_id)
        .outerjoin(Area, Area.id == Need.area_id)
        .where(listing_clause(None))  # what a visitor lists: never a hidden need
        .order_by(Need.id)
    )
    for batch in batches(_in_city(select, Need.city_id, city_id)):
        yield [
            {
                **card(row),  # the map's names: id, title, category, status, support_count, comment_count
                "city": row.slug,
                "area": row.area,
                "body": row.body,
                "lat": coarse(row.lat_public),
                "lng": coarse(row.lng_public),
                "created_at": row.created_at,
                "url": url_for("needs.detail", need_id=row.id, _external=True),
            }
            for row in batch
        ]


def _point(row):
    return None if row["lat"] is None or row["lng"] is None else (row["lng"], row["lat"])


register(
    Dataset(
        name="needs",
        title=_l("Needs"),
        description=_l(
            "The needs residents posted for their neighbourhoods, with their status and the "
            "support they gathered. Hidden needs and authors' names are left out."
        ),
        columns=(
            Column("id", _l("The need's number on the platform."), INT),
            CITY,
            AREA,
            Column("title", _l("The need's title, as its author wrote it.")),
            Column("body", _l("The description, as its author wrote it (limited Markdown).")),
            Column("category", _l("The category (housing, work, young_people, elderly, …).")),
            Column("status", _l("open, under_review, being_addressed, addressed or declined.")),
            SUPPORTS,
            COMMENTS,
            Column("lat", _l("Latitude of the place, snapped to a 0.003° grid (about 300 m)."), COORD),
            Column("lng", _l("Longitude of the place, snapped to a 0.003° grid (about 250 m)."), COORD),
            CREATED,
            Column("url", _l("The need's page.")),
        ),
        rows=_need_rows,
        point=_point,
        place_note=_l(
            "Points are never exact: the public point of the map (0.001°, about 100 m) is "
            "snapped again to a grid of 0.003°, a cell of about 330 × 250 m."
        ),
    )
)


# --- ideas -----------------------------------------------------------------------------------


def _idea_rows(city_id):
    select = (
        sa.select(
            Idea.id,
            City.slug,
            Area.name.label("area"),
            Idea.title,
            Idea.summary,
            Idea.stage,
            Idea.support_count,
            Idea.comment_count,
            Idea.volunteer_count,
            Idea.created_at,
        )
        .join(City, City.id == Idea.city_id)
        .outerjoin(Area, Area.id == Idea.area_id)
        .where(Idea.hidden.is_(False))  # as ideas_select lists them
        .order_by(Idea.id)
    )
    for batch in batches(_in_city(select, Idea.city_id, city_id)):
        needs = grouped(
            sa.select(idea_need.c.idea_id, idea_need.c.need_id)
            .join(Need, Need.id == idea_need.c.need_id)
            .where(idea_need.c.idea_id.in_([row.id for row in batch]), listing_clause(None))
            .order_by(idea_need.c.idea_id, idea_need.c.need_id)
        )
        yield [
            {
                "id": row.id,
                "city": row.slug,
                "area": row.area,
                "title": row.title,
                "summary": row.summary,
                "stage": row.stage.value,
                "needs": needs.get(row.id, []),
                "support_count": row.support_count or 0,
                "comment_count": row.comment_count or 0,
                "volunteer_count": row.volunteer_count or 0,
                "created_at": row.created_at,
                "url": url_for("ideas.detail", city=row.slug, idea_id=row.id, _external=True),
            }
            for row in batch
        ]


register(
    Dataset(
        name="ideas",
        title=_l("Ideas"),
        description=_l(
            "Project ideas answering the needs, with the stage they reached. Hidden ideas, "
            "authors' names and volunteers' names are left out."
        ),
        columns=(
            Column("id", _l("The idea's number on the platform."), INT),
            CITY,
            AREA,
            Column("title", _l("The idea's title.")),
            Column("summary", _l("The idea in a few lines.")),
            Column("stage", _l("proposed, in_codesign, ready_for_call, in_call, funded or carried_out.")),
            Column("needs", _l("The numbers of the needs it answers (the column id of the needs)."), LIST),
            SUPPORTS,
            COMMENTS,
            Column("volunteer_count", _l("How many people offered to help."), INT),
            CREATED,
            Column("url", _l("The idea's page.")),
        ),
        rows=_idea_rows,
    )
)


# --- organisations ---------------------------------------------------------------------------


def _organisation_rows(city_id):
    select = (
        sa.select(
            Organisation.id,
            City.slug,
            Organisation.name,
            Organisation.legal_form,
            third_sector_clause().label("third_sector"),
            Organisation.runts_number,
            Organisation.tax_code,
            Organisation.verified,
            Organisation.website,
            Organisation.fields,
            Organisation.description,
            Organisation.created_at,
        )
        .join(City, City.id == Organisation.city_id)
        .order_by(Organisation.id)
    )
    for batch in batches(_in_city(select, Organisation.city_id, city_id)):
        areas = grouped(
            sa.select(organisation_area.c.organisation_id, Area.name)
            .join(Area, Area.id == organisation_area.c.area_id)
            .where(organisation_area.c.organisation_id.in_([row.id for row in batch]))
            .order_by(organisation_area.c.organisation_id, Area.name)
        )
        yield [
            {
                "id": row.id,
                "city": row.slug,
                "name": row.name,
                "legal_form": row.legal_form.value,
                "third_sector": bool(row.third_sector),
                "runts_number": row.runts_number or "",
                "tax_code": row.tax_code,
                "verified": bool(row.verified),
                "website": row.website or "",
                "fields": list(row.fields or []),
                "areas": areas.get(row.id, []),
                "description": row.description or "",
                "created_at": row.created_at,
                "url": url_for("organisations.detail", organisation_id=row.id, _external=True),
            }
            for row in batch
        ]


register(
    Dataset(
        name="organisations",
        title=_l("Organisations"),
        description=_l(
            "The directory of organisations (third sector, schools, universities, museums, …). "
            "Members and contact e-mail addresses or phones are left out."
        ),
        columns=(
            Column("id", _l("The organisation's number on the platform."), INT),
            CITY,
            Column("name", _l("The organisation's name.")),
            Column("legal_form", _l("aps, odv, social_cooperative, social_enterprise, foundation, association, …")),
            Column("third_sector", _l("A third-sector entity (by legal form, or registered in RUNTS)."), BOOL),
            Column("runts_number", _l("Its number in the national third-sector register (RUNTS), if any.")),
            Column("tax_code", _l("Its tax code (codice fiscale or partita IVA, 11 digits).")),
            Column("verified", _l("Verified by the city's staff."), BOOL),
            Column("website", _l("Its website.")),
            Column("fields", _l("Its fields of activity."), LIST),
            Column("areas", _l("The target areas it works in."), LIST),
            Column("description", _l("Its description (limited Markdown).")),
            Column("created_at", _l("When it joined the platform."), DATETIME),
            Column("url", _l("The organisation's page.")),
        ),
        rows=_organisation_rows,
    )
)


# --- calls -----------------------------------------------------------------------------------


def _call_rows(city_id):
    select = (
        sa.select(
            Call.id,
            City.slug,
            Call.title,
            Call.summary,
            Call.kind,
            Call.status,
            Call.department,
            Call.action_code,
            Call.budget,
            Call.committed,
            Call.min_grant,
            Call.max_grant,
            Call.opens_at,
            Call.closes_at,
            Call.published_at,
            Call.version,
        )
        .join(City, City.id == Call.city_id)
        .where(visible_to(Anonymous()))  # what a visitor sees: never a draft
        .order_by(Call.id)
    )
    for batch in batches(_in_city(select, Call.city_id, city_id)):
        funds = grouped(
            sa.select(CallFund.call_id, CallFund.fund)
            .where(CallFund.call_id.in_([row.id for row in batch]))
            .order_by(CallFund.call_id, CallFund.id)
        )
        yield [
            {
                "id": row.id,
                "city": row.slug,
                "title": row.title,
                "summary": row.summary or "",
                "kind": row.kind.value,
                "status": row.status.value,
                "department": row.department,
                "action_code": row.action_code,
                "funds": [fund.value for fund in funds.get(row.id, [])],
                "budget": row.budget,
                "committed": row.committed,
                "min_grant": row.min_grant,
                "max_grant": row.max_grant,
                "opens_at": row.opens_at,
                "closes_at": row.closes_at,
                "published_at": row.published_at,
                "version": row.version,
                "url": url_for("calls.detail", call_id=row.id, _external=True),
            }
            for row in batch
        ]


register(
    Dataset(
        name="calls",
        title=_l("Calls"),
        description=_l(
            "The published funding calls (avvisi) with their kind, status, funds and budget. Drafts are left out."
        ),
        columns=(
            Column("id", _l("The call's number on the platform."), INT),
            CITY,
            Column("title", _l("The call's title.")),
            Column("summary", _l("The call in a few lines.")),
            Column("kind", _l("competitive, rolling, codesign (art. 55) or ideas.")),
            Column("status", _l("Where the call is: consultation, open, closed, evaluation, awarded, …")),
            Column("department", _l("The city's department that runs it.")),
            Column("action_code", _l("The programme's action it spends under (e.g. 3.3.1).")),
            Column("funds", _l("The cohesion funds that pay it: FSE+, FESR."), LIST),
            Column("budget", _l("The call's budget."), MONEY),
            Column("committed", _l("The money awarded so far."), MONEY),
            Column("min_grant", _l("The smallest grant an application may ask for."), MONEY),
            Column("max_grant", _l("The largest grant an application may ask for."), MONEY),
            Column("opens_at", _l("When applications open."), DATETIME),
            Column(
                "closes_at",
                _l("When applications close (empty: a rolling call open until its budget is used)."),
                DATETIME,
            ),
            Column("published_at", _l("When the call was published."), DATETIME),
            Column("version", _l("The published version of its text (each change has a reason)."), INT),
            Column("url", _l("The call's page.")),
        ),
        rows=_call_rows,
    )
)
