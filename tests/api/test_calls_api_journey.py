"""Issue 9 through the API alone: a client that is not a browser (a bearer token, no cookie,
no CSRF) creates a call from two ideas ready for a call, puts it to consultation, takes a
resident's comment and replies, publishes a second version with a reason, compares the two
and opens the call, with exactly the bodies of ``shared/API.md``. Every request body and
every answer is checked against the OpenAPI document the server publishes."""

from __future__ import annotations

import re

import pytest
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate

from app.models import IdeaStage
from tests import factories
from tests.factories.calls import call_body, staff_of
from tests.factories.ideas import create_idea
from tests.factories.needs import create_area


class DocumentedClient:
    """A JSON client that refuses a request the document would not accept and an answer it
    does not describe (an undocumented status, a body that does not match its schema)."""

    def __init__(self, client, spec, token):
        self.client, self.spec = client, spec
        self.headers = {"Authorization": f"Bearer {token}"}

    def _operation(self, method, path):
        bare = path.split("?")[0]
        for template, item in self.spec["paths"].items():
            pattern = "^" + re.sub(r"\{[^}]+\}", r"[^/]+", template) + "$"
            if re.match(pattern, bare) and method in item:
                # "/versions/compare" beats "/versions/{number}": the literal path wins.
                if "{" in template and bare.rsplit("/", 1)[-1] in self.spec["paths"]:
                    continue
                return template, item[method]
        raise AssertionError(f"{method.upper()} {bare} is not in the OpenAPI document")

    def _errors(self, schema, value):
        rooted = {**schema, "components": self.spec["components"]}
        return [e.message for e in OAS30Validator(rooted).iter_errors(value)]

    def _check(self, schema, value, what):
        errors = self._errors(schema, value)
        assert not errors, f"{what}: {errors[:3]}"

    def call(self, method, path, body=None, *, documented_body=True):
        """``documented_body=False`` sends a body the document itself must refuse."""
        template, operation = self._operation(method, path)
        if body is not None:
            schema = operation["requestBody"]["content"]["application/json"]["schema"]
            if documented_body:
                self._check(schema, body, f"the request body of {method.upper()} {template}")
            else:
                assert self._errors(schema, body), f"the document of {template} accepts {body}"
        response = self.client.open(path, method=method.upper(), json=body, headers=self.headers)
        documented = operation["responses"]
        status = str(response.status_code)
        assert status in documented, f"{method.upper()} {template} answered an undocumented {status}: {response.json}"
        content = documented[status].get("content", {}).get("application/json")
        if content:
            self._check(content["schema"], response.json, f"the {status} answer of {method.upper()} {template}")
        return response


@pytest.fixture
def spec(client):
    document = client.get("/api/v1/openapi.json").json
    validate(document)
    return document


def test_a_call_from_creation_to_opening_through_the_api(client, spec, city, resident):
    staff = staff_of(city)
    officer = DocumentedClient(client, spec, factories.create_token(staff))
    rosa = DocumentedClient(client, spec, factories.create_token(resident))
    area = create_area(city, "Japigia", intensity=100)
    ideas = [create_idea(city, title=t, stage=IdeaStage.READY_FOR_CALL) for t in ("Doposcuola", "Orti sociali")]

    body = call_body(
        city,
        co_departments=["Politiche giovanili"],
        areas=[{"area": area.id, "intensity_pct": "80"}],
        indirect_flat_rate_pct="15",
        unit_costs=[{"name": "Ora di educativa", "unit": "ora", "rate": "32.50"}],
        idea_ids=[i.id for i in ideas],
    )
    created = officer.call("post", "/api/v1/calls", body)
    assert created.status_code == 201, created.json
    call = created.json
    assert call["status"] == "draft" and call["version"] == 0
    assert sorted(call["idea_ids"]) == sorted(i.id for i in ideas)
    assert call["unit_costs"] == [{"name": "Ora di educativa", "unit": "ora", "rate": "32.50"}]
    url = f"/api/v1/calls/{call['id']}"
    assert rosa.call("get", url).status_code == 404  # a draft is the staff's

    consult = officer.call("post", f"{url}/transition", {"to": "consultation"})
    assert consult.status_code == 200 and consult.json["status"] == "consultation" and consult.json["version"] == 1
    comment = rosa.call("post", f"{url}/comments", {"section": "budget", "body": "Il massimo non basta per due anni."})
    assert comment.status_code == 201 and comment.json["version"] == 1
    wrong = rosa.call("post", f"{url}/comments", {"section": "colour", "body": "?"}, documented_body=False)
    assert wrong.status_code == 422 and set(wrong.json["error"]["fields"]) == {"section", "body"}
    reply_url = f"{url}/comments/{comment.json['id']}/reply"
    assert rosa.call("post", reply_url, {"reply": "No.", "outcome": "answered"}).status_code == 403
    reply = officer.call("post", reply_url, {"reply": "Lo portiamo a 180.000 euro.", "outcome": "accepted"})
    assert reply.status_code == 200 and reply.json["outcome"] == "accepted"
    listed = rosa.call("get", f"{url}/comments").json["items"]
    assert [(c["body"], c["reply"]) for c in listed] == [
        ("Il massimo non basta per due anni.", "Lo portiamo a 180.000 euro.")
    ]

    silent = officer.call("patch", url, {"max_grant": "180000.00"})  # the document cannot know the status
    assert silent.status_code == 422 and "reason" in silent.json["error"]["fields"]
    changed = officer.call("patch", url, {"max_grant": "180000.00", "reason": "Accolta l'osservazione sul budget"})
    assert changed.status_code == 200 and changed.json["version"] == 2 and changed.json["max_grant"] == "180000.00"
    versions = rosa.call("get", f"{url}/versions").json["items"]
    assert [(v["number"], v["reason"]) for v in versions] == [(1, ""), (2, "Accolta l'osservazione sul budget")]
    assert rosa.call("get", f"{url}/versions/1").json["rules"]["max_grant"] == "150000.00"
    assert rosa.call("get", f"{url}/versions/3").status_code == 404
    compared = rosa.call("get", f"{url}/versions/compare?a=1&b=2").json
    assert (compared["a"], compared["b"]) == (1, 2)
    assert [(c["field"], c["before"], c["after"]) for c in compared["changes"]] == [
        ("max_grant", "150000.00", "180000.00")
    ]

    assert officer.call("post", f"{url}/transition", {"to": "awarded"}).status_code == 409
    opened = officer.call("post", f"{url}/transition", {"to": "open"})
    assert opened.status_code == 200 and opened.json["status"] == "open" and opened.json["version"] == 2
    late = rosa.call("post", f"{url}/comments", {"section": "text", "body": "Troppo tardi?"})
    assert late.status_code == 409
    public = rosa.call("get", f"/api/v1/calls?city={city.slug}&status=open").json
    assert [c["id"] for c in public["items"]] == [call["id"]]
    for idea in ideas:
        assert client.get(f"/api/v1/ideas/{idea.id}").json["stage"] == "in_call"
