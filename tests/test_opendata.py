"""Open data as a reuser finds it: the page lists every dataset with its licence, date and
columns; every file parses (csv module, json, GeoJSON); the projects carry OpenCoesione's
headers and conventions; nothing private, draft or hidden leaks; needs' points are coarse."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from decimal import Decimal

import pytest

from app.extensions import db
from app.models import (
    CohesionFund,
    Programme,
    ProgrammeAction,
    Project,
    ProjectFund,
    ProjectState,
)
from app.opendata.catalogue import DATASETS
from tests import factories
from tests.factories.calls import create_call
from tests.factories.ideas import create_idea
from tests.factories.needs import create_area, create_need
from tests.factories.organisations import create_organisation
from tests.factories.projects import expenditure_report, funded_projects
from tests.factories.rankings import call_in_evaluation, scored
from tests.xss import PAYLOADS, assert_no_xss

EXACT = (41.12345, 16.87654)
SECRETS = (
    "maria.privata@example.org",
    "Maria Privatissima",
    "contatti@aps-segreta.example.org",
    "+39 080 5550101",
    "Avviso ancora in bozza",
    "Bisogno nascosto dalla moderazione",
    "Idea nascosta dalla moderazione",
    "Domanda di una graduatoria non pubblicata",
    "41.12345",
    "16.87654",
)

PROJECT_HEADERS = [
    "COD_LOCALE_PROGETTO",
    "CUP",
    "OC_TITOLO_PROGETTO",
    "OC_SINTESI_PROGETTO",
    "FONDO_COMUNITARIO",
    "OC_CODICE_PROGRAMMA",
    "OC_FINANZ_TOT_PUB_NETTO",
    "IMPEGNI",
    "TOT_PAGAMENTI",
    "OC_STATO_PROGETTO",
    "OC_DATA_INIZIO_PROGETTO",
    "OC_DATA_FINE_PROGETTO_PREVISTA",
    "DEN_COMUNE",
    "CANTIERE_ID",
    "CANTIERE_CITTA",
    "CANTIERE_STATO",
    "CANTIERE_AZIONE",
    "CANTIERE_BENEFICIARIO",
    "CANTIERE_AREA",
    "CANTIERE_AVVISO",
    "CANTIERE_FINANZ_FSE_PLUS",
    "CANTIERE_FINANZ_FESR",
    "CANTIERE_EROGATO",
]


def read_csv(response) -> list[dict]:
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte-order mark, for Excel"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))


def csv_header(response) -> list[str]:
    return next(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"), newline=""), delimiter=";"))


@pytest.fixture
def world():
    city = factories.create_city()
    other = factories.create_city(name="Napoli", slug="napoli", region="Campania")
    resident = factories.create_user(city=city, name="Maria Privatissima", email="maria.privata@example.org")
    area = create_area(city, name="San Paolo")
    need = create_need(city, resident, title="Panchine in piazza", lat=EXACT[0], lng=EXACT[1], area=area)
    hidden = create_need(city, resident, title="Bisogno nascosto dalla moderazione", lat=41.1, lng=16.8, hidden=True)
    create_need(other, title="Un bisogno di Napoli", lat=40.85, lng=14.27)
    create_idea(city, resident, title="Piazza viva", needs=[need, hidden])
    create_idea(city, resident, title="Idea nascosta dalla moderazione", hidden=True)
    organisation = create_organisation(city, name="APS Le Panchine", areas=[area], fields=["cultura"])
    organisation.email, organisation.phone = "contatti@aps-segreta.example.org", "+39 080 5550101"
    create_call(city, title="Avviso ancora in bozza")
    programme = Programme(code="2021IT16FFPR003", name="PN Metro plus", period="2021-2027", current=True)
    programme.actions = [ProgrammeAction(code="3.3.1", name="Servizi di prossimità", fund=CohesionFund.FSE_PLUS)]
    db.session.add(programme)
    db.session.commit()
    projects = funded_projects(city, "Cortili aperti", "Biblioteca di quartiere", "Orti sociali", "Doposcuola")
    unpublished = call_in_evaluation(city, title="Un avviso ancora in valutazione")
    scored(unpublished, [c.max_points for c in unpublished.criteria], title="Domanda di una graduatoria non pubblicata")
    projects[0].area_id = area.id
    db.session.commit()
    return {"city": city, "other": other, "need": need, "area": area, "projects": projects}


def test_the_page_lists_every_dataset_with_licence_date_formats_and_columns(client, world):
    page = client.get("/opendata/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "CC BY 4.0" in html and "https://creativecommons.org/licenses/by/4.0/" in html
    assert "Data di estrazione" in html or "Extract date" in html
    for name, dataset in DATASETS.items():
        assert f'href="/opendata/{name}.csv"' in html
        assert f'href="/opendata/{name}.json"' in html
        assert (f'href="/opendata/{name}.geojson"' in html) == (name in ("needs", "projects"))
        for column in dataset.columns:
            assert f"<code>{column.name}</code>" in html
    assert "0,003°" in html or "0.003°" in html  # how needs' points are coarsened
    assert_no_xss(html)
    filtered = client.get("/opendata/?city=napoli").get_data(as_text=True)
    assert 'href="/opendata/needs.csv?city=napoli"' in filtered


def test_the_footer_links_the_open_data(client, world):
    assert 'href="/opendata/"' in client.get("/").get_data(as_text=True)


def test_every_dataset_parses_in_every_format_with_its_columns(client, world):
    for name, dataset in DATASETS.items():
        _parses(client, name, dataset)


def _parses(client, name, dataset):
    columns = [c.name for c in dataset.columns]
    response = client.get(f"/opendata/{name}.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert csv_header(response) == columns
    rows = read_csv(response)
    assert rows, f"the world has {name}"
    as_json = client.get(f"/opendata/{name}.json")
    assert as_json.mimetype == "application/json"
    items = json.loads(as_json.get_data())
    assert isinstance(items, list) and len(items) == len(rows)
    assert all(list(item) == columns for item in items)
    if "geojson" in dataset.formats:
        collection = json.loads(client.get(f"/opendata/{name}.geojson").get_data())
        assert collection["type"] == "FeatureCollection" and collection["licence"] == "CC BY 4.0"
        assert collection["features"]
        for feature in collection["features"]:
            assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
            lng, lat = feature["geometry"]["coordinates"]
            assert -180 <= lng <= 180 and -90 <= lat <= 90
            assert list(feature["properties"]) == columns
    else:
        assert client.get(f"/opendata/{name}.geojson").status_code == 404


def test_no_personal_data_no_drafts_nothing_hidden(client, world):
    for name, dataset in DATASETS.items():
        for fmt in dataset.formats:
            body = client.get(f"/opendata/{name}.{fmt}").get_data(as_text=True)
            leaked = [secret for secret in SECRETS if secret in body]
            assert not leaked, f"{name}.{fmt} leaks {leaked}"


def test_needs_points_are_snapped_to_a_coarse_grid_never_the_exact_point(client, world):
    collection = json.loads(client.get("/opendata/needs.geojson?city=bari").get_data())
    (feature,) = [f for f in collection["features"] if f["properties"]["title"] == "Panchine in piazza"]
    # 41.12345 → public 41.123 → 41123 m° / 3 = 13707.7 → 13708 × 3 = 41.124; 16.87654 → 16.877 → 16.878
    assert feature["geometry"]["coordinates"] == [16.878, 41.124]
    assert feature["properties"]["lat"] == 41.124 and feature["properties"]["lng"] == 16.878
    (row,) = [r for r in read_csv(client.get("/opendata/needs.csv")) if r["title"] == "Panchine in piazza"]
    assert (row["lat"], row["lng"]) == ("41,124", "16,878")
    assert row["area"] == "San Paolo" and row["city"] == "bari"


def test_the_city_filter_keeps_one_city(client, world):
    napoli = read_csv(client.get("/opendata/needs.csv?city=napoli"))
    assert [r["title"] for r in napoli] == ["Un bisogno di Napoli"]
    bari = read_csv(client.get("/opendata/needs.csv?city=bari"))
    assert [r["title"] for r in bari] == ["Panchine in piazza"]
    assert read_csv(client.get("/opendata/projects.csv?city=napoli")) == []
    assert len(read_csv(client.get("/opendata/projects.csv?city=bari"))) == 4
    assert client.get("/opendata/needs.csv?city=atlantide").status_code == 404
    assert client.get("/opendata/unicorns.csv").status_code == 404


def test_ideas_list_only_the_visible_needs_they_answer(client, world):
    (idea,) = json.loads(client.get("/opendata/ideas.json").get_data())
    assert idea["title"] == "Piazza viva" and idea["needs"] == [world["need"].id]
    (row,) = read_csv(client.get("/opendata/ideas.csv"))
    assert row["needs"] == str(world["need"].id)


def test_organisations_have_their_areas_but_no_contacts(client, world):
    (organisation,) = [
        o for o in json.loads(client.get("/opendata/organisations.json").get_data()) if o["name"] == "APS Le Panchine"
    ]
    assert organisation["areas"] == ["San Paolo"] and organisation["fields"] == ["cultura"]
    assert "email" not in organisation and "phone" not in organisation


def test_rankings_are_the_published_ones_only(client, world):
    rows = read_csv(client.get("/opendata/rankings.csv"))
    assert [r["title"] for r in rows] == ["Cortili aperti", "Biblioteca di quartiere", "Orti sociali", "Doposcuola"]
    assert [r["rank"] for r in rows] == ["1", "2", "3", "4"]
    assert {r["outcome"] for r in rows} == {"funded"}
    assert rows[0]["granted"] == "100000,00" and rows[0]["edition"] == "1"


def _project(rows, project):
    return next(r for r in rows if r["CANTIERE_ID"] == str(project.id))


def test_projects_carry_opencoesione_headers_and_conventions(client, world):
    """A spreadsheet opens them with OpenCoesione's headers: ';', decimal comma, AAAAMMGG,
    funds joined by ':::', the city in capitals; four states computed by hand below."""
    ongoing, settled, concluded, future = world["projects"]
    today = date.today()
    ongoing.cup, ongoing.area_id = "J91B21000010006", world["area"].id
    ongoing.starts_on, ongoing.ends_on = date(2026, 1, 15), date(2027, 12, 31)
    ongoing.milestones[1].due_on = today - timedelta(days=3)  # past due, not reached: late
    ongoing.funds[0].amount = Decimal("60000.00")  # FSE+
    ongoing.funds.append(ProjectFund(fund=CohesionFund.FESR, amount=Decimal("40000.00")))
    settled.state, settled.paid = ProjectState.CLOSED, Decimal("100000.00")
    concluded.state, concluded.paid = ProjectState.CLOSED, Decimal("70000.00")
    future.starts_on, future.ends_on = today + timedelta(days=30), today + timedelta(days=400)
    db.session.commit()
    expenditure_report(ongoing, "12500.50")
    expenditure_report(ongoing, "2000")

    response = client.get("/opendata/projects.csv")
    assert csv_header(response) == PROJECT_HEADERS
    rows = read_csv(response)
    row = _project(rows, ongoing)
    assert row["COD_LOCALE_PROGETTO"] == ongoing.local_code == f"CANTIERE-BARI-{ongoing.id:05d}"
    assert row["CUP"] == "J91B21000010006"
    assert row["OC_TITOLO_PROGETTO"] == "Cortili aperti"
    assert row["FONDO_COMUNITARIO"] == "FESR:::FSE+"
    assert row["OC_CODICE_PROGRAMMA"] == "2021IT16FFPR003"
    assert row["OC_FINANZ_TOT_PUB_NETTO"] == row["IMPEGNI"] == "100000,00"
    assert row["TOT_PAGAMENTI"] == "14500,50"  # 12 500.50 + 2 000.00 approved spend
    assert row["OC_STATO_PROGETTO"] == "In corso"
    assert (row["OC_DATA_INIZIO_PROGETTO"], row["OC_DATA_FINE_PROGETTO_PREVISTA"]) == ("20260115", "20271231")
    assert row["DEN_COMUNE"] == "BARI"
    assert row["CANTIERE_STATO"] == "late"
    assert row["CANTIERE_AZIONE"] == "3.3.1" and row["CANTIERE_AREA"] == "San Paolo"
    assert (row["CANTIERE_FINANZ_FSE_PLUS"], row["CANTIERE_FINANZ_FESR"]) == ("60000,00", "40000,00")
    assert row["CANTIERE_BENEFICIARIO"] == ongoing.organisation.name
    assert _project(rows, settled)["OC_STATO_PROGETTO"] == "Liquidato"
    assert _project(rows, settled)["CANTIERE_EROGATO"] == "100000,00"
    assert _project(rows, concluded)["OC_STATO_PROGETTO"] == "Concluso"
    assert _project(rows, concluded)["CANTIERE_STATO"] == "closed"
    assert _project(rows, future)["OC_STATO_PROGETTO"] == "Non avviato"

    items = json.loads(client.get("/opendata/projects.json").get_data())
    item = next(i for i in items if i["CANTIERE_ID"] == ongoing.id)
    assert item["OC_FINANZ_TOT_PUB_NETTO"] == "100000.00" and item["TOT_PAGAMENTI"] == "14500.50"
    (feature,) = json.loads(client.get("/opendata/projects.geojson").get_data())["features"]
    assert feature["geometry"]["coordinates"] == [16.87, 41.12]  # the centre of the area's square
    assert feature["properties"]["CANTIERE_ID"] == ongoing.id


def test_a_project_of_the_2014_2020_programme_is_paid_by_the_fse(client, world):
    old = Programme(code="2014IT16M2OP004", name="PON Metro", period="2014-2020", current=False)
    old.actions = [ProgrammeAction(code="3.3.1", name="Servizi", fund=CohesionFund.FSE_PLUS)]
    imported = Project(
        city=world["city"],
        title="Progetto importato dal monitoraggio",
        beneficiary="Comune di Bari",
        grant=Decimal("250000.00"),
        action=old.actions[0],
        funds=[ProjectFund(fund=CohesionFund.FSE_PLUS, amount=Decimal("250000.00"))],
    )
    db.session.add_all([old, imported])
    db.session.commit()
    row = _project(read_csv(client.get("/opendata/projects.csv")), imported)
    assert row["FONDO_COMUNITARIO"] == "FSE" and row["OC_CODICE_PROGRAMMA"] == "2014IT16M2OP004"
    assert row["CANTIERE_BENEFICIARIO"] == "Comune di Bari" and row["CANTIERE_AVVISO"] == ""


def test_user_text_comes_back_as_written_and_never_as_a_formula_or_a_page(client, world):
    for n, payload in enumerate(PAYLOADS):
        create_need(world["city"], title=payload[:140], lat=41.11, lng=16.86)
    create_need(world["city"], title='=HYPERLINK("http://example.org","clic")', lat=41.11, lng=16.86)
    as_json = client.get("/opendata/needs.json")
    assert as_json.headers["X-Content-Type-Options"] == "nosniff"
    titles = {item["title"] for item in json.loads(as_json.get_data())}
    assert {p[:140] for p in PAYLOADS} <= titles
    cells = {r["title"] for r in read_csv(client.get("/opendata/needs.csv"))}
    assert '\'=HYPERLINK("http://example.org","clic")' in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    for fmt in ("csv", "json", "geojson"):
        assert "html" not in client.get(f"/opendata/needs.{fmt}").mimetype
