"""Needs as residents and staff meet them: posting (with a photo and a point), the area the
point falls in, the coarsened public position, lists with filters, sort and pages, hidden
needs, editing, live news of new needs, and hostile text."""

import io
import re

import pytest
import sqlalchemy as sa

from app.models import AuditEntry, Need, NeedCategory, NeedStatus, Photo, Role
from app.needs import services
from app.needs.access import coarsen
from tests import factories
from tests.factories import needs as fn
from tests.factories.needs import english
from tests.xss import PAYLOADS, assert_no_xss

pytestmark = pytest.mark.usefixtures("in_english_request", "english")
assert english

EXACT = (41.123456, 16.871234)


def _post(client, city="bari", photo=None, **fields):
    data = {
        "title": "Giardino abbandonato dietro la scuola",
        "body": "Il giardino dietro la scuola media è pieno di **rifiuti** e le panchine sono rotte.",
        "category": "environment",
        "lat": "",
        "lng": "",
    }
    data.update(fields)
    if photo is not None:
        data["photo"] = (io.BytesIO(photo), "foto.jpg")
    return client.post(f"/c/{city}/needs/new", data=data, content_type="multipart/form-data")


def _count(db, model=Need):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _stored_files(app):
    from pathlib import Path

    return sorted(p for p in Path(app.config["UPLOAD_DIR"]).rglob("*") if p.is_file())


# --- the path of a new user ------------------------------------------------------------------


def test_a_new_user_signs_up_posts_a_need_with_photo_and_point_and_finds_it(client, city, db, app):
    area = fn.create_area(city, "San Paolo")
    response = client.post(
        "/signup",
        data={
            "email": "nuova@example.org",
            "password": "una-password-lunga",
            "confirm": "una-password-lunga",
            "name": "Nuova Residente",
            "city": "bari",
            "accept_privacy": "y",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    response = _post(
        client,
        photo=fn.image_bytes(gps=True),
        title="Altalene rotte nel giardino",
        body="Le altalene del giardinetto sono rotte da mesi e i bambini giocano tra i vetri.",
        category="families",
        lat=str(EXACT[0]),
        lng=str(EXACT[1]),
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    need = db.session.scalar(sa.select(Need))
    assert response.headers["Location"].endswith(f"/needs/{need.id}")
    assert need.area_id == area.id and need.photo_id is not None
    assert (need.lat, need.lng) == EXACT and (need.lat_public, need.lng_public) == (41.123, 16.871)

    page = client.get(f"/needs/{need.id}").get_data(as_text=True)
    assert "Altalene rotte nel giardino" in page and "San Paolo" in page
    assert "41.123456" not in page and "16.871234" not in page
    assert f"/needs/{need.id}/photo" in page

    # found by a word of its text (another form of the word, too)
    found = client.get("/c/bari/needs?q=giardinetto").get_data(as_text=True)
    assert "Altalene rotte nel giardino" in found
    assert "Altalene rotte" in client.get("/c/bari/needs?q=altalena").get_data(as_text=True)
    assert "Altalene rotte" not in client.get("/c/bari/needs?q=biblioteca").get_data(as_text=True)

    # and on the map, coarsened
    geo = client.get("/api/v1/needs.geojson?city=bari&bbox=16.8,41.1,16.9,41.2").json
    assert [f["geometry"]["coordinates"] for f in geo["features"]] == [[16.871, 41.123]]
    assert "41.123456" not in client.get("/api/v1/needs.geojson?city=bari").get_data(as_text=True)

    photo = client.get(f"/needs/{need.id}/photo")
    assert photo.status_code == 200 and photo.mimetype == "image/jpeg"
    assert b"GPS" not in photo.data and b"SpyCam" not in photo.data


def test_the_city_page_links_to_needs_their_map_and_the_form(client, city):
    page = client.get("/c/bari").get_data(as_text=True)
    for url in ("/c/bari/needs", "/c/bari/needs/map", "/c/bari/needs/new"):
        assert f'href="{url}"' in page


def test_post_a_need_without_a_city_goes_to_ones_own_city(client, login, resident):
    login(resident)
    response = client.get("/needs/new")
    assert response.status_code == 302 and response.headers["Location"].endswith("/c/bari/needs/new")


def test_anonymous_people_are_asked_to_sign_in_to_post(client, city, db):
    response = _post(client)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert _count(db) == 0


# --- validation --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields, field, words",
    [
        ({"title": "Buca"}, "title", "5 to 140"),
        ({"title": "x" * 141}, "title", "5 to 140"),
        ({"body": ""}, "body", ""),
        ({"body": "Corto"}, "body", "10 to"),
        ({"category": "aliens"}, "category", ""),
        ({"lat": "41.12"}, "lng", "both"),
        ({"lat": "nord", "lng": "16.87"}, "lat", "number"),
        ({"lat": "45.07", "lng": "7.68"}, "lat", "not in or near Bari"),
        ({"lat": "95", "lng": "16.87"}, "lat", "out of range"),
        ({"area": "999"}, "area", ""),
    ],
)
def test_bad_input_is_a_form_error_and_nothing_is_stored(client, login, resident, db, app, fields, field, words):
    fn.create_area(resident.city, "San Paolo")
    login(resident)
    before = _stored_files(app)
    response = _post(client, photo=fn.image_bytes(), **fields)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'id="{field}-error"' in page or (field == "category" and "Not a valid choice" in page)
    assert words in page
    assert _count(db) == 0 and _count(db, Photo) == 0
    assert _stored_files(app) == before


def test_a_point_outside_every_area_leaves_the_need_without_area(client, login, resident, city, db):
    fn.create_area(city, geometry=fn.square(half=0.005))
    login(resident)
    assert _post(client, lat="41.15", lng="16.90").status_code == 302
    need = db.session.scalar(sa.select(Need))
    assert need.area_id is None and need.lat_public == 41.15


def test_without_a_point_the_chosen_area_is_used_and_a_point_wins_over_it(client, login, resident, city, db):
    chosen = fn.create_area(city, "Libertà", geometry=fn.square(41.13, 16.86, 0.004))
    holding = fn.create_area(city, "San Paolo", geometry=fn.square(41.11, 16.80, 0.005))
    login(resident)
    _post(client, area=str(chosen.id))
    _post(client, title="Fermata senza pensilina", area=str(chosen.id), lat="41.11", lng="16.80")
    needs = db.session.scalars(sa.select(Need).order_by(Need.id)).all()
    assert [n.area_id for n in needs] == [chosen.id, holding.id]


def test_an_area_of_another_city_cannot_be_chosen(client, login, resident, other_city, db):
    elsewhere = fn.create_area(other_city, "Scampia", geometry=fn.square(40.91, 14.23))
    login(resident)
    assert _post(client, area=str(elsewhere.id)).status_code == 422
    assert _count(db) == 0


def test_coarsening_snaps_to_the_public_grid():
    assert coarsen(41.123456) == 41.123 and coarsen(16.8715) == 16.872 and coarsen(-0.0004) == 0.0
    assert coarsen(None) is None
    for value in (41.1234567, 16.87, 40.91999, 7.6869):
        assert abs(coarsen(value) - value) <= 0.0005 + 1e-12
        assert round(coarsen(value) * 1000) == pytest.approx(coarsen(value) * 1000)


# --- who sees what -------------------------------------------------------------------------------


def test_only_staff_of_the_city_see_the_exact_point(client, login, city, other_city):
    need = fn.create_need(city, lat=EXACT[0], lng=EXACT[1])
    exact = "41.123456"
    assert exact not in client.get(f"/needs/{need.id}").get_data(as_text=True)
    assert "lat" not in client.get(f"/api/v1/needs/{need.id}").json
    login(factories.create_user(role=Role.STAFF, city=other_city))
    assert exact not in client.get(f"/needs/{need.id}").get_data(as_text=True)
    assert "lat" not in client.get(f"/api/v1/needs/{need.id}").json
    login(factories.create_user(role=Role.STAFF, city=city))
    assert exact in client.get(f"/needs/{need.id}").get_data(as_text=True)
    assert client.get(f"/api/v1/needs/{need.id}").json["lat"] == EXACT[0]


def test_hidden_needs_are_gone_for_the_public_and_visible_to_staff(client, login, city):
    author = factories.create_user(city=city)
    hidden = fn.create_need(
        city,
        author,
        title="Segnalazione offensiva nascosta",
        lat=41.12,
        lng=16.87,
        hidden=True,
        body="Testo sui giardini.",
    )
    fn.create_need(city, title="Bisogno visibile sui giardini", lat=41.121, lng=16.871, body="Testo sui giardini.")
    urls = [
        "/c/bari/needs",
        "/c/bari/needs?q=giardini",
        "/api/v1/needs?city=bari",
        "/api/v1/needs?q=giardini",
        "/api/v1/needs.geojson?city=bari",
    ]
    for url in urls:
        text = client.get(url).get_data(as_text=True)
        assert "Bisogno visibile" in text and "offensiva nascosta" not in text, url
    assert client.get(f"/needs/{hidden.id}").status_code == 404
    assert client.get(f"/api/v1/needs/{hidden.id}").status_code == 404

    login(author)
    assert client.get(f"/needs/{hidden.id}").status_code == 200  # the author sees why
    assert "offensiva nascosta" not in client.get("/c/bari/needs").get_data(as_text=True)

    login(factories.create_user(role=Role.STAFF, city=city))
    for url in urls:
        assert "offensiva nascosta" in client.get(url).get_data(as_text=True), url
    assert client.get(f"/api/v1/needs/{hidden.id}").json["hidden"] is True


# --- lists ----------------------------------------------------------------------------------------


def test_list_filters_by_area_category_and_status(client, city):
    area = fn.create_area(city, "Japigia")
    fn.create_need(city, title="Nel quartiere Japigia", area=area, category=NeedCategory.HEALTH)
    fn.create_need(city, title="Senza quartiere", category=NeedCategory.HEALTH, status=NeedStatus.ADDRESSED)
    fn.create_need(city, title="Altra categoria", category=NeedCategory.MOBILITY)

    def titles(query):
        page = client.get(f"/c/bari/needs?{query}").get_data(as_text=True)
        return set(re.findall(r'<h2 class="h5 card-title mb-1"><a href="[^"]+">([^<]+)</a>', page))

    assert titles(f"area={area.id}") == {"Nel quartiere Japigia"}
    assert titles("category=health") == {"Nel quartiere Japigia", "Senza quartiere"}
    assert titles("status=addressed") == {"Senza quartiere"}
    assert titles("category=health&status=open") == {"Nel quartiere Japigia"}
    assert len(titles("category=nonsense&status=&area=abc")) == 3  # bad filters are ignored, no error


def test_list_sorts_by_newest_support_and_discussion(client, city):
    fn.create_need(city, title="Vecchio ma sostenuto", days_ago=30, support_count=40, comment_count=1)
    fn.create_need(city, title="Recente", days_ago=1, support_count=2, comment_count=3)
    fn.create_need(city, title="Molto discusso", days_ago=10, support_count=5, comment_count=25)

    def order(sort):
        items = client.get(f"/api/v1/needs?city=bari&sort={sort}").json["items"]
        page = client.get(f"/c/bari/needs?sort={sort}").get_data(as_text=True)
        titles = [i["title"] for i in items]
        assert [page.index(t) for t in titles] == sorted(page.index(t) for t in titles)
        return titles

    assert order("newest") == ["Recente", "Molto discusso", "Vecchio ma sostenuto"]
    assert order("supported") == ["Vecchio ma sostenuto", "Molto discusso", "Recente"]
    assert order("discussed") == ["Molto discusso", "Recente", "Vecchio ma sostenuto"]


def test_list_pages_of_twenty(client, city):
    for n in range(23):
        fn.create_need(city, title=f"Bisogno numero {n:02d}", days_ago=n)
    first = client.get("/c/bari/needs").get_data(as_text=True)
    second = client.get("/c/bari/needs?page=2").get_data(as_text=True)
    assert "23 needs found" in first
    assert "Bisogno numero 00" in first and "Bisogno numero 19" in first and "Bisogno numero 20" not in first
    assert "Bisogno numero 20" in second and "Bisogno numero 22" in second
    assert 'href="/c/bari/needs?page=2"' in first
    assert client.get("/c/bari/needs?page=99").status_code == 200


def test_the_map_page_loads_clustered_markers_from_the_geojson_endpoint(client, city):
    page = client.get("/c/bari/needs/map?category=health").get_data(as_text=True)
    assert "leaflet.markercluster.js" in page and "js/needs-map.js" in page
    assert 'data-geojson-url="/api/v1/needs.geojson?city=bari&amp;category=health"' in page
    assert "style=" not in page.split("<main", 1)[1]


def test_the_needs_menu_page_lists_cities(client, city, other_city):
    fn.create_need(city)
    page = client.get("/needs").get_data(as_text=True)
    assert "/c/bari/needs" in page and "/c/napoli/needs" in page and "1 need" in page


# --- editing ----------------------------------------------------------------------------------------


def test_the_author_edits_an_open_need_but_not_once_answered(client, login, resident, city, db):
    need = fn.create_need(city, resident, title="Titolo da correggere")
    login(resident)
    assert client.get(f"/needs/{need.id}/edit").status_code == 200
    response = client.post(
        f"/needs/{need.id}/edit",
        data={"title": "Titolo corretto", "body": need.body, "category": "health", "lat": "41.12", "lng": "16.87"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    need = db.session.get(Need, need.id)
    assert need.title == "Titolo corretto" and need.category is NeedCategory.HEALTH and need.lat_public == 41.12
    need.status = NeedStatus.UNDER_REVIEW
    db.session.commit()
    assert client.get(f"/needs/{need.id}/edit").status_code == 403
    assert "Edit the need" not in client.get(f"/needs/{need.id}").get_data(as_text=True)


def test_another_resident_cannot_edit_and_staff_can_with_an_audit_entry(client, login, resident, city, db):
    need = fn.create_need(city, resident, title="Titolo originale")
    login(factories.create_user(city=city))
    response = client.post(f"/needs/{need.id}/edit", data={"title": "Rubato", "body": "x" * 20, "category": "other"})
    assert response.status_code == 403
    staff = login(factories.create_user(role=Role.STAFF, city=city))
    data = {"title": "Titolo chiarito dallo staff", "body": need.body, "category": "other"}
    assert client.post(f"/needs/{need.id}/edit", data=data).status_code == 302
    db.session.expire_all()
    assert db.session.get(Need, need.id).title == "Titolo chiarito dallo staff"
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "need.edit"))
    assert entry.actor_id == staff.id


def test_the_author_replaces_and_removes_the_photo(client, login, resident, city, db, app):
    login(resident)
    _post(client, photo=fn.image_bytes(color="blue"))
    need = db.session.scalar(sa.select(Need))
    first = client.get(f"/needs/{need.id}/photo").data
    files = set(_stored_files(app))
    data = {"title": need.title, "body": need.body, "category": "environment"}
    client.post(
        f"/needs/{need.id}/edit",
        data={**data, "photo": (io.BytesIO(fn.image_bytes(color="green")), "nuova.png")},
        content_type="multipart/form-data",
    )
    assert client.get(f"/needs/{need.id}/photo").data != first
    now = set(_stored_files(app))
    assert len(now - files) == 2 and len(files - now) == 2  # the old photo and its thumbnail are gone
    client.post(f"/needs/{need.id}/edit", data={**data, "remove_photo": "y"})
    assert client.get(f"/needs/{need.id}/photo").status_code == 404
    assert _count(db, Photo) == 0 and not (set(_stored_files(app)) & (now - files))


# --- live and limits ------------------------------------------------------------------------------------


def test_a_new_need_is_pushed_to_the_city_topic_after_it_is_stored(client, login, live, resident, city):
    watcher = live()
    assert watcher.emit("subscribe", {"topic": "city:bari"})["ok"]
    login(resident)
    _post(client, lat=str(EXACT[0]), lng=str(EXACT[1]))
    pushed = watcher.wait_for("item:created")
    assert len(pushed) == 1
    item = pushed[0]
    assert item["topic"] == "city:bari" and item["kind"] == "need"
    assert item["item"]["title"] == "Giardino abbandonato dietro la scuola"
    assert item["item"]["lat_public"] == 41.123 and "lat" not in item["item"]


def test_a_refused_need_pushes_nothing(client, login, live, resident, city):
    watcher = live()
    watcher.emit("subscribe", {"topic": "city:bari"})
    login(resident)
    _post(client, title="No")
    watcher.settle()
    assert watcher.events("item:created") == []


def test_posting_is_rate_limited_per_person(client, login, resident, city, db):
    login(resident)
    statuses = [_post(client, title=f"Bisogno ripetuto {n}").status_code for n in range(16)]
    assert statuses[:15] == [302] * 15 and statuses[15] == 429
    assert _count(db) == 15


def test_forms_sent_back_with_errors_do_not_count_against_the_limit(client, login, resident, city, db):
    login(resident)
    assert all(_post(client, title="No").status_code == 422 for _ in range(16))
    assert _post(client).status_code == 302


def test_the_service_refuses_anonymous_posts(city):
    from app.errors import Unauthenticated

    with pytest.raises(Unauthenticated):
        services.post_need(None, city, title="Titolo valido", body="Un testo abbastanza lungo", category="other")


# --- hostile text ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS)
def test_xss_in_title_and_text_stays_text_everywhere(client, login, city, db, payload):
    area = fn.create_area(city, "San Paolo")
    author = factories.create_user(city=city)
    title = ("Bisogno " + payload)[:140]
    need = services.post_need(
        author, city, title=title, body=payload + " e altro testo", category="other", area=area.id
    )
    login(factories.create_user(role=Role.STAFF, city=city))
    for url in (
        f"/needs/{need.id}",
        f"/needs/{need.id}/edit",
        "/c/bari/needs",
        "/c/bari/needs?q=" + payload[:50],
        f"/c/bari/areas/{area.slug}",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_no_xss(response.get_data(as_text=True))
    assert client.get(f"/api/v1/needs/{need.id}").json["title"] == title
