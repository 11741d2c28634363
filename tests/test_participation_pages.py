"""The need and idea pages (of the needs and ideas features) carry the participation panel:
supports, answers and comments as people see them, never as live markup."""

import pytest

from app.models import Role
from app.participation import answers, moderation, services, targets
from tests import factories
from tests.factories import ideas as fi
from tests.factories import needs as fn
from tests.xss import PAYLOADS, assert_no_xss


@pytest.fixture(autouse=True)
def _as_in_a_request(app):
    with factories.request_context(app):
        yield


def _page(client, target):
    with factories.request_context(client.application):
        url = targets.page_url(target)
    response = client.get(url, headers={"Accept-Language": "en"})
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_the_need_page_shows_the_panel_with_answers_and_comments(client, login, city):
    need = fn.create_need(city=city)
    staff = factories.create_user(role=Role.STAFF, city=city)
    services.support(factories.create_user(city=city), need)
    services.add_comment(factories.create_user(city=city), need, "Un commento sulla pagina")
    answers.answer_need(staff, need, "under_review", "Lo stiamo valutando con il municipio.")
    page = _page(client, need)
    assert "data-participation" in page and f'data-live-counter="need:{need.id} supports"' in page
    assert "Un commento sulla pagina" in page and "Lo stiamo valutando con il municipio." in page
    assert "/static/js/participation.js" in page


def test_the_idea_page_shows_the_panel(client, city):
    idea = fi.create_idea(city=city, needs=[fn.create_need(city=city)])
    services.add_comment(factories.create_user(city=city), idea, "Bella idea davvero")
    page = _page(client, idea)
    assert "data-participation" in page and "Bella idea davvero" in page


@pytest.mark.parametrize("payload", PAYLOADS)
def test_pages_never_show_user_text_as_markup(client, login, city, payload):
    need = fn.create_need(city=city)
    idea = fi.create_idea(city=city, needs=[need])
    staff = factories.create_user(role=Role.STAFF, city=city)
    person = factories.create_user(city=city)
    for target in (need, idea):
        top = services.add_comment(person, target, payload)
        services.add_comment(staff, target, payload, parent_id=top.id)
    hidden = services.add_comment(person, need, payload + " (nascosto)")
    moderation.hide(staff, hidden, (payload + " motivo")[:500])
    answers.answer_need(staff, need, "declined", payload)
    for viewer in (None, person, staff):
        if viewer is not None:
            login(viewer)
        assert_no_xss(_page(client, need))
        assert_no_xss(_page(client, idea))
