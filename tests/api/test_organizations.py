"""``/api/v1/organizations`` and ``/api/v1/network`` as another client uses them."""

import pytest

from app.models import LegalForm
from tests import factories
from tests.factories import ideas as fi
from tests.factories import needs as fn
from tests.factories import organisations as fo
from tests.xss import PAYLOADS


def test_list_filter_search_and_paginate(client, city, other_city):
    japigia = fn.create_area(city, "Japigia", "japigia")
    fo.create_organisation(city, name="Museo del Mare", legal_form=LegalForm.MUSEUM, areas=[japigia], verified=True)
    fo.create_organisation(city, name="APS Verde", description="Orti e **giardini** condivisi", fields=["ambiente"])
    fo.create_organisation(other_city, name="Museo di Napoli", legal_form=LegalForm.MUSEUM)
    data = client.get("/api/v1/organizations?city=bari").json
    assert data["total"] == 2 and data["page"] == 1 and data["per_page"] == 20
    assert [o["name"] for o in data["items"]] == ["APS Verde", "Museo del Mare"]
    museum = data["items"][1]
    assert museum["city"] == "bari" and museum["legal_form"] == "museum" and museum["verified"] is True
    assert museum["areas"] == [{"id": japigia.id, "slug": "japigia", "name": "Japigia"}]
    assert museum["third_sector"] is False and museum["url"].endswith(f"/organisations/{museum['id']}")
    assert data["items"][0]["description_html"].startswith("<p>Orti e <strong>giardini</strong>")
    assert data["items"][0]["fields_of_activity"] == ["ambiente"]

    def names(query):
        return [o["name"] for o in client.get("/api/v1/organizations" + query).json["items"]]

    assert names("?form=museum") == ["Museo del Mare", "Museo di Napoli"]
    assert names(f"?city=bari&area={japigia.id}") == ["Museo del Mare"]
    assert names("?q=GIARDINI") == ["APS Verde"]
    assert names("?city=bari&third_sector=true") == ["APS Verde"]
    assert names("?verified=false") == ["APS Verde", "Museo di Napoli"]
    page = client.get("/api/v1/organizations?per_page=1&page=2").json
    assert page["total"] == 3 and len(page["items"]) == 1 and page["per_page"] == 1


def test_one_organisation_and_404(client, city):
    organisation = fo.create_organisation(city, factories.create_user(city=city), name="Teatro Kismet")
    data = client.get(f"/api/v1/organizations/{organisation.id}").json
    assert data["name"] == "Teatro Kismet" and data["tax_code"] == organisation.tax_code
    response = client.get("/api/v1/organizations/999999")
    assert response.status_code == 404 and response.json["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    "query",
    [
        "?city=atlantide",
        "?form=castle",
        "?area=zero",
        "?area=99999999999999999999999",
        "?per_page=1000",
        "?page=0",
        "?q=" + "x" * 200,
        "?verified=x",
    ],
)
def test_bad_queries_get_a_json_422(client, city, query):
    response = client.get("/api/v1/organizations" + query)
    assert response.status_code == 422 and response.json["error"]["fields"]


def test_text_comes_back_as_text(client, city):
    for payload in PAYLOADS[:5]:
        fo.create_organisation(city, name=payload, description=payload)
    items = client.get("/api/v1/organizations?per_page=100").json["items"]
    assert {o["name"] for o in items} == set(PAYLOADS[:5])
    assert all("<script" not in o["description_html"] for o in items)


def test_openapi_documents_the_organisation_and_network_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert "/api/v1/organizations" in paths
    assert "/api/v1/organizations/{organisation_id}" in paths
    assert "/api/v1/network" in paths
    network_params = {p["name"] for p in paths["/api/v1/network"]["get"]["parameters"]}
    assert {"city", "area", "form"} <= network_params


def test_network_payload_shape(client, city):
    owner = factories.create_user(city=city)
    lead = fo.create_organisation(city, owner, name="APS Capofila")
    partner = fo.create_organisation(city, owner, name="Biblioteca", legal_form=LegalForm.LIBRARY, verified=True)
    fo.create_partnership(fi.create_idea(city), lead, [partner])
    data = client.get("/api/v1/network?city=bari").json
    assert data["city"] == "bari" and data["betweenness_sample"] is None
    assert data["edges"] == [{"source": lead.id, "target": partner.id, "weight": 1}]
    node = next(n for n in data["nodes"] if n["id"] == partner.id)
    assert set(node) == {
        "id", "name", "legal_form", "third_sector", "verified", "partners", "partnerships", "betweenness", "url",
    }  # fmt: skip
    assert node["verified"] is True and node["partners"] == 1 and node["betweenness"] == 0
