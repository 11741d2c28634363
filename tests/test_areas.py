"""Target areas: staff draw or upload them, residents cannot; boundaries are checked; the
public page shows the map, indicators and the needs of the area."""

import io
import json

import pytest
import sqlalchemy as sa

from app.areas import geometry, services
from app.errors import InvalidInput, PermissionDenied
from app.models import Area, AuditEntry, Need, Role
from tests import factories
from tests.factories import needs as fn
from tests.factories.needs import english
from tests.xss import PAYLOADS, assert_no_xss

pytestmark = pytest.mark.usefixtures("in_english_request", "english")
assert english


@pytest.fixture
def staff(city):
    return factories.create_user(role=Role.STAFF, city=city, name="Anna Staff")


def _form(name="San Paolo", geometry_value=None, intensity="100", **extra):
    data = {
        "name": name,
        "description": "Quartiere della periferia ovest.",
        "funding_intensity": intensity,
        "geometry": json.dumps(geometry_value or fn.square()),
        "indicators-0-name": "Tasso di disoccupazione",
        "indicators-0-value": "24,8",
        "indicators-0-unit": "%",
        "indicators-0-year": "2021",
        "indicators-0-source": "ISTAT, Censimento 2021",
        "indicators-1-name": "",
        "indicators-1-value": "",
    }
    data.update(extra)
    return data


def _count(db, model):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


# --- boundaries ------------------------------------------------------------------------------


def test_a_polygon_and_a_multipolygon_are_accepted(city):
    assert geometry.validate(fn.square(), city).geometry["type"] == "Polygon"
    multi = {
        "type": "MultiPolygon",
        "coordinates": [fn.square(41.11, 16.86, 0.003)["coordinates"], fn.square(41.13, 16.88, 0.003)["coordinates"]],
    }
    boundary = geometry.validate(multi, city)
    assert boundary.geometry["type"] == "MultiPolygon"
    assert boundary.min_lat == pytest.approx(41.107) and boundary.max_lng == pytest.approx(16.883)


def test_a_feature_collection_from_a_gis_export_becomes_one_boundary(city):
    collection = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": {}, "geometry": fn.square()}],
    }
    assert geometry.validate(json.dumps(collection), city).geometry["type"] == "Polygon"


@pytest.mark.parametrize(
    "raw, words",
    [
        ({"type": "Point", "coordinates": [16.87, 41.12]}, "polygon"),
        ({"type": "LineString", "coordinates": [[16.87, 41.12], [16.88, 41.13]]}, "polygon"),
        # a bow tie: the edges cross
        (
            {
                "type": "Polygon",
                "coordinates": [[[16.86, 41.11], [16.88, 41.13], [16.88, 41.11], [16.86, 41.13], [16.86, 41.11]]],
            },
            "crosses",
        ),
        ({"type": "Polygon", "coordinates": [[[16.86, 41.11], [16.88, 41.13], [16.86, 41.11]]]}, "three"),
        ({"type": "Polygon", "coordinates": [[[200, 41.11], [16.88, 41.13], [16.88, 41.11], [200, 41.11]]]}, "range"),
        ({"type": "Polygon", "coordinates": [[["a", "b"], [1, 2], [3, 4], [5, 6]]]}, "pair"),
        (fn.square(45.07, 7.68), "not near"),  # Turin's coordinates for an area of Bari
        (fn.square(half=0.6), "too large"),
        ("{not json", "not valid GeoJSON"),
        ("[]", "not valid GeoJSON"),
        ({"type": "Polygon", "coordinates": "x"}, "ring"),
    ],
)
def test_bad_boundaries_are_refused_with_a_reason(city, raw, words):
    with pytest.raises(InvalidInput) as caught:
        geometry.validate(raw, city)
    assert words.lower() in " ".join(caught.value.fields["geometry"]).lower()


def test_locate_finds_the_area_holding_a_point_and_the_smallest_when_they_overlap(city):
    big = fn.create_area(city, "Grande", geometry=fn.square(half=0.02))
    small = fn.create_area(city, "Piccola", geometry=fn.square(half=0.005))
    assert geometry.locate(city.id, 41.12, 16.87).id == small.id
    assert geometry.locate(city.id, 41.135, 16.87).id == big.id
    assert geometry.locate(city.id, 41.2, 16.87) is None


# --- who may manage areas -----------------------------------------------------------------------


def test_staff_create_an_area_by_pasting_geojson_and_it_is_audited(client, login, staff, db):
    login(staff)
    response = client.post("/c/bari/areas/new", data=_form())
    assert response.status_code == 302
    area = db.session.scalar(sa.select(Area))
    assert response.headers["Location"].endswith(f"/c/bari/areas/{area.slug}")
    assert area.name == "San Paolo" and area.funding_intensity == 100
    assert [(i.name, float(i.value), i.unit, i.year) for i in area.indicators] == [
        ("Tasso di disoccupazione", 24.8, "%", 2021)
    ]
    assert db.session.scalar(sa.select(AuditEntry.action).where(AuditEntry.target_id == area.id)) == "area.create"
    page = client.get(f"/c/bari/areas/{area.slug}").get_data(as_text=True)
    assert "San Paolo" in page and "Tasso di disoccupazione" in page and "ISTAT, Censimento 2021" in page


def test_staff_upload_a_geojson_file(client, login, staff, db):
    login(staff)
    data = _form(name="Japigia", geometry="")
    data["geojson_file"] = (io.BytesIO(json.dumps(fn.square(41.104, 16.893, 0.006)).encode()), "japigia.geojson")
    response = client.post("/c/bari/areas/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    area = db.session.scalar(sa.select(Area))
    assert area.name == "Japigia" and area.min_lat == pytest.approx(41.098)


def test_a_self_intersecting_boundary_is_a_form_error_and_nothing_is_saved(client, login, staff, db):
    login(staff)
    bow_tie = {
        "type": "Polygon",
        "coordinates": [[[16.86, 41.11], [16.88, 41.13], [16.88, 41.11], [16.86, 41.13], [16.86, 41.11]]],
    }
    response = client.post("/c/bari/areas/new", data=_form(geometry_value=bow_tie))
    assert response.status_code == 422
    assert "crosses itself" in response.get_data(as_text=True)
    assert _count(db, Area) == 0


def test_bad_intensity_and_indicator_rows_are_form_errors(client, login, staff, db):
    login(staff)
    response = client.post(
        "/c/bari/areas/new", data=_form(intensity="120", **{"indicators-0-value": "tanti", "indicators-0-year": "21"})
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "between 0 and 100" in page and "numeric value" in page and "between 1900 and 2100" in page
    assert _count(db, Area) == 0


@pytest.mark.parametrize("who", ["resident", "facilitator", "staff_of_other_city"])
def test_others_cannot_create_edit_or_delete_areas(client, login, city, other_city, db, who):
    area = fn.create_area(city, "San Paolo")
    if who == "resident":
        user = factories.create_user(city=city)
    elif who == "facilitator":
        user = factories.create_user(role=Role.FACILITATOR, city=city)
    else:
        user = factories.create_user(role=Role.STAFF, city=other_city)
    login(user)
    assert client.get("/c/bari/areas/new").status_code == 403
    assert client.post("/c/bari/areas/new", data=_form(name="Abusiva")).status_code == 403
    assert client.post(f"/c/bari/areas/{area.slug}/edit", data=_form(name="Cambiata")).status_code == 403
    assert client.post(f"/c/bari/areas/{area.slug}/delete").status_code == 403
    db.session.expire_all()
    assert [a.name for a in db.session.scalars(sa.select(Area))] == ["San Paolo"]


def test_the_service_refuses_a_resident_too(city, resident):
    with pytest.raises(PermissionDenied):
        services.create_area(resident, city, name="Abusiva", geometry=fn.square(), funding_intensity=80)


def test_anonymous_is_sent_to_sign_in(client, city):
    response = client.get("/c/bari/areas/new")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_staff_edit_an_area_and_needs_follow_the_new_boundary(client, login, staff, city, db):
    area = fn.create_area(city, "San Paolo", geometry=fn.square(half=0.005))
    inside_new_only = fn.create_need(city, lat=41.128, lng=16.87)  # outside the old square
    assert inside_new_only.area_id is None
    login(staff)
    page = client.get(f"/c/bari/areas/{area.slug}/edit").get_data(as_text=True)
    assert "San Paolo" in page and "Tasso di disoccupazione" in page
    response = client.post(
        f"/c/bari/areas/{area.slug}/edit",
        data=_form(name="San Paolo - Stanic", geometry_value=fn.square(half=0.01), intensity="80"),
    )
    assert response.status_code == 302
    db.session.expire_all()
    area = db.session.get(Area, area.id)
    assert area.name == "San Paolo - Stanic" and area.funding_intensity == 80
    assert db.session.get(Need, inside_new_only.id).area_id == area.id
    actions = set(db.session.scalars(sa.select(AuditEntry.action)))
    assert "area.update" in actions


def test_a_new_area_collects_the_needs_already_posted_inside_it(staff, city, db):
    need = fn.create_need(city, lat=41.121, lng=16.871)
    area = services.create_area(staff, city, name="Libertà", geometry=fn.square(), funding_intensity=80)
    db.session.expire_all()
    assert db.session.get(Need, need.id).area_id == area.id


def test_staff_delete_an_area_and_its_needs_stay_without_area(client, login, staff, city, db):
    area = fn.create_area(city, "San Paolo")
    need = fn.create_need(city, lat=41.12, lng=16.87, area=area)
    login(staff)
    response = client.post(f"/c/bari/areas/{area.slug}/delete")
    assert response.status_code == 302
    db.session.expire_all()
    assert _count(db, Area) == 0
    assert db.session.get(Need, need.id).area_id is None
    assert "area.delete" in set(db.session.scalars(sa.select(AuditEntry.action)))


def test_slugs_are_unique_in_a_city_and_never_new(staff, city):
    first = services.create_area(staff, city, name="Nuovo", geometry=fn.square(), funding_intensity=80)
    second = services.create_area(staff, city, name="Nuovo", geometry=fn.square(half=0.003), funding_intensity=80)
    reserved = services.create_area(staff, city, name="New", geometry=fn.square(half=0.002), funding_intensity=80)
    assert first.slug == "nuovo" and second.slug == "nuovo-2" and reserved.slug == "new-2"


# --- public pages -----------------------------------------------------------------------------


def test_the_area_page_shows_map_indicators_and_its_needs_and_hides_hidden_ones(client, city):
    area = fn.create_area(city, "Japigia", intensity=80)
    fn.create_need(city, title="Panchine rotte nel parco", area=area)
    fn.create_need(city, title="Contenuto nascosto dalla moderazione", area=area, hidden=True)
    page = client.get(f"/c/bari/areas/{area.slug}").get_data(as_text=True)
    assert "data-areas-map" in page and f"/api/v1/areas/{area.id}" in page
    assert "80" in page and "Tasso di disoccupazione" in page
    assert "Panchine rotte nel parco" in page
    assert "Contenuto nascosto" not in page
    assert "Edit the area" not in page


def test_the_city_page_and_the_area_list_show_the_areas_on_a_map(client, city):
    fn.create_area(city, "San Paolo")
    for url in ("/c/bari", "/c/bari/areas"):
        page = client.get(url).get_data(as_text=True)
        assert "data-areas-map" in page and "San Paolo" in page
        assert "/api/v1/areas?city=bari" in page


def test_unknown_areas_and_cities_are_404(client, city):
    assert client.get("/c/bari/areas/nowhere").status_code == 404
    assert client.get("/c/atlantide/areas").status_code == 404


@pytest.mark.parametrize("payload", PAYLOADS)
def test_xss_in_area_fields_stays_text(client, login, staff, db, payload):
    login(staff)
    data = _form(
        name=("Area " + payload)[:120],
        description=payload,
        **{"indicators-0-name": payload[:120], "indicators-0-unit": "%", "indicators-0-source": payload[:200]},
    )
    response = client.post("/c/bari/areas/new", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    area = db.session.scalar(sa.select(Area).order_by(Area.id.desc()))
    for url in (f"/c/bari/areas/{area.slug}", "/c/bari/areas", "/c/bari", f"/c/bari/areas/{area.slug}/edit"):
        assert_no_xss(client.get(url).get_data(as_text=True))
