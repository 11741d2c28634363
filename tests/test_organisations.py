"""Organisations as a signed-in person meets them: register, edit, get verified by staff,
find them in the directory; tax codes checked with the official check digit."""

import pytest
import sqlalchemy as sa

from app.models import AuditEntry, LegalForm, MemberRole, Notification, Organisation, Role
from app.organisations import taxcode
from tests import factories
from tests.factories import needs as fn
from tests.factories import organisations as fo
from tests.xss import PAYLOADS, assert_no_xss

VALID = "80002170720"  # codice fiscale of the University of Bari


@pytest.fixture(autouse=True)
def english(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"


def _form(city, **overrides):
    data = {
        "city": city.slug,
        "name": "APS Japigia Viva",
        "legal_form": "aps",
        "tax_code": VALID,
        "runts_number": "12345",
        "description": "Doposcuola e **feste di strada**.",
        "website": "https://www.japigiaviva.it",
        "email": "info@japigiaviva.it",
        "phone": "+39 080 123456",
        "fields": ["cultura", "giovani"],
    }
    data.update(overrides)
    return data


# --- tax codes ---------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["80002170720", "00488410010", "00743110157", "IT00488410010", "004 884 100 10"])
def test_real_tax_codes_pass_the_check_digit(code):
    assert taxcode.is_valid(code)


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("80002170721", "check digit"),
        ("8000217072", "11 digits"),
        ("RSSMRA80A01A662X", "person"),
        ("ABCDEFGHIJK", "11 digits"),
        ("", "Enter"),
        ("00000000000", "not valid"),
    ],
)
def test_wrong_tax_codes_are_refused_with_a_message_that_says_why(app, code, words):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        _normalised, message = taxcode.validate(code)
    assert message and words in message


def test_complete_computes_the_check_digit():
    assert taxcode.complete("8000217072") == "80002170720"


# --- register ----------------------------------------------------------------------------------


def test_a_signed_in_person_registers_an_organisation_and_owns_it(client, login, city, db):
    area = fn.create_area(city, "Japigia")
    person = login(factories.create_user(city=city))
    response = client.post("/organisations/new", data=_form(city, area_ids=[str(area.id)]))
    assert response.status_code == 302
    organisation = db.session.scalar(sa.select(Organisation))
    assert organisation.name == "APS Japigia Viva" and organisation.tax_code == VALID
    assert organisation.verified is False and organisation.third_sector is True
    assert [a.name for a in organisation.areas] == ["Japigia"]
    assert organisation.fields == ["cultura", "giovani"]
    assert "<strong>feste di strada</strong>" in organisation.description_html
    assert organisation.is_owner(person)
    page = client.get(response.headers["Location"])
    assert "APS Japigia Viva" in page.text and "Not verified yet" in page.text


def test_anonymous_visitors_are_sent_to_sign_in(client, city):
    response = client.get("/organisations/new")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("80002170721", "check digit"),
        ("RSSMRA80A01A662X", "person&#39;s codice fiscale"),
        ("12345", "exactly 11 digits"),
    ],
)
def test_an_invalid_tax_code_is_refused_with_a_clear_message(client, login, city, db, code, message):
    login(factories.create_user(city=city))
    response = client.post("/organisations/new", data=_form(city, tax_code=code))
    assert response.status_code == 422
    assert message in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Organisation)) == 0


def test_the_same_tax_code_cannot_be_registered_twice_in_a_city(client, login, city, db):
    fo.create_organisation(city, code=VALID)
    login(factories.create_user(city=city))
    response = client.post("/organisations/new", data=_form(city))
    assert response.status_code == 422 and "already registered in Bari" in response.text


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("website", "javascript:alert(1)", "http://"),
        ("website", "ftp://example.org", "http://"),
        ("website", 'https://example.org/"><script>', "http://"),
        ("email", "not-an-email", "valid email"),
        ("phone", "call me", "phone number"),
        ("name", "A", "2 to 200"),
        ("legal_form", "spaceship", "legal form"),
        ("fields", ["cultura", "astrologia"], "fields of activity"),
        ("runts_number", "<b>x</b>", "RUNTS"),
    ],
)
def test_bad_profile_values_get_field_messages(client, login, city, db, field, value, message):
    login(factories.create_user(city=city))
    response = client.post("/organisations/new", data=_form(city, **{field: value}))
    assert response.status_code == 422
    assert message in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Organisation)) == 0


def test_areas_must_belong_to_the_city(client, login, city, other_city, db):
    elsewhere = fn.create_area(other_city, "Scampia")
    login(factories.create_user(city=city))
    response = client.post("/organisations/new", data=_form(city, area_ids=[str(elsewhere.id)]))
    assert response.status_code == 422 and "target areas of Bari" in response.text


def test_refresh_shows_the_areas_of_the_chosen_city_without_saving(client, login, city, db):
    fn.create_area(city, "San Paolo")
    login(factories.create_user())
    response = client.post("/organisations/new", data={"city": city.slug, "refresh": "1"})
    assert response.status_code == 200 and "San Paolo" in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Organisation)) == 0


def test_third_sector_follows_legal_form_and_runts(city):
    assert fo.create_organisation(city, legal_form=LegalForm.ODV).third_sector
    assert not fo.create_organisation(city, legal_form=LegalForm.ASSOCIATION).third_sector
    assert fo.create_organisation(city, legal_form=LegalForm.FOUNDATION, runts_number="999").third_sector
    assert not fo.create_organisation(city, legal_form=LegalForm.MUSEUM, runts_number="999").third_sector


# --- edit --------------------------------------------------------------------------------------


def test_a_member_edits_the_profile(client, login, city, db):
    owner = factories.create_user(city=city)
    organisation = fo.create_organisation(city, owner, name="Vecchio nome")
    colleague = factories.create_user(city=city)
    fo.add_member(organisation, colleague)
    login(colleague)
    assert client.get(f"/organisations/{organisation.id}/edit").status_code == 200
    data = _form(city, name="Nuovo nome", tax_code=organisation.tax_code)
    response = client.post(f"/organisations/{organisation.id}/edit", data=data)
    assert response.status_code == 302
    db.session.refresh(organisation)
    assert organisation.name == "Nuovo nome"


def test_a_non_member_cannot_edit_an_organisation(client, login, city, db):
    organisation = fo.create_organisation(city, factories.create_user(city=city), name="Intoccabile")
    login(factories.create_user(city=city))
    assert client.get(f"/organisations/{organisation.id}/edit").status_code == 403
    data = _form(city, name="Rubata", tax_code=organisation.tax_code)
    assert client.post(f"/organisations/{organisation.id}/edit", data=data).status_code == 403
    db.session.refresh(organisation)
    assert organisation.name == "Intoccabile"


def test_changing_the_tax_code_of_a_verified_organisation_withdraws_the_verification(client, login, city, db):
    owner = factories.create_user(city=city)
    organisation = fo.create_organisation(city, owner, verified=True)
    login(owner)
    data = _form(city, name=organisation.name, tax_code="00488410010")
    assert client.post(f"/organisations/{organisation.id}/edit", data=data).status_code == 302
    db.session.refresh(organisation)
    assert organisation.verified is False


# --- verification ------------------------------------------------------------------------------


def test_staff_of_the_city_verify_an_organisation_audited_and_owners_are_told(client, login, city, db):
    owner = factories.create_user(city=city)
    organisation = fo.create_organisation(city, owner)
    staff = login(factories.create_user(role=Role.STAFF, city=city))
    page = client.get(f"/organisations/{organisation.id}")
    assert "Verify this organisation" in page.text
    response = client.post(f"/organisations/{organisation.id}/verify", data={"verified": "yes"})
    assert response.status_code == 302
    db.session.refresh(organisation)
    assert organisation.verified and organisation.verified_by_id == staff.id
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "organisation.verify"))
    assert entry.actor_id == staff.id and entry.target_id == organisation.id and entry.city_id == city.id
    assert db.session.scalar(sa.select(Notification.kind).where(Notification.user_id == owner.id)) == (
        "organisation.verified"
    )
    assert "Verified by the City" in client.get(f"/organisations/{organisation.id}").text
    client.post(f"/organisations/{organisation.id}/verify", data={"verified": "no"})
    db.session.refresh(organisation)
    assert organisation.verified is False


def test_others_cannot_verify(client, login, city, other_city, db):
    organisation = fo.create_organisation(city, factories.create_user(city=city))
    for person in (
        factories.create_user(city=city),
        factories.create_user(role=Role.STAFF, city=other_city),
        factories.create_user(role=Role.FACILITATOR, city=city),
    ):
        login(person)
        assert client.post(f"/organisations/{organisation.id}/verify", data={"verified": "yes"}).status_code == 403
        assert "Verify this organisation" not in client.get(f"/organisations/{organisation.id}").text
    db.session.refresh(organisation)
    assert organisation.verified is False
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == 0


# --- directory -------------------------------------------------------------------------------


def test_the_directory_filters_by_form_area_field_verified_third_sector_and_search(client, city, other_city):
    japigia = fn.create_area(city, "Japigia")
    fo.create_organisation(
        city, name="Museo del Mare", legal_form=LegalForm.MUSEUM, areas=[japigia], fields=["cultura"]
    )
    fo.create_organisation(city, name="APS Verde", legal_form=LegalForm.APS, verified=True, fields=["ambiente"])
    fo.create_organisation(
        city, name="Panificio Rossi", legal_form=LegalForm.BUSINESS, description="Pane per la MENSA solidale"
    )
    fo.create_organisation(other_city, name="Museo di Napoli", legal_form=LegalForm.MUSEUM)

    def names(**args):
        text = client.get("/organisations", query_string={"city": "bari", **args}).text
        return {n for n in ("Museo del Mare", "APS Verde", "Panificio Rossi", "Museo di Napoli") if n in text}

    assert names() == {"Museo del Mare", "APS Verde", "Panificio Rossi"}
    assert names(form="museum") == {"Museo del Mare"}
    assert names(area=str(japigia.id)) == {"Museo del Mare"}
    assert names(field="ambiente") == {"APS Verde"}
    assert names(verified="yes") == {"APS Verde"}
    assert names(verified="no") == {"Museo del Mare", "Panificio Rossi"}
    assert names(third_sector="yes") == {"APS Verde"}
    assert names(q="mensa") == {"Panificio Rossi"}
    assert names(q="MUSEO") == {"Museo del Mare"}
    assert names(q="100%_") == set()
    all_cities = client.get("/organisations").text
    assert "Museo di Napoli" in all_cities and "Museo del Mare" in all_cities
    assert client.get("/organisations", query_string={"form": "bogus", "area": "x", "page": "-3"}).status_code == 200


def test_the_directory_is_paginated(client, city):
    for n in range(23):
        fo.create_organisation(city, name=f"Associazione {n:02d}")
    first = client.get("/organisations?city=bari").text
    second = client.get("/organisations?city=bari&page=2").text
    assert "23 organisations found" in first
    assert "Associazione 00" in first and "Associazione 22" not in first
    assert "Associazione 22" in second and "Associazione 00" not in second


def test_organisation_page_shows_profile_and_contacts(client, city):
    area = fn.create_area(city, "Libertà")
    organisation = fo.create_organisation(
        city, name="Biblioteca di comunità", legal_form=LegalForm.LIBRARY, areas=[area], fields=["digitale"]
    )
    organisation.website = "https://biblio.example.org"
    organisation.email = "ciao@biblio.example.org"
    from app.extensions import db

    db.session.commit()
    page = client.get(f"/organisations/{organisation.id}")
    assert page.status_code == 200
    for text in ("Biblioteca di comunità", "Library", "Libertà", "Digital skills", "https://biblio.example.org"):
        assert text in page.text
    assert client.get("/organisations/999999").status_code == 404


def test_italian_interface_names_forms_and_fields_in_italian(client, city):
    organisation = fo.create_organisation(city, legal_form=LegalForm.SOCIAL_COOPERATIVE, fields=["inclusione-sociale"])
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "it"
    page = client.get(f"/organisations/{organisation.id}")
    assert "Cooperativa sociale" in page.text and "Inclusione sociale" in page.text


# --- XSS -----------------------------------------------------------------------------------------


def test_xss_corpus_through_every_profile_field(client, login, city, db):
    owner = login(factories.create_user(city=city))
    for n, payload in enumerate(PAYLOADS):
        data = _form(
            city,
            name=f"{payload} {n}",
            description=payload,
            tax_code=fo.tax_code(5000 + n),
            runts_number=payload,
            website=payload,
            email=payload,
            phone=payload,
        )
        response = client.post("/organisations/new", data=data)
        assert_no_xss(response.text)  # refused: the form shows what was typed, escaped
        data.update(runts_number="", website="https://example.org/x", email="", phone="")
        response = client.post("/organisations/new", data=data)
        assert response.status_code == 302, payload
    organisations = db.session.scalars(sa.select(Organisation)).all()
    assert len(organisations) == len(PAYLOADS)
    for page in ("/organisations", "/organisations?city=bari&q=script", "/organisations/mine", "/c/bari/network"):
        assert_no_xss(client.get(page).text)
    for organisation in organisations:
        assert organisation.is_owner(owner)
        assert_no_xss(client.get(f"/organisations/{organisation.id}").text)
        assert_no_xss(client.get(f"/organisations/{organisation.id}/edit").text)
        assert_no_xss(client.get(f"/organisations/{organisation.id}/members").text)
    assert all(m.role is MemberRole.OWNER for o in organisations for m in o.members)


@pytest.mark.parametrize(
    "url",
    [
        "/organisations/99999999999999999999999",
        "/partnerships/99999999999999999999999",
        "/api/v1/organizations/99999999999999999999999",
        "/organisations/99999999999999999999999/members",
    ],
)
def test_ids_no_row_can_have_are_not_found(client, login, city, url):
    login(factories.create_user(city=city))
    assert client.get(url).status_code == 404
