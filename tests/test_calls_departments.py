"""Staff belong to a department (settore) of their city, or to the whole city. Staff of a
department edit the calls their department owns or co-owns; the admin grants it."""

from app.extensions import db
from app.models import Call, Role, RoleGrant
from tests import factories
from tests.factories.calls import call_body, create_call


def bearer(user) -> dict:
    return {"Authorization": f"Bearer {factories.create_token(user)}"}


def staff_in(city, department, name="Funzionario di settore"):
    user = factories.create_user(city=city, name=name)
    db.session.add(RoleGrant(user=user, role=Role.STAFF, city=city, department=department))
    db.session.commit()
    return user


def test_owning_and_co_owning_departments_edit_others_do_not(client, city):
    call = create_call(city, department="Settore Welfare", co_departments=["Settore Lavoro e Formazione"])
    owner, co_owner = staff_in(city, "Settore Welfare"), staff_in(city, "Settore Lavoro e Formazione")
    outsider = staff_in(city, "Settore Cultura")
    whole_city = factories.create_user(role=Role.STAFF, city=city)
    for person, expected in ((owner, 200), (co_owner, 200), (whole_city, 200), (outsider, 403)):
        response = client.patch(
            f"/api/v1/calls/{call.id}", json={"title": f"Bando rivisto da {person.name}"}, headers=bearer(person)
        )
        assert response.status_code == expected, (person.name, response.json)
    db.session.expire_all()
    assert db.session.get(Call, call.id).title == f"Bando rivisto da {whole_city.name}"
    assert (
        client.post(f"/api/v1/calls/{call.id}/transition", json={"to": "open"}, headers=bearer(outsider)).status_code
        == 403
    )


def test_a_department_creates_only_calls_it_owns_or_co_owns(client, city):
    person = staff_in(city, "Settore Welfare")
    response = client.post("/api/v1/calls", json=call_body(city, department="Settore Cultura"), headers=bearer(person))
    assert response.status_code == 422
    assert "Settore Welfare" in response.json["error"]["fields"]["department"][0]
    assert db.session.query(Call).count() == 0
    response = client.post(
        "/api/v1/calls",
        json=call_body(city, department="Settore Cultura", co_departments=["Settore Welfare"]),
        headers=bearer(person),
    )
    assert response.status_code == 201, response.json


def test_the_builder_starts_with_the_person_s_department(client, city, login):
    login(staff_in(city, "Settore Politiche educative e giovanili"))
    page = client.get(f"/{city.slug}/calls/new")
    assert page.status_code == 200
    assert 'value="Settore Politiche educative e giovanili"' in page.text


def test_the_admin_grants_staff_for_a_department(client, city, login):
    admin = factories.create_user(role=Role.ADMIN)
    person = factories.create_user(city=city, name="Nuova funzionaria")
    login(admin)
    page = client.post(
        f"/admin/users/{person.id}",
        data={"role": "staff", "city": city.slug, "department": "  Settore   Welfare "},
    )
    assert page.status_code == 302
    grant = db.session.query(RoleGrant).filter_by(user_id=person.id).one()
    assert grant.department == "Settore Welfare"
    assert "Settore Welfare" in client.get(f"/admin/users/{person.id}").text
    refused = client.post(
        f"/admin/users/{person.id}", data={"role": "evaluator", "city": city.slug, "department": "Settore Welfare"}
    )
    assert refused.status_code == 422 and "Solo il personale comunale appartiene a un settore." in refused.text
