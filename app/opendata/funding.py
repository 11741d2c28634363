"""The funding datasets: the published rankings (one row per ranked application of each
call's latest edition) and the funded projects in OpenCoesione's column names, so that a
city's projects can be matched to the national monitoring records (``shared/API.md``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app import times
from app.calls.queries import visible_to
from app.extensions import db
from app.models import (
    Anonymous,
    Area,
    Call,
    CallKind,
    City,
    CohesionFund,
    Milestone,
    Organisation,
    Programme,
    ProgrammeAction,
    Project,
    ProjectFund,
    ProjectState,
    ProjectStatus,
    RankingEdition,
)
from app.opendata.catalogue import DATETIME, INT, MONEY, MULTI, NUMBER, Column, Dataset, register
from app.opendata.datasets import CITY
from app.opendata.reading import AreaCentres, batches

# --- rankings --------------------------------------------------------------------------------

#: Editions read per batch: each holds the whole ranking of a call.
EDITIONS_PER_BATCH = 20


def _money(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _ranking_rows(city_id):
    newest = (
        sa.select(RankingEdition.call_id, sa.func.max(RankingEdition.number).label("number"))
        .group_by(RankingEdition.call_id)
        .subquery()
    )
    select = (
        sa.select(
            RankingEdition.entries,
            RankingEdition.number,
            RankingEdition.published_at,
            Call.id.label("call_id"),
            Call.title.label("call_title"),
            City.slug,
        )
        .join(newest, sa.and_(newest.c.call_id == RankingEdition.call_id, newest.c.number == RankingEdition.number))
        .join(Call, Call.id == RankingEdition.call_id)
        .join(City, City.id == Call.city_id)
        # Only published editions exist as rows (a preview is computed, never stored).
        .where(Call.kind == CallKind.COMPETITIVE, visible_to(Anonymous()))
        .order_by(Call.id)
    )
    if city_id is not None:
        select = select.where(Call.city_id == city_id)
    for batch in batches(select, EDITIONS_PER_BATCH):
        yield [
            {
                "call_id": edition.call_id,
                "call_title": edition.call_title,
                "city": edition.slug,
                "edition": edition.number,
                "published_at": edition.published_at,
                "rank": entry.get("rank"),
                "protocol": entry.get("protocol") or "",
                "application_id": entry.get("application"),
                "title": entry.get("title") or "",
                "organisation_id": (entry.get("organization") or {}).get("id"),
                "organisation": (entry.get("organization") or {}).get("name") or "",
                "score": _money(entry.get("score")),
                "requested": _money(entry.get("requested")),
                "granted": _money(entry.get("granted")),
                "outcome": entry.get("outcome") or "",
            }
            for edition in batch
            for entry in edition.entries or []
        ]


register(
    Dataset(
        name="rankings",
        title=_l("Rankings"),
        description=_l(
            "The published rankings (graduatorie) of competitive calls: one row per ranked "
            "application of each call's latest edition. Previews are left out."
        ),
        columns=(
            Column("call_id", _l("The call's number (the column id of the calls)."), INT),
            Column("call_title", _l("The call's title.")),
            CITY,
            Column("edition", _l("The edition of the ranking (a renounce, revocation or review makes the next)."), INT),
            Column("published_at", _l("When this edition was published."), DATETIME),
            Column("rank", _l("The place in the ranking (empty: below threshold or inadmissible)."), INT),
            Column("protocol", _l("The application's protocol number.")),
            Column("application_id", _l("The application's number on the platform."), INT),
            Column("title", _l("The application's title.")),
            Column("organisation_id", _l("The applicant's number (the column id of the organisations)."), INT),
            Column("organisation", _l("The applicant organisation.")),
            Column("score", _l("The score."), NUMBER),
            Column("requested", _l("The grant asked for."), MONEY),
            Column("granted", _l("The grant awarded (empty: none)."), MONEY),
            Column("outcome", _l("funded, partly_funded, reserve, below_threshold or inadmissible.")),
        ),
        rows=_ranking_rows,
    )
)


# --- projects --------------------------------------------------------------------------------

#: OC_STATO_PROGETTO, in OpenCoesione's words.
NOT_STARTED, ONGOING, CONCLUDED, SETTLED = "Non avviato", "In corso", "Concluso", "Liquidato"


def local_code(slug: str, project_id: int) -> str:
    """COD_LOCALE_PROGETTO, from ``Project.local_code`` itself (one definition of the code)."""
    return Project.local_code.fget(SimpleNamespace(city=SimpleNamespace(slug=slug), id=project_id))


def oc_date(day: date | None) -> str:
    """A date as OpenCoesione writes it: AAAAMMGG."""
    return day.strftime("%Y%m%d") if day else ""


def oc_fund(fund: CohesionFund, period: str | None) -> str:
    """FONDO_COMUNITARIO: ``FSE+`` and ``FESR``; the ESF of the 2014-2020 programme is ``FSE``."""
    if fund is CohesionFund.FSE_PLUS and (period or "").startswith("2014"):
        return "FSE"
    return fund.value


def oc_status(row, today: date) -> str:
    """OC_STATO_PROGETTO: closed projects are ``Concluso`` (``Liquidato`` once paid in full),
    the others ``Non avviato`` before their start and ``In corso`` after it."""
    if row.state is ProjectState.CLOSED:
        return SETTLED if row.grant and row.paid >= row.grant else CONCLUDED
    if row.starts_on is None or row.starts_on > today:
        return NOT_STARTED
    return ONGOING


def cantiere_status(row, late: set[int]) -> str:
    """``Project.status`` of the row, with the late projects of its batch read at once."""
    if row.state is ProjectState.SUSPENDED:
        return ProjectStatus.SUSPENDED.value
    if row.state is ProjectState.CLOSED:
        return ProjectStatus.CLOSED.value
    return (ProjectStatus.LATE if row.id in late else ProjectStatus.ON_TRACK).value


def _project_select():
    return (
        sa.select(
            Project.id,
            Project.cup,
            Project.title,
            Project.summary,
            Project.grant,
            Project.spent,
            Project.paid,
            Project.state,
            Project.starts_on,
            Project.ends_on,
            Project.call_id,
            Project.area_id,
            Project.beneficiary,
            City.slug,
            City.name.label("city_name"),
            Organisation.name.label("organisation"),
            ProgrammeAction.code.label("action"),
            Programme.code.label("programme"),
            Programme.period,
            Area.name.label("area"),
        )
        .join(City, City.id == Project.city_id)
        .outerjoin(Organisation, Organisation.id == Project.organisation_id)
        .outerjoin(ProgrammeAction, ProgrammeAction.id == Project.action_id)
        .outerjoin(Programme, Programme.id == ProgrammeAction.programme_id)
        .outerjoin(Area, Area.id == Project.area_id)
        .order_by(Project.id)
    )


def _batch_extras(batch, today: date) -> tuple[dict, set[int]]:
    """The grant per fund and the late projects of one batch: two queries for the batch."""
    ids = [row.id for row in batch]
    funds: dict[int, dict[CohesionFund, Decimal]] = {}
    for project_id, fund, amount in db.session.execute(
        sa.select(ProjectFund.project_id, ProjectFund.fund, ProjectFund.amount)
        .where(ProjectFund.project_id.in_(ids))
        .order_by(ProjectFund.project_id, ProjectFund.id)
    ):
        funds.setdefault(project_id, {})[fund] = amount
    late = set(
        db.session.scalars(
            sa.select(Milestone.project_id)
            .where(Milestone.project_id.in_(ids), Milestone.reached_on.is_(None), Milestone.due_on < today)
            .distinct()
        )
    )
    return funds, late


def _project_rows(city_id, centres: AreaCentres | None = None):
    today = times.now_local().date()  # the city's day, as the projects' dates are
    select = _project_select()
    if city_id is not None:
        select = select.where(Project.city_id == city_id)
    for batch in batches(select):
        funds, late = _batch_extras(batch, today)
        if centres is not None:
            centres.load(row.area_id for row in batch)
        rows = []
        for row in batch:
            by_fund = funds.get(row.id, {})
            rows.append(
                {
                    "COD_LOCALE_PROGETTO": local_code(row.slug, row.id),
                    "CUP": row.cup or "",
                    "OC_TITOLO_PROGETTO": row.title,
                    "OC_SINTESI_PROGETTO": row.summary or "",
                    "FONDO_COMUNITARIO": MULTI.join(sorted(oc_fund(f, row.period) for f in by_fund)),
                    "OC_CODICE_PROGRAMMA": row.programme or "",
                    "OC_FINANZ_TOT_PUB_NETTO": row.grant,
                    "IMPEGNI": row.grant,
                    "TOT_PAGAMENTI": row.spent,
                    "OC_STATO_PROGETTO": oc_status(row, today),
                    "OC_DATA_INIZIO_PROGETTO": oc_date(row.starts_on),
                    "OC_DATA_FINE_PROGETTO_PREVISTA": oc_date(row.ends_on),
                    "DEN_COMUNE": row.city_name.upper(),
                    "CANTIERE_ID": row.id,
                    "CANTIERE_CITTA": row.slug,
                    "CANTIERE_STATO": cantiere_status(row, late),
                    "CANTIERE_AZIONE": row.action or "",
                    "CANTIERE_BENEFICIARIO": row.organisation or row.beneficiary or "",
                    "CANTIERE_AREA": row.area or "",
                    "CANTIERE_AVVISO": row.call_id,
                    "CANTIERE_FINANZ_FSE_PLUS": by_fund.get(CohesionFund.FSE_PLUS),
                    "CANTIERE_FINANZ_FESR": by_fund.get(CohesionFund.FESR),
                    "CANTIERE_EROGATO": row.paid,
                    "_point": centres[row.area_id] if centres is not None else None,
                }
            )
        yield rows


def _project_rows_with_places(city_id):
    yield from _project_rows(city_id, AreaCentres())


#: The projects' columns: OpenCoesione's first, in its names; then Cantiere's own.
PROJECT_COLUMNS = (
    Column(
        "COD_LOCALE_PROGETTO",
        _l("The operation's local code (CANTIERE-<CITY>-<number>)."),
    ),
    Column("CUP", _l("The Codice Unico di Progetto (15 characters), once staff set it.")),
    Column("OC_TITOLO_PROGETTO", _l("The project's title.")),
    Column("OC_SINTESI_PROGETTO", _l("The project in a few lines.")),
    Column(
        "FONDO_COMUNITARIO",
        _l("The funds that pay it (FSE+, FESR; FSE for 2014-2020), joined with ::: as OpenCoesione does."),
    ),
    Column("OC_CODICE_PROGRAMMA", _l("The programme's CCI code (e.g. 2014IT16M2OP004, PON Metro 2014-2020).")),
    Column("OC_FINANZ_TOT_PUB_NETTO", _l("The public funding: the grant."), MONEY),
    Column("IMPEGNI", _l("The money committed: the grant."), MONEY),
    Column("TOT_PAGAMENTI", _l("The payments: expenditure reported by the beneficiary and approved by staff."), MONEY),
    Column("OC_STATO_PROGETTO", _l("Non avviato, In corso, Concluso or Liquidato (concluded and paid in full).")),
    Column("OC_DATA_INIZIO_PROGETTO", _l("The start date, as AAAAMMGG.")),
    Column("OC_DATA_FINE_PROGETTO_PREVISTA", _l("The planned end date, as AAAAMMGG.")),
    Column("DEN_COMUNE", _l("The city, in capitals as OpenCoesione writes it.")),
    Column("CANTIERE_ID", _l("The project's number on the platform."), INT),
    Column("CANTIERE_CITTA", _l("The city's short name (slug), as in the addresses of its pages.")),
    Column("CANTIERE_STATO", _l("on_track, late (a milestone past due), suspended or closed.")),
    Column("CANTIERE_AZIONE", _l("The programme's action (e.g. 3.3.1).")),
    Column("CANTIERE_BENEFICIARIO", _l("The beneficiary organisation.")),
    Column("CANTIERE_AREA", _l("The target area the project works in.")),
    Column("CANTIERE_AVVISO", _l("The call that funded it (the column id of the calls; empty: imported)."), INT),
    Column("CANTIERE_FINANZ_FSE_PLUS", _l("The part of the grant paid by FSE+ (FSE in 2014-2020)."), MONEY),
    Column("CANTIERE_FINANZ_FESR", _l("The part of the grant paid by FESR."), MONEY),
    Column("CANTIERE_EROGATO", _l("The money paid out to the beneficiary in tranches so far."), MONEY),
)


register(
    Dataset(
        name="projects",
        title=_l("Funded projects"),
        description=_l(
            "The funded projects (operazioni) with OpenCoesione's column names, so they can be "
            "matched to the national monitoring records; Cantiere's own columns follow, named CANTIERE_."
        ),
        columns=PROJECT_COLUMNS,
        rows=_project_rows_with_places,
        point=lambda row: row["_point"],
        place_note=_l(
            "A project's place is the centre of its target area; projects without an area are left out of the GeoJSON."
        ),
    )
)
