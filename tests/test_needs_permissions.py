"""The permission methods on the models (Need, Comment, Area, City), as every door asks
them: a visitor is ``Anonymous``, staff are staff of one city, admins of all."""

import pytest

from app.models import Anonymous, NeedStatus, Role
from tests import factories
from tests.factories import needs as fn
from tests.factories import participation as fp


@pytest.fixture
def people(city, other_city, resident):
    return {
        "visitor": Anonymous(),
        "author": resident,
        "neighbour": factories.create_user(city=city, name="Vicino"),
        "staff": factories.create_user(role=Role.STAFF, city=city, name="Staff"),
        "staff_elsewhere": factories.create_user(role=Role.STAFF, city=other_city, name="Altrove"),
        "admin": factories.create_user(role=Role.ADMIN, name="Admin"),
    }


def _who(people, check) -> set[str]:
    return {name for name, user in people.items() if check(user)}


def test_a_hidden_need_is_seen_by_its_author_and_the_citys_staff(app, city, people):
    need = fn.create_need(city, people["author"], hidden=True)
    assert _who(people, need.can_view) == {"author", "staff", "admin"}
    assert _who(people, need.can_moderate) == {"staff", "admin"}
    assert _who(people, need.can_report) == {"neighbour", "staff", "staff_elsewhere", "admin"}


def test_the_author_edits_while_open_staff_always(app, city, people):
    need = fn.create_need(city, people["author"])
    assert _who(people, need.can_edit) == {"author", "staff", "admin"}
    need.status = NeedStatus.UNDER_REVIEW
    assert _who(people, need.can_edit) == {"staff", "admin"}
    assert _who(people, need.can_answer) == {"staff", "admin"}
    assert _who(people, need.sees_exact_point) == {"staff", "admin"}


def test_a_comment_is_edited_by_its_author_within_the_window(app, city, people):
    need = fn.create_need(city=city, author=people["neighbour"])
    fresh = fp.create_comment(need, people["author"])
    old = fp.create_comment(need, people["author"], minutes_ago=60)
    with app.app_context():
        assert _who(people, fresh.can_edit) == {"author"}
        assert _who(people, old.can_edit) == set()
    assert _who(people, old.can_delete) == {"author"}
    assert _who(people, fresh.can_moderate) == {"staff", "admin"}
    fresh.hidden = True
    assert _who(people, fresh.can_read) == {"author", "staff", "admin"}


def test_areas_are_managed_by_the_citys_staff(app, city, people):
    area = fn.create_area(city, "San Paolo")
    assert _who(people, area.can_manage) == {"staff", "admin"}
    assert _who(people, city.can_manage_areas) == {"staff", "admin"}
