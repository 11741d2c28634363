"""The partner network of a city: organisations are nodes, and two organisations are linked
when they are accepted partners (the lead included) of the same partnership, weighted by how
many partnerships they share.

Betweenness centrality (networkx) finds the organisations that bridge otherwise separate
groups. It is computed on the city's whole network (organisations with at least one partner):
exactly up to ``EXACT_UP_TO`` organisations, above that by sampling ``min(200, n)`` sources
(seed 1). Both are keyed by the city's last partnership change (the set of accepted partner
rows and the time of the last answer):

- the structure (edges, counts) is cheap and cached per process;
- the betweenness is computed once and stored in the job queue's store (Redis, or the SQLite
  file in instance/: ``app/jobs.py``), where every process reads the same answer. Small
  networks (up to ``SYNC_UP_TO`` organisations with partners) are computed in the request
  that finds it out of date; larger ones by the job :func:`compute_betweenness`, and
  meanwhile answers carry the previous values (or zeros the very first time) and
  ``betweenness_pending: true``.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import networkx as nx
import sqlalchemy as sa
from flask import url_for
from sqlalchemy.orm import aliased

from app import jobs
from app.extensions import db
from app.models import City, Organisation, Partner, Partnership, PartnerStatus
from app.models.organisation import THIRD_SECTOR_FORMS, THIRD_SECTOR_IF_RUNTS, organisation_area

EXACT_UP_TO = 500
SAMPLE_SIZE = 200
SYNC_UP_TO = 300
REQUEUE_AFTER_S = 600  # a job not done by then (consumer down) is queued again
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
_CENTRALITIES: dict[int, Centrality] = {}  # this process's copy of the stored answers
_QUEUED: dict[int, tuple[tuple, float]] = {}  # city -> (key, when) of the job this process queued
_LOCKS: dict[int, threading.Lock] = {}
_GUARD = threading.Lock()
_NONE = Centrality((), {}, None)


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


# --- the betweenness, stored once for every process ---------------------------------------


def _slot(city_id: int) -> str:
    return f"network-betweenness:{city_id}"


def _stored(city_id: int) -> Centrality | None:
    """The city's last computed betweenness, from the queue's store (shared by processes)."""
    data = jobs.huey.get(_slot(city_id), peek=True)
    if not isinstance(data, dict):
        return None
    return Centrality(tuple(data["key"]), data["values"], data["sample"])


def _store(city_id: int, centrality: Centrality) -> None:
    jobs.huey.put(
        _slot(city_id), {"key": list(centrality.key), "values": centrality.values, "sample": centrality.sample}
    )
    _CENTRALITIES[city_id] = centrality


def _compute(city_id: int, structure: Structure) -> Centrality:
    values, sample = _betweenness(structure.edges)
    centrality = Centrality(structure.key, values, sample)
    _store(city_id, centrality)
    return centrality


@jobs.job()
def compute_betweenness(city_id: int) -> None:
    """The job: the city's betweenness for its network as it is now (nothing when the
    stored one is already current: several processes may have asked for it)."""
    key = change_key(city_id)
    stored = _stored(city_id)
    if stored is None or stored.key != key:
        _compute(city_id, _structure(city_id, key))


def _queue_computation(city_id: int, key: tuple) -> None:
    queued = _QUEUED.get(city_id)
    if queued is not None and queued[0] == key and time.monotonic() - queued[1] < REQUEUE_AFTER_S:
        return
    _QUEUED[city_id] = (key, time.monotonic())
    jobs.enqueue(compute_betweenness, city_id)


def _current(city_id: int, key: tuple) -> Centrality | None:
    """This process's copy when current, else the stored answer (possibly older)."""
    centrality = _CENTRALITIES.get(city_id)
    if centrality is not None and centrality.key == key:
        return centrality
    stored = _stored(city_id)
    if stored is not None:
        _CENTRALITIES[city_id] = stored
        return stored
    return centrality


def city_graph(city_id: int) -> CityGraph:
    """The city's network, from the caches when nothing changed since it was computed."""
    key = change_key(city_id)
    with _GUARD:
        lock = _LOCKS.setdefault(city_id, threading.Lock())
    with lock:
        structure = _structure(city_id, key)
        centrality = _current(city_id, key)
        if centrality is not None and centrality.key == key:
            return CityGraph(structure, centrality, pending=False)
        if len(structure.partners) <= SYNC_UP_TO:
            return CityGraph(structure, _compute(city_id, structure), pending=False)
    _queue_computation(city_id, key)
    return CityGraph(structure, centrality or _NONE, pending=True)


def clear_cache() -> None:
    """Forget the structures and the betweenness this process computed or read."""
    for city_id in set(_CENTRALITIES) | set(_QUEUED):
        jobs.huey.delete(_slot(city_id))
    _STRUCTURES.clear()
    _CENTRALITIES.clear()
    _QUEUED.clear()


def wait_for_background(timeout: float = 60.0) -> bool:
    """For tests and benchmarks: wait until the jobs this process queued have stored their
    answer (at once in immediate mode; a consumer must be running otherwise)."""
    deadline = time.monotonic() + timeout
    while True:
        done = all((_stored(city_id) or _NONE).key == key for city_id, (key, _when) in _QUEUED.items())
        if done or time.monotonic() >= deadline:
            return done
        time.sleep(0.05)


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
