"""The public lists of calls and the call page: filters (status, kind, fund, area, city),
"open now" first then by closing date, pages, query arguments that are not choices (never an
error), the map of eligible areas coloured by intensity (its GeoJSON, text alternative and
escaping), and ``budget_left`` pushed live when the money set aside or the budget changes."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from app.calls import budget, services
from app.errors import Conflict
from app.extensions import db
from app.models import CallStatus
from tests.factories.calls import create_call, staff_of
from tests.factories.needs import create_area
from tests.xss import PAYLOADS, assert_no_xss

NOW = datetime.now(UTC).replace(microsecond=0)


@pytest.fixture
def staff(city):
    return staff_of(city)


def _call(city, staff, title, status=CallStatus.OPEN, closes_in=30, **overrides):
    opens = NOW - timedelta(days=60)
    closes = None if closes_in is None else NOW + timedelta(days=closes_in)
    call = create_call(
        city,
        staff,
        title=title,
        opens_at=opens.isoformat(),
        closes_at=closes.isoformat() if closes else None,
        **overrides,
    )
    call.status, call.version = status, (0 if status is CallStatus.DRAFT else 1)
    db.session.commit()
    return call


def _titles(html: str) -> list[str]:
    """The titles of the listed calls, in order."""
    return re.findall(r'<h2 class="h5 card-title"><a href="/calls/\d+">([^<]+)</a>', html)


def test_open_calls_come_first_the_soonest_closing_on_top(client, city, staff):
    _call(city, staff, "Chiuso da poco", CallStatus.CLOSED, closes_in=-5)
    _call(city, staff, "Aperto fino a marzo", closes_in=90)
    _call(city, staff, "Sportello aperto", closes_in=None, kind="rolling")
    _call(city, staff, "In consultazione", CallStatus.CONSULTATION)
    _call(city, staff, "Aperto, chiude domani", closes_in=1)
    _call(city, staff, "Chiuso da tempo", CallStatus.CLOSED, closes_in=-50)
    html = client.get(f"/{city.slug}/calls").get_data(as_text=True)
    titles = _titles(html)
    assert titles[:3] == ["Aperto, chiude domani", "Aperto fino a marzo", "Sportello aperto"]
    assert titles.index("Chiuso da poco") < titles.index("Chiuso da tempo")
    assert len(titles) == 6
    api = client.get(f"/api/v1/calls?city={city.slug}").json["items"]
    assert [c["title"] for c in api] == titles  # one query for both doors


def test_each_filter_narrows_the_list(client, city, staff):
    japigia = create_area(city, "Japigia", intensity=80)
    _call(city, staff, "Competitivo FSE+", areas=[{"area": japigia.id}])
    _call(city, staff, "Sportello FESR", kind="rolling", closes_in=None, funds=[{"fund": "FESR", "ceiling": "600000"}])
    _call(city, staff, "Consultazione", CallStatus.CONSULTATION)
    _call(city, staff, "Bozza", CallStatus.DRAFT)
    url = f"/{city.slug}/calls"
    assert _titles(client.get(url + "?status=consultation").get_data(as_text=True)) == ["Consultazione"]
    assert _titles(client.get(url + "?kind=rolling").get_data(as_text=True)) == ["Sportello FESR"]
    assert _titles(client.get(url + "?fund=FESR").get_data(as_text=True)) == ["Sportello FESR"]
    assert _titles(client.get(url + f"?area={japigia.id}").get_data(as_text=True)) == ["Competitivo FSE+"]
    both = client.get(url + f"?status=open&fund=FSE%2B&area={japigia.id}").get_data(as_text=True)
    assert _titles(both) == ["Competitivo FSE+"]
    assert f'<option selected value="{japigia.id}">Japigia</option>' in both  # the form keeps the choice
    assert "Bozza" not in client.get(url).get_data(as_text=True)  # a draft is not public
    assert "Nessun bando corrisponde a questi filtri." in client.get(url + "?kind=ideas").get_data(as_text=True)
    assert [c["title"] for c in client.get(f"/api/v1/calls?area={japigia.id}").json["items"]] == ["Competitivo FSE+"]


@pytest.mark.parametrize(
    "query",
    [
        "status=nonsense",
        "kind=ideas%20",
        "fund=FSE",
        "area=99999999999999999999999",
        "area=-1",
        "area=1e9",
        "page=99999999999999999999",
        "page=-3",
        "city=" + "x" * 5000,
        "status=draft",
    ],
)
def test_arguments_that_are_not_choices_are_ignored_and_said_so(client, city, staff, query):
    _call(city, staff, "Avviso aperto")
    for url in (f"/{city.slug}/calls?{query}", f"/calls?{query}"):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        if not query.startswith("page") and not (query.startswith("city") and url.startswith("/bari")):
            assert "Alcuni filtri non sono stati compresi" in html
            assert _titles(html) == ["Avviso aperto"]


def test_the_api_refuses_an_area_beyond_any_id(client, city):
    response = client.get("/api/v1/calls?area=99999999999999999999")
    assert response.status_code == 422 and "area" in response.json["error"]["fields"]


def test_the_list_has_pages_that_keep_the_filters(client, city, staff):
    for n in range(23):
        _call(city, staff, f"Avviso numero {n:02d}", closes_in=n + 1)
    _call(city, staff, "Sportello", kind="rolling", closes_in=None)
    first = client.get(f"/{city.slug}/calls?kind=competitive").get_data(as_text=True)
    assert len(_titles(first)) == 20 and _titles(first)[0] == "Avviso numero 00"
    assert "/bari/calls?page=2&amp;kind=competitive" in first or "/bari/calls?kind=competitive&amp;page=2" in first
    second = client.get(f"/{city.slug}/calls?kind=competitive&page=2").get_data(as_text=True)
    assert _titles(second) == ["Avviso numero 20", "Avviso numero 21", "Avviso numero 22"]
    assert _titles(client.get(f"/{city.slug}/calls?page=9").get_data(as_text=True)) == []


def test_the_list_of_every_city_filters_by_city(client, city, other_city, staff):
    _call(city, staff, "Avviso di Bari")
    _call(other_city, staff_of(other_city, "Funzionario di Napoli"), "Avviso di Napoli", closes_in=60)
    _call(other_city, staff_of(other_city, "Altro"), "Bozza di Napoli", CallStatus.DRAFT)
    every = client.get("/calls").get_data(as_text=True)
    assert _titles(every) == ["Avviso di Bari", "Avviso di Napoli"]
    assert "Bari ·" in every and "Napoli ·" in every
    assert _titles(client.get("/calls?city=napoli").get_data(as_text=True)) == ["Avviso di Napoli"]
    area = create_area(other_city, "Scampia")
    chosen = client.get("/calls?city=napoli").get_data(as_text=True)
    assert "Scampia" in chosen  # the chosen city's areas become a filter
    assert "Scampia" not in client.get("/calls").get_data(as_text=True)
    assert _titles(client.get(f"/calls?city=napoli&area={area.id}").get_data(as_text=True)) == []


def test_the_map_data_gives_each_area_its_intensity_and_band(client, city, staff):
    japigia = create_area(city, "Japigia", intensity=80)
    san_paolo = create_area(city, "San Paolo", intensity=100)
    libertà = create_area(city, "Libertà", intensity=100)
    call = _call(
        city,
        staff,
        "Avviso",
        areas=[
            {"area": japigia.id},
            {"area": san_paolo.id, "intensity_pct": "60"},
            {"area": libertà.id},
        ],
    )
    response = client.get(f"/calls/{call.id}/areas.geojson")
    assert response.status_code == 200 and response.mimetype == "application/geo+json"
    data = response.json
    assert data["type"] == "FeatureCollection"
    got = {f["properties"]["name"]: (f["properties"]["intensity"], f["properties"]["band"]) for f in data["features"]}
    assert got == {"Japigia": ("80.00", 2), "San Paolo": ("60.00", 1), "Libertà": ("100.00", 4)}
    assert data["features"][0]["geometry"] == japigia.geometry
    assert data["features"][0]["properties"]["url"] == f"/c/{city.slug}/areas/{japigia.slug}"
    page = client.get(f"/calls/{call.id}").get_data(as_text=True)
    assert f'data-areas-url="/calls/{call.id}/areas.geojson"' in page
    assert "Japigia</a>: fino al 80% del costo ammissibile" in page  # the text alternative
    assert page.count('class="cantiere-swatch cantiere-band-') == 5 + 3  # legend and list
    assert "/static/vendor/leaflet/dist/leaflet.js" in page


def test_no_map_when_the_areas_have_no_shape_and_none_without_areas(client, city, staff):
    area = create_area(city, "Senza confini")
    area.geometry = {}
    db.session.commit()
    call = _call(city, staff, "Avviso", areas=[{"area": area.id}])
    page = client.get(f"/calls/{call.id}").get_data(as_text=True)
    assert "Senza confini" in page and "data-call-areas-map" not in page and "leaflet.js" not in page
    assert client.get(f"/calls/{call.id}/areas.geojson").json["features"] == []
    bare = _call(city, staff, "Senza aree")
    assert "Aree ammissibili" not in client.get(f"/calls/{bare.id}").get_data(as_text=True)


def test_the_map_of_a_draft_is_not_public(client, login, city, staff, resident):
    area = create_area(city, "Japigia")
    draft = _call(city, staff, "Bozza", CallStatus.DRAFT, areas=[{"area": area.id}])
    assert client.get(f"/calls/{draft.id}/areas.geojson").status_code == 404
    assert client.get("/calls/99999999999/areas.geojson").status_code == 404
    login(resident)
    assert client.get(f"/calls/{draft.id}/areas.geojson").status_code == 404
    login(staff)
    assert client.get(f"/calls/{draft.id}/areas.geojson").status_code == 200


@pytest.mark.parametrize("lang", ["it", "en"])
def test_area_names_from_the_xss_corpus_stay_text(client, city, staff, lang):
    areas = [create_area(city, payload[:120], slug=f"xss-{n}") for n, payload in enumerate(PAYLOADS)]
    call = _call(city, staff, "Avviso", areas=[{"area": a.id} for a in areas[:60]])
    headers = {"Accept-Language": lang}
    page = client.get(f"/calls/{call.id}", headers=headers).get_data(as_text=True)
    assert_no_xss(page)
    response = client.get(f"/calls/{call.id}/areas.geojson")
    names = {f["properties"]["name"] for f in json.loads(response.get_data(as_text=True))["features"]}
    assert names == {a.name for a in areas[:60]}  # data, as typed; the page sets them as text
    assert response.mimetype == "application/geo+json"  # never read as a page
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    listing = client.get(f"/{city.slug}/calls?area={areas[0].id}", headers=headers).get_data(as_text=True)
    assert_no_xss(listing)
    assert_no_xss(client.get(f"/calls?city={city.slug}", headers=headers).get_data(as_text=True))


@pytest.mark.usefixtures("in_request")
def test_money_set_aside_pushes_the_budget_left(live, city, staff):
    call = _call(city, staff, "Sportello", kind="rolling", closes_in=None)
    watcher = live()
    assert watcher.emit("subscribe", {"topic": f"call:{call.id}"})["ok"]
    services._save(lambda: budget.commit_funds(call, Decimal("150000.50")))
    got = watcher.wait_for("counter:changed")
    assert got == [{"topic": f"call:{call.id}", "name": "budget_left", "value": "449999.50"}]
    db.session.refresh(call)
    assert call.committed == Decimal("150000.50")
    services._save(lambda: budget.commit_funds(call, Decimal("-50000")))
    assert watcher.wait_for("counter:changed", count=2)[-1]["value"] == "499999.50"


@pytest.mark.usefixtures("in_request")
def test_more_than_the_budget_left_is_refused_and_pushes_nothing(live, city, staff):
    call = _call(city, staff, "Sportello", kind="rolling", closes_in=None)
    watcher = live()
    watcher.emit("subscribe", {"topic": f"call:{call.id}"})
    with pytest.raises(Conflict):
        services._save(lambda: budget.commit_funds(call, Decimal("600000.01")))
    with pytest.raises(Conflict):
        services._save(lambda: budget.commit_funds(call, Decimal("-1")))
    watcher.settle()
    assert watcher.events("counter:changed") == []
    db.session.refresh(call)
    assert call.committed == 0 and call.budget_left == Decimal("600000.00")


def test_a_new_budget_pushes_the_budget_left_and_the_new_version(client, login, live, city, staff):
    call = _call(city, staff, "Sportello", kind="rolling", closes_in=None)
    watcher = live()
    watcher.emit("subscribe", {"topic": f"call:{call.id}"})
    login(staff)
    body = {"budget": "700000.00", "funds": [{"fund": "FSE+", "ceiling": "700000.00"}], "reason": "Risorse aggiunte"}
    assert client.patch(f"/api/v1/calls/{call.id}", json=body).status_code == 200
    assert {"topic": f"call:{call.id}", "name": "budget_left", "value": "700000.00"} in watcher.wait_for(
        "counter:changed"
    )
    assert watcher.wait_for("call:changed") == [{"topic": f"call:{call.id}", "status": "open", "version": 2}]
    watcher.clear()
    client.patch(f"/api/v1/calls/{call.id}", json={"summary": "Solo il testo cambia.", "reason": "Refuso"})
    watcher.wait_for("call:changed")
    assert watcher.events("counter:changed") == []  # the budget did not change


def test_the_call_page_is_ready_to_go_live(client, city, staff):
    call = _call(city, staff, "In consultazione", CallStatus.CONSULTATION)
    page = client.get(f"/calls/{call.id}").get_data(as_text=True)
    assert f'data-live-topic="call:{call.id}"' in page
    assert "data-call-budget-left>600.000,00\xa0€<" in page
    assert 'data-call-status="consultation"' in page
    assert f'data-live-counter="call:{call.id} comments"' in page and "0 commenti nella consultazione" in page
    words = json.loads(re.search(r'id="page-strings">(.*?)</script>', page).group(1))
    assert words["calls_status_open"] == "Aperto"
    assert words["calls_changed"] == "Il bando è stato aggiornato (versione %(n)s)"
    assert 'aria-live="polite" data-call-notice data-version="1"' in page
