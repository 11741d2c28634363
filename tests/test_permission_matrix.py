"""Every route declares who may call it, and answers accordingly for every role.

A view gets its policy from the decorators in ``app/permissions.py``. A route without one
fails here; so does a route whose URL arguments have no sample in ``tests/matrix.py``.
"""

import pytest

from tests import matrix

SKIP = {"static"}


def routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in SKIP:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


def test_every_route_declares_a_policy(app):
    missing = [r.rule for r, _ in routes(app) if not hasattr(app.view_functions[r.endpoint], "policy")]
    assert not missing, f"routes without a policy decorator: {missing}"


def test_every_route_argument_has_a_sample(app):
    missing = {(r.rule, a) for r, _ in routes(app) for a in r.arguments if a not in matrix.SAMPLES}
    assert not missing, f"add samples to tests/matrix.py for: {sorted(missing)}"


def test_every_object_route_states_who_gets_in(app):
    """An ``object:`` route checks the object in the view; ``tests/matrix_<feature>.py``
    states, with ``matrix.allow``, which roles pass on the sample objects."""
    missing = sorted(
        f"{method} {rule.endpoint}"
        for rule, method in routes(app)
        if getattr(app.view_functions[rule.endpoint], "policy", "").startswith("object:")
        and (rule.endpoint, method) not in matrix.EXPECTED
    )
    assert not missing, "say who gets in with matrix.allow(...) for:\n" + "\n".join(missing)


def expected(policy: str, role: str, api: bool, endpoint: str = "", method: str = "GET") -> str:
    """'ok' (not 401/403), 'login' (sent to sign-in or 401), 'forbidden' (403), 'redirect'."""
    if policy == "public":
        return "ok"
    if policy == "anonymous":
        return "ok" if role == "anonymous" else "redirect"
    if role == "anonymous":
        return "login"
    if policy == "login":
        return "ok"
    if policy.startswith("object:"):
        allowed = matrix.EXPECTED.get((endpoint, method))
        if allowed is None:
            return "ok-or-forbidden"  # reported by test_every_object_route_states_who_gets_in
        return "ok" if role in allowed else "forbidden"
    if policy.startswith("role:"):
        allowed = set(policy[5:].split(","))
        return "ok" if role in allowed or role == "admin" else "forbidden"
    raise AssertionError(f"unknown policy {policy}")


@pytest.mark.parametrize("role", matrix.ROLES)
def test_every_route_answers_each_role_as_its_policy_says(app, client, login, role):
    world = matrix.build_world()
    if role != "anonymous":
        login(world[role])
    failures = []
    for rule, method in routes(app):
        view = app.view_functions[rule.endpoint]
        url = rule.build({a: matrix.sample(rule.endpoint, a)(world) for a in rule.arguments}, append_unknown=False)[1]
        api = url.startswith("/api/")
        response = client.open(
            url, method=method, json={} if api and method != "GET" else None, data=None if api else {}
        )
        status = response.status_code
        want = expected(view.policy, role, api, rule.endpoint, method)
        if status >= 500:
            failures.append(f"{method} {url}: {status}")
        elif want == "ok" and status in (401, 403):
            failures.append(f"{method} {url}: {status}, policy {view.policy} should let {role} in")
        elif want == "forbidden" and status != 403:
            failures.append(f"{method} {url}: {status}, policy {view.policy} should refuse {role} with 403")
        elif want == "login":
            to_login = status == 302 and "/login" in response.headers.get("Location", "")
            if not (status == 401 if api else to_login):
                failures.append(f"{method} {url}: {status}, anonymous should be asked to sign in")
        elif want == "redirect" and status != 302:
            failures.append(f"{method} {url}: {status}, signed-in {role} should be redirected")
        if role != "anonymous" and rule.endpoint in ("auth.logout", "auth.delete_account", "auth.change_password"):
            login(world[role])  # these end or change the session: sign in again
    assert not failures, "\n".join(failures)
