"""The partner network of a city: organisations are nodes, and two organisations are linked
when they are accepted partners (the lead included) of the same partnership, weighted by how
many partnerships they share.

Betweenness centrality (networkx) finds the organisations that bridge otherwise separate
groups. It is computed on the city's whole network (organisations with at least one partner):
exactly up to ``EXACT_UP_TO`` organisations, above that by sampling ``min(200, n)`` sources
(seed 1). Both the network's structure and its betweenness are cached per city and process,
keyed by the city's last partnership change (the set of accepted partner rows and the time of
the last answer):

- small networks (up to ``SYNC_UP_TO`` organisations with partners) are computed in the
  request that finds the cache out of date;
- larger ones are computed in the background (a native thread, also under eventlet, so live
  connections keep being served); meanwhile answers carry the previous values (or zeros the
  very first time) and ``betweenness_pending: true``.
"""

from __future__ import annotations

import sys
import threading
from dataclasses import dataclass

import networkx as nx
import sqlalchemy as sa
from flask import url_for
from sqlalchemy.orm import aliased

from app.extensions import db
from app.models import City, Organisation, Partner, Partnership, PartnerStatus
from app.models.organisation import THIRD_SECTOR_FORMS, THIRD_SECTOR_IF_RUNTS, organisation_area

EXACT_UP_TO = 500
SAMPLE_SIZE = 200
SYNC_UP_TO = 300
ACCEPTED = PartnerStatus.ACCEPTED


@dataclass(frozen=True)
class Structure:
    key: tuple
    edges: list[tuple[int, int, int]]  # (organisation, organisation, shared partnerships)
    partners: dict[int, int]  # organisation -> distinct partner organisations
    partnerships: dict[int, int]  # organisation -> accepted partnerships


@dataclass(frozen=True)
class Centrality:
    key: tuple
    values: dict[int, float]
    sample: int | None  # sources sampled, None when exact


@dataclass(frozen=True)
class CityGraph:
    structure: Structure
    centrality: Centrality
    pending: bool  # the centrality is older than the structure (being recomputed)


_STRUCTURES: dict[int, Structure] = {}
_CENTRALITIES: dict[int, Centrality] = {}
_RUNNING: set[int] = set()
_LOCKS: dict[int, threading.Lock] = {}
_GUARD = threading.Lock()


def change_key(city_id: int) -> tuple:
    """What identifies the city's network: the accepted partner rows and the last answer."""
    row = db.session.execute(
        sa.select(sa.func.count(Partner.id), sa.func.sum(Partner.id), sa.func.max(Partner.responded_at))
        .join(Partnership, Partnership.id == Partner.partnership_id)
        .where(Partnership.city_id == city_id, Partner.status == ACCEPTED)
    ).one()
    return (int(row[0] or 0), int(row[1] or 0), str(row[2]))


def _edges(city_id: int) -> list[tuple[int, int, int]]:
    mine, theirs = aliased(Partner), aliased(Partner)
    rows = db.session.execute(
        sa.select(mine.organisation_id, theirs.organisation_id, sa.func.count())
        .join(
            theirs,
            sa.and_(theirs.partnership_id == mine.partnership_id, mine.organisation_id < theirs.organisation_id),
        )
        .join(Partnership, Partnership.id == mine.partnership_id)
        .where(Partnership.city_id == city_id, mine.status == ACCEPTED, theirs.status == ACCEPTED)
        .group_by(mine.organisation_id, theirs.organisation_id)
    )
    return [(a, b, int(w)) for a, b, w in rows]


def _partnership_counts(city_id: int) -> dict[int, int]:
    rows = db.session.execute(
        sa.select(Partner.organisation_id, sa.func.count())
        .join(Partnership, Partnership.id == Partner.partnership_id)
        .where(Partnership.city_id == city_id, Partner.status == ACCEPTED)
        .group_by(Partner.organisation_id)
    )
    return {org: int(n) for org, n in rows}


def _betweenness(edges: list[tuple[int, int, int]]) -> tuple[dict[int, float], int | None]:
    graph = nx.Graph()
    graph.add_edges_from((a, b) for a, b, _w in edges)
    n = graph.number_of_nodes()
    if n < 3:
        return dict.fromkeys(graph.nodes, 0.0), None
    sample = None if n <= EXACT_UP_TO else min(SAMPLE_SIZE, n)
    return nx.betweenness_centrality(graph, k=sample, seed=1, normalized=True), sample


def _in_background(work) -> None:
    """Run CPU-heavy ``work`` in a native thread (under eventlet, through its thread pool,
    so that the hub keeps serving while networkx computes)."""
    if "eventlet" in sys.modules:  # only wsgi.py imports (and patches with) eventlet
        import eventlet
        from eventlet import patcher, tpool

        if patcher.is_monkey_patched("thread"):
            eventlet.spawn_n(tpool.execute, work)
            return
    threading.Thread(target=work, name="network-betweenness", daemon=True).start()


def _structure(city_id: int, key: tuple) -> Structure:
    cached = _STRUCTURES.get(city_id)
    if cached is not None and cached.key == key:
        return cached
    edges = _edges(city_id)
    partners: dict[int, int] = {}
    for a, b, _w in edges:
        partners[a] = partners.get(a, 0) + 1
        partners[b] = partners.get(b, 0) + 1
    structure = Structure(key, edges, partners, _partnership_counts(city_id))
    _STRUCTURES[city_id] = structure
    return structure


def _refresh_centrality(city_id: int, structure: Structure) -> None:
    if city_id in _RUNNING:
        return
    _RUNNING.add(city_id)

    def work() -> None:
        try:
            values, sample = _betweenness(structure.edges)
            _CENTRALITIES[city_id] = Centrality(structure.key, values, sample)
        finally:
            _RUNNING.discard(city_id)

    _in_background(work)


def city_graph(city_id: int) -> CityGraph:
    """The city's network, from the cache when nothing changed since it was computed."""
    key = change_key(city_id)
    with _GUARD:
        lock = _LOCKS.setdefault(city_id, threading.Lock())
    with lock:
        structure = _structure(city_id, key)
        centrality = _CENTRALITIES.get(city_id)
        if centrality is not None and centrality.key == key:
            return CityGraph(structure, centrality, pending=False)
        if len(structure.partners) <= SYNC_UP_TO:
            values, sample = _betweenness(structure.edges)
            centrality = Centrality(key, values, sample)
            _CENTRALITIES[city_id] = centrality
            return CityGraph(structure, centrality, pending=False)
        _refresh_centrality(city_id, structure)
        return CityGraph(structure, centrality or Centrality((), {}, None), pending=True)


def clear_cache() -> None:
    _STRUCTURES.clear()
    _CENTRALITIES.clear()


def wait_for_background(timeout: float = 60.0) -> bool:
    """For tests and benchmarks: wait until no betweenness is being computed."""
    import time

    deadline = time.monotonic() + timeout
    while _RUNNING and time.monotonic() < deadline:
        time.sleep(0.02)
    return not _RUNNING


_THIRD_SECTOR = frozenset(f.value for f in THIRD_SECTOR_FORMS)
_THIRD_SECTOR_IF_RUNTS = frozenset(f.value for f in THIRD_SECTOR_IF_RUNTS)


def _third_sector(form: str, runts) -> bool:
    return form in _THIRD_SECTOR or (form in _THIRD_SECTOR_IF_RUNTS and bool(runts))


def network(city: City, area_id: int | None = None, form=None) -> dict:
    """``{nodes, edges}`` of ``city``, optionally only organisations active in an area and/or
    of a legal form (partner counts and betweenness stay those of the whole city)."""
    graph = city_graph(city.id)
    structure, betweenness = graph.structure, graph.centrality.values
    query = sa.select(
        Organisation.id,
        Organisation.name,
        sa.type_coerce(Organisation.legal_form, sa.String),  # the stored value, not the enum
        Organisation.runts_number,
        Organisation.verified,
    ).where(Organisation.city_id == city.id)
    if area_id is not None:
        query = query.where(
            Organisation.id.in_(
                sa.select(organisation_area.c.organisation_id).where(organisation_area.c.area_id == area_id)
            )
        )
    if form is not None:
        query = query.where(Organisation.legal_form == form)
    sentinel = 987654321
    url = url_for("organisations.detail", organisation_id=sentinel, _external=True)
    head, tail = url.split(str(sentinel), 1)
    nodes = []
    ids = set()
    partners, partnerships = structure.partners, structure.partnerships
    for org_id, name, legal_form, runts, verified in db.session.execute(query.order_by(Organisation.id)):
        ids.add(org_id)
        nodes.append(
            {
                "id": org_id,
                "name": name,
                "legal_form": legal_form,
                "third_sector": _third_sector(legal_form, runts),
                "verified": bool(verified),
                "partners": partners.get(org_id, 0),
                "partnerships": partnerships.get(org_id, 0),
                "betweenness": round(betweenness.get(org_id, 0.0), 6),
                "url": f"{head}{org_id}{tail}",
            }
        )
    edges = [{"source": a, "target": b, "weight": w} for a, b, w in structure.edges if a in ids and b in ids]
    return {
        "city": city.slug,
        "nodes": nodes,
        "edges": edges,
        "betweenness_sample": graph.centrality.sample,
        "betweenness_pending": graph.pending,
    }


def top(nodes: list[dict], by: str, n: int = 10) -> list[dict]:
    """The ``n`` organisations with most ``by`` (partners, betweenness), none at zero."""
    ranked = sorted((node for node in nodes if node[by] > 0), key=lambda node: (-node[by], node["name"].lower()))
    return ranked[:n]
