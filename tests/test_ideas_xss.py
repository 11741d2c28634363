"""Every text field of ideas (title, summary, text, volunteer skills and availability, stage
note) takes the XSS corpus and every page that shows it shows it as text."""

import pytest
import sqlalchemy as sa
from flask import render_template_string

from app.extensions import db as _db
from app.models import Idea, Role
from tests import factories
from tests.factories import needs as fn
from tests.xss import PAYLOADS, assert_no_xss


def _fit(prefix: str, payload: str, limit: int) -> str:
    return (prefix + payload)[:limit]


@pytest.mark.parametrize("n", range(len(PAYLOADS)))
def test_payloads_in_every_idea_field_come_back_as_text(app, client, login, city, n):
    payload = PAYLOADS[n]
    other = PAYLOADS[(n + 1) % len(PAYLOADS)]
    need_author = factories.create_user(city=city)
    need = fn.create_need(city, need_author)
    author = factories.create_user(city=city)
    staff = factories.create_user(role=Role.STAFF, city=city)
    helper = factories.create_user(city=city)

    login(author)
    response = client.post(
        "/c/bari/ideas/new",
        data={
            "title": _fit("Idea ", payload, 140),
            "summary": _fit("Sintesi: ", payload, 500),
            "body": "Testo: " + payload,
            "need_ids": [str(need.id)],
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    idea = _db.session.scalar(sa.select(Idea))
    url = f"/c/bari/ideas/{idea.id}"
    response = client.post(
        f"{url}/edit",
        data={
            "title": _fit("Idea ", other, 140),
            "summary": _fit("Sintesi: ", other, 500),
            "body": "Testo: " + other + "\n" + payload,
            "version": "1",
        },
    )
    assert response.status_code == 302
    login(helper)
    client.post(f"{url}/volunteer", data={"skills": _fit("", payload, 500), "availability": _fit("", payload, 300)})
    login(staff)
    client.post(f"{url}/stage", data={"stage": "in_codesign", "note": _fit("Nota: ", payload, 2000)})

    pages = {
        "detail (staff)": client.get(url),
        "history": client.get(f"{url}/history"),
        "list": client.get("/c/bari/ideas"),
        "edit form (author)": None,
    }
    login(author)
    pages["edit form (author)"] = client.get(f"{url}/edit")
    pages["detail (author, sees volunteers)"] = client.get(url)
    login(need_author)
    pages["notifications"] = client.get("/notifications")
    client.post("/logout")
    pages["detail (visitor)"] = client.get(url)
    for name, response in pages.items():
        assert response.status_code == 200, name
        body = response.get_data(as_text=True)
        assert_no_xss(body)
        if "<" in payload:
            assert payload not in body, f"{name} shows the payload as markup"
    with app.test_request_context("/"):
        partials = render_template_string(
            '{% include "ideas/_for_need.html" %}{% include "ideas/_city_latest.html" %}', need=need, city=city
        )
    assert_no_xss(partials)
    assert_no_xss(client.get(f"/api/v1/ideas/{idea.id}").json["body_html"])
