"""The partner network of a city: the API's nodes and edges, betweenness finding the bridges,
the map page with its accessible tables, and "find a partner"."""

import pytest

from app.models import LegalForm, PartnerStatus
from app.organisations import network as network_service
from tests import factories
from tests.factories import ideas as fi
from tests.factories import needs as fn
from tests.factories import organisations as fo
from tests.xss import assert_no_xss


@pytest.fixture(autouse=True)
def english(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    network_service.clear_cache()


@pytest.fixture
def two_groups(city):
    """Two groups of three organisations joined only by the university (a bridge)."""
    japigia = fn.create_area(city, "Japigia")
    owner = factories.create_user(city=city)
    orgs = {
        name: fo.create_organisation(city, owner, name=name, legal_form=form, areas=[japigia] if name < "D" else [])
        for name, form in [
            ("A APS", LegalForm.APS),
            ("B ODV", LegalForm.ODV),
            ("C Scuola", LegalForm.SCHOOL),
            ("D Coop", LegalForm.SOCIAL_COOPERATIVE),
            ("E Museo", LegalForm.MUSEUM),
            ("F Teatro", LegalForm.THEATRE),
            ("X Università", LegalForm.UNIVERSITY),
            ("Z Sola", LegalForm.BUSINESS),
        ]
    }
    fo.create_partnership(fi.create_idea(city), orgs["A APS"], [orgs["B ODV"], orgs["C Scuola"], orgs["X Università"]])
    fo.create_partnership(fi.create_idea(city), orgs["A APS"], [orgs["B ODV"], (orgs["Z Sola"], PartnerStatus.INVITED)])
    fo.create_partnership(
        fi.create_idea(city), orgs["D Coop"], [orgs["E Museo"], orgs["F Teatro"], orgs["X Università"]]
    )
    return {"orgs": orgs, "area": japigia, "owner": owner}


def _by_name(data):
    return {node["name"]: node for node in data["nodes"]}


def test_nodes_and_weighted_edges_of_a_city(client, two_groups):
    response = client.get("/api/v1/network?city=bari")
    assert response.status_code == 200
    data = response.json
    nodes = _by_name(data)
    assert set(nodes) == set(two_groups["orgs"])
    ids = {name: org.id for name, org in two_groups["orgs"].items()}
    x = nodes["X Università"]
    assert x["partners"] == 6 and x["partnerships"] == 2 and x["legal_form"] == "university"
    assert x["url"].endswith(f"/organisations/{ids['X Università']}")
    assert nodes["A APS"]["third_sector"] is True and nodes["E Museo"]["third_sector"] is False
    assert nodes["Z Sola"]["partners"] == 0  # only invited: not an edge
    edges = {(e["source"], e["target"]): e["weight"] for e in data["edges"]}
    pair = tuple(sorted((ids["A APS"], ids["B ODV"])))
    assert edges[pair] == 2  # they share two accepted partnerships
    assert all(ids["Z Sola"] not in key for key in edges)
    assert len(edges) == 6 + 6  # two groups of four, fully connected within each


def test_the_bridge_between_two_groups_has_the_highest_betweenness(client, two_groups):
    nodes = _by_name(client.get("/api/v1/network?city=bari").json)
    ranked = sorted(nodes.values(), key=lambda n: -n["betweenness"])
    assert ranked[0]["name"] == "X Università" and ranked[0]["betweenness"] > 0.5
    assert nodes["B ODV"]["betweenness"] == 0


def test_filters_by_area_and_form_keep_city_wide_counts(client, two_groups):
    area_id = two_groups["area"].id
    nodes = _by_name(client.get(f"/api/v1/network?city=bari&area={area_id}").json)
    assert set(nodes) == {"A APS", "B ODV", "C Scuola"}
    assert nodes["A APS"]["partners"] == 3
    data = client.get("/api/v1/network?city=bari&form=university").json
    assert [n["name"] for n in data["nodes"]] == ["X Università"] and data["edges"] == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("", "city"),
        ("?city=atlantide", "city"),
        ("?city=bari&form=castle", "form"),
        ("?city=bari&area=x", "area"),
        ("?city=bari&area=99999999999999999999", "area"),
    ],
)
def test_bad_network_queries_are_422(client, city, query, field):
    response = client.get("/api/v1/network" + query)
    assert response.status_code == 422 and field in response.json["error"]["fields"]


def test_an_area_of_another_city_is_refused(client, city, other_city):
    area = fn.create_area(other_city, "Scampia")
    assert client.get(f"/api/v1/network?city=bari&area={area.id}").status_code == 422


def test_the_cache_follows_partnership_changes(client, login, two_groups, db):
    orgs = two_groups["orgs"]
    before = client.get("/api/v1/network?city=bari").json
    assert _by_name(before)["Z Sola"]["partners"] == 0
    login(two_groups["owner"])  # owns every organisation of the fixture
    from app.models import Partner

    invited = db.session.query(Partner).filter_by(organisation_id=orgs["Z Sola"].id).one()
    assert client.post(f"/partners/{invited.id}/answer", data={"answer": "accept"}).status_code == 302
    after = _by_name(client.get("/api/v1/network?city=bari").json)
    assert after["Z Sola"]["partners"] == 2 and after["A APS"]["partners"] == 4


def test_large_networks_sample_betweenness(client, two_groups, monkeypatch):
    monkeypatch.setattr(network_service, "EXACT_UP_TO", 3)
    data = client.get("/api/v1/network?city=bari").json
    assert data["betweenness_sample"] == 7  # min(200, organisations with partners)
    assert max(data["nodes"], key=lambda n: n["betweenness"])["name"] == "X Università"


def test_the_network_page_draws_with_cytoscape_and_lists_top_organisations(client, two_groups):
    page = client.get("/c/bari/network")
    assert page.status_code == 200
    assert "vendor/cytoscape/dist/cytoscape.min.js" in page.text and "js/network.js" in page.text
    assert 'data-api="/api/v1/network?city=bari"' in page.text
    bridges = page.text.split("Bridges between groups", 1)[1]
    assert bridges.index("X Università") < bridges.index("</table>")
    most = page.text.split("Organisations with most partners", 1)[1].split("</table>")[0]
    assert "X Università" in most and "Z Sola" not in most
    assert "<script>" not in page.text and 'style="' not in page.text
    assert client.get("/c/atlantide/network").status_code == 404
    area_page = client.get(f"/c/bari/network?area={two_groups['area'].id}&form=aps")
    assert area_page.status_code == 200 and "1 organisation" in area_page.text


def test_the_network_page_with_no_partnerships(client, city):
    page = client.get("/c/bari/network")
    assert page.status_code == 200 and "No partnership with accepted partners yet" in page.text


def test_find_a_partner_leaves_out_organisations_already_partnered(client, login, city, two_groups):
    orgs = two_groups["orgs"]
    me = factories.create_user(city=city)
    fo.add_member(orgs["A APS"], me)
    login(me)
    page = client.get("/organisations/find-partner").text  # the city of my organisation
    shown = {name for name in orgs if name in page}
    assert shown == {"D Coop", "E Museo", "F Teatro"}  # not A itself, nor B, C, X, Z (invited)
    page = client.get("/organisations/find-partner?city=bari&form=museum").text
    assert {name for name in orgs if name in page} == {"E Museo"}
    page = client.get(f"/organisations/find-partner?city=bari&area={two_groups['area'].id}").text
    assert {name for name in orgs if name in page} == set()
    assert_no_xss(page)


def test_find_a_partner_offers_the_partnerships_i_lead(client, login, city, two_groups):
    orgs = two_groups["orgs"]
    lead_owner = factories.create_user(city=city)
    mine = fo.create_organisation(city, lead_owner, name="Mia APS")
    partnership = fo.create_partnership(fi.create_idea(city, title="Orti in cortile"), mine)
    login(lead_owner)
    page = client.get("/organisations/find-partner?city=bari&form=museum").text
    assert "Orti in cortile" in page
    link = f"/partnerships/{partnership.id}?invite={orgs['E Museo'].id}"
    assert link in page
    invite_page = client.get(link).text
    assert f'<option selected value="{orgs["E Museo"].id}">E Museo</option>' in invite_page


def test_find_a_partner_needs_signing_in(client, city):
    assert client.get("/organisations/find-partner").status_code == 302


def test_large_networks_compute_betweenness_in_the_background(client, login, two_groups, monkeypatch, db):
    monkeypatch.setattr(network_service, "SYNC_UP_TO", 2)
    first = client.get("/api/v1/network?city=bari").json
    assert first["betweenness_pending"] is True  # the very first time: zeros while it is computed
    assert all(node["betweenness"] == 0 for node in first["nodes"])
    assert network_service.wait_for_background()
    ready = client.get("/api/v1/network?city=bari").json
    assert ready["betweenness_pending"] is False
    assert max(ready["nodes"], key=lambda n: n["betweenness"])["name"] == "X Università"
    # a change: the new structure at once, the previous betweenness until the new one is ready
    login(two_groups["owner"])
    from app.models import Partner

    invited = db.session.query(Partner).filter_by(organisation_id=two_groups["orgs"]["Z Sola"].id).one()
    client.post(f"/partners/{invited.id}/answer", data={"answer": "accept"})
    changed = client.get("/api/v1/network?city=bari").json
    assert _by_name(changed)["Z Sola"]["partners"] == 2
    assert changed["betweenness_pending"] is True
    assert _by_name(changed)["X Università"]["betweenness"] == _by_name(ready)["X Università"]["betweenness"]
    assert network_service.wait_for_background()
    assert client.get("/api/v1/network?city=bari").json["betweenness_pending"] is False
