"""The demo organisations and partner networks, and the volume generators of the benchmarks."""

import networkx as nx
import sqlalchemy as sa

from app.demo import foundation
from app.demo import organisations as demo
from app.extensions import db as _db
from app.models import City, Idea, LegalForm, MemberRole, Membership, Organisation, Partner, Partnership, User
from app.organisations import network as network_service
from app.organisations import taxcode
from bench.scale import organisations as scale
from tests.factories import ideas as fi
from tests.factories import needs as fn


def _count(model, *where):
    return _db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def test_demo_seeds_about_fifty_organisations_per_city_with_valid_codes_and_networks(db, client):
    messages = []
    foundation.seed(messages.append)
    bari = db.session.scalar(sa.select(City).where(City.slug == "bari"))
    fn.create_area(bari, "Japigia", "japigia")
    fn.create_area(bari, "San Paolo", "san-paolo")
    author = db.session.scalar(sa.select(User).where(User.email == "resident@demo.cantiere.local"))
    for n in range(18):
        fi.create_idea(bari, author, title=f"Idea demo {n}")
    demo.seed(messages.append)
    db.session.commit()
    for city in db.session.scalars(sa.select(City)):
        count = _count(Organisation, Organisation.city_id == city.id)
        assert 45 <= count <= 60, (city.slug, count)
        forms = set(db.session.scalars(sa.select(Organisation.legal_form).where(Organisation.city_id == city.id)))
        assert forms == set(LegalForm), city.slug
    codes = db.session.scalars(sa.select(Organisation.tax_code)).all()
    assert all(taxcode.is_valid(code) for code in codes)
    names = set(db.session.scalars(sa.select(Organisation.name)))
    assert "IC Japigia 1 – San Francesco" in names and "Università degli Studi di Bari Aldo Moro" in names
    org_account = db.session.scalar(sa.select(User).where(User.email == "org@demo.cantiere.local"))
    owned = _count(Membership, Membership.user_id == org_account.id, Membership.role == MemberRole.OWNER)
    assert 3 <= owned <= 5
    # every organisation has an owner
    ownerless = sa.select(Organisation.id).where(
        ~sa.exists().where(Membership.organisation_id == Organisation.id, Membership.role == MemberRole.OWNER)
    )
    assert db.session.scalars(ownerless).all() == []
    # partnerships around every Bari idea: a connected but not trivial network
    assert _count(Partnership, Partnership.city_id == bari.id) == 18
    assert any(p.lead.is_owner(org_account) for p in db.session.scalars(sa.select(Partnership)))
    data = client.get("/api/v1/network?city=bari").json
    graph = nx.Graph([(e["source"], e["target"]) for e in data["edges"]])
    assert graph.number_of_nodes() >= 30
    assert nx.is_connected(graph)  # groups joined…
    assert nx.density(graph) < 0.3  # …but not everyone with everyone
    bridges = sorted(data["nodes"], key=lambda n: -n["betweenness"])[:3]
    assert bridges[0]["betweenness"] > 0.1
    assert {"university", "library", "foundation", "theatre"} & {n["legal_form"] for n in bridges}
    # the resident has an invitation to answer
    page = client.post("/login", data={"email": "resident@demo.cantiere.local", "password": "cantiere-demo"})
    assert page.status_code == 302
    assert "invites you" in client.get("/organisations/invitations", headers={"Accept-Language": "en"}).text
    # idempotent
    before = (_count(Organisation), _count(Partner), _count(Membership), _count(User))
    demo.seed(messages.append)
    db.session.commit()
    assert (_count(Organisation), _count(Partner), _count(Membership), _count(User)) == before


def test_demo_without_ideas_skips_partnerships(db):
    messages = []
    foundation.seed(messages.append)
    demo.seed(messages.append)
    assert _count(Partnership) == 0 and _count(Organisation) > 200
    assert any("no idea" in m for m in messages)


def test_scalers_add_organisations_and_partnerships_in_bulk(db, client, monkeypatch):
    foundation.seed(lambda m: None)
    monkeypatch.setattr(scale, "BATCH", 150)
    scale.scale_organisations(400, lambda m: None)
    scale.scale_partnerships(300, lambda m: None)
    bari = db.session.scalar(sa.select(City).where(City.slug == "bari"))
    assert _count(Organisation, Organisation.city_id == bari.id) == 400
    assert _count(Partnership, Partnership.city_id == bari.id) == 300
    assert _count(Idea, Idea.city_id == bari.id) == 300
    assert all(taxcode.is_valid(c) for c in db.session.scalars(sa.select(Organisation.tax_code)))
    network_service.clear_cache()
    data = client.get("/api/v1/network?city=bari").json
    assert len(data["nodes"]) == 400 and len(data["edges"]) > 300
    assert client.get("/api/v1/organizations?city=bari&per_page=5").json["total"] == 400


def test_the_scale_command_is_registered(runner, db):
    foundation.seed(lambda m: None)
    result = runner.invoke(args=["demo", "scale", "--organizations", "30", "--partnerships", "20"])
    assert result.exit_code == 0, result.output
    assert "partnerships: 20 added" in result.output
