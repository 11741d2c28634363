"""URLs of ideas and of the needs they answer, usable inside and outside a request
(services run in requests, socket handlers, the CLI and tests)."""

from __future__ import annotations

import os
from urllib.parse import urljoin

from flask import current_app, has_request_context, request, url_for


def path_for(endpoint: str, **values) -> str:
    """The path of ``endpoint`` (no host): ``url_for`` in a request, the URL map otherwise."""
    if has_request_context():
        return url_for(endpoint, **values)
    adapter = current_app.url_map.bind("localhost", script_name=current_app.config.get("APPLICATION_ROOT") or "/")
    return adapter.build(endpoint, values)


def base_url() -> str:
    """The site's address for links that leave the site (mail, API): the request's host,
    else ``PUBLIC_URL`` (config or environment), else localhost."""
    if has_request_context():
        return request.host_url
    configured = current_app.config.get("PUBLIC_URL") or os.environ.get("PUBLIC_URL") or "http://localhost:5000"
    return configured.rstrip("/") + "/"


def absolute(path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return urljoin(base_url(), path.lstrip("/"))


def idea_path(idea) -> str:
    return path_for("ideas.detail", city=idea.city.slug, idea_id=idea.id)


def city_ideas_path(city) -> str:
    return path_for("ideas.index", city=city.slug)


_DETAIL_ENDPOINTS: dict = {}


def _detail_endpoint(blueprint: str, id_args: tuple[str, ...]):
    """The page of one object in another feature, found in the URL map (the features are
    built in parallel): a GET rule of ``blueprint`` whose arguments are an id (and
    optionally the city slug), ending with that id. Cached per application."""
    app = current_app._get_current_object()
    key = (app, blueprint)
    if key in _DETAIL_ENDPOINTS:
        return _DETAIL_ENDPOINTS[key]
    candidates = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith(blueprint + ".") or "GET" not in rule.methods:
            continue
        args = set(rule.arguments)
        ids = [a for a in args if a in id_args]
        if len(ids) != 1 or not args <= {ids[0], "city"}:
            continue
        if not rule.rule.rstrip("/").rsplit("/", 1)[-1].startswith("<"):
            continue  # /needs/<id>/edit and the like: not the page itself
        candidates.append((len(rule.rule), rule.endpoint, ids[0], "city" in args))
    found = None
    if candidates:
        _length, endpoint, id_arg, with_city = min(candidates)
        found = (endpoint, id_arg, with_city)
    _DETAIL_ENDPOINTS[key] = found
    return found


def _detail_path(blueprint: str, id_args: tuple[str, ...], obj) -> str | None:
    endpoint = _detail_endpoint(blueprint, id_args)
    if endpoint is None:
        return None
    name, id_arg, with_city = endpoint
    values = {id_arg: obj.id}
    if with_city:
        values["city"] = obj.city.slug
    return path_for(name, **values)


def need_path(need) -> str | None:
    """The page of ``need`` in the needs feature, or None while it has none."""
    return _detail_path("needs", ("need_id", "id", "need"), need)


def workshop_path(workshop) -> str | None:
    """The page of ``workshop`` in the workshops feature, or None while it has none."""
    return _detail_path("workshops", ("workshop_id", "id", "workshop"), workshop)
