"""Accompaniment: facilitators open tracks for organisations and ideas of their city, record
sessions and tick the readiness checklist (audited); members and authors read their own
track; staff see the city's tracks and keep the city's checklist."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from app.accompaniment import labels, queries, services
from app.errors import InvalidInput, PermissionDenied
from app.models import AccompanimentTrack, AuditEntry, ChecklistTemplateItem, Role
from tests import factories
from tests.factories import ideas as fi
from tests.factories import organisations as fo
from tests.factories import spaces as fs
from tests.xss import PAYLOADS, assert_no_xss


@pytest.fixture(autouse=True)
def request_context(app):
    """Services translate their messages: run them inside a test request (see test_spaces)."""
    with app.test_request_context("/"):
        yield


@pytest.fixture
def facilitator(city):
    return factories.create_user(role=Role.FACILITATOR, city=city, name="Chiara Facilitatrice", locale="en")


@pytest.fixture
def staff(city):
    return factories.create_user(role=Role.STAFF, city=city, name="Anna Staff", locale="en")


@pytest.fixture
def member(city):
    return factories.create_user(city=city, name="Marta Socia", locale="en")


@pytest.fixture
def organisation(city, member):
    return fo.create_organisation(city, name="APS Il Quartiere", members=[member])


# --- services ---------------------------------------------------------------------------------


def test_opening_a_track_copies_the_default_checklist_and_is_audited(city, facilitator, organisation, db):
    track = services.open_track(facilitator, city, organisation=organisation)
    assert track.title == "APS Il Quartiere" and track.facilitator_id == facilitator.id
    keys = [i.key for i in track.items]
    assert keys == ["statute", "runts", "partnership", "budget", "impact", "space"]
    assert len(queries.template_items(city)) == 6  # the city got the defaults
    assert track.readiness == 0
    assert db.session.scalar(sa.select(AuditEntry.action).where(AuditEntry.action == "accompaniment.open"))


def test_a_city_template_is_used_as_it_is(city, facilitator, organisation):
    fs.create_template(city, [("statute", "Statuto approvato", 3), ("sede", "Sede trovata", 1)])
    track = services.open_track(facilitator, city, organisation=organisation, title="Percorso APS")
    assert [(i.key, i.label, i.weight) for i in track.items] == [
        ("statute", "Statuto approvato", 3),
        ("sede", "Sede trovata", 1),
    ]


def test_readiness_is_the_weighted_share_of_items_done_and_changes_are_audited(city, facilitator, organisation, db):
    fs.create_template(city, [("a", "A", 3), ("b", "B", 1)])
    track = services.open_track(facilitator, city, organisation=organisation)
    a, b = track.items
    changes = services.update_checklist(facilitator, track, {a.id: {"done": True, "note": "Statuto depositato"}})
    assert track.readiness == 75 and a.done_at is not None
    assert changes == [{"key": "a", "done": True, "note": "Statuto depositato"}]
    services.update_checklist(
        facilitator, track, {a.id: {"done": True, "note": "Statuto depositato"}, b.id: {"done": True}}
    )
    assert track.readiness == 100
    entries = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "accompaniment.checklist").order_by(AuditEntry.id)
    ).all()
    assert [e.data["readiness"] for e in entries] == [75, 100]
    assert entries[1].data["changes"] == [{"key": "b", "done": True}]
    services.update_checklist(facilitator, track, {a.id: {"done": False, "note": ""}})
    assert track.readiness == 25 and a.done_at is None


def test_no_change_writes_no_audit_entry(city, facilitator, organisation, db):
    track = services.open_track(facilitator, city, organisation=organisation)
    services.update_checklist(facilitator, track, {track.items[0].id: {"done": False, "note": ""}})
    assert not db.session.scalar(sa.select(AuditEntry.id).where(AuditEntry.action == "accompaniment.checklist"))


def test_only_facilitators_of_the_city_open_and_edit(city, other_city, facilitator, staff, member, organisation):
    outsider = factories.create_user(role=Role.FACILITATOR, city=other_city)
    for person in (staff, member, outsider):
        with pytest.raises(PermissionDenied):
            services.open_track(person, city, organisation=organisation)
    track = services.open_track(facilitator, city, organisation=organisation)
    colleague = factories.create_user(role=Role.FACILITATOR, city=city)
    services.add_session(colleague, track, held_on=date.today(), topic="Bilancio")  # other facilitators edit too
    for person in (staff, member, outsider):
        with pytest.raises(PermissionDenied):
            services.add_session(person, track, held_on=date.today(), topic="Nope")
        with pytest.raises(PermissionDenied):
            services.update_checklist(person, track, {track.items[0].id: {"done": True}})


def test_subjects_must_be_of_the_city_and_one_open_track_each(city, other_city, facilitator, organisation, resident):
    elsewhere = fo.create_organisation(other_city)
    with pytest.raises(InvalidInput):
        services.open_track(facilitator, city)
    with pytest.raises(InvalidInput):
        services.open_track(facilitator, city, organisation=elsewhere)
    with pytest.raises(InvalidInput):
        services.open_track(facilitator, city, idea=fi.create_idea(other_city, resident))
    first = services.open_track(facilitator, city, organisation=organisation)
    with pytest.raises(InvalidInput):
        services.open_track(facilitator, city, organisation=organisation)
    services.update_track(facilitator, first, title=first.title, closed=True)
    services.open_track(facilitator, city, organisation=organisation)  # a closed one does not block


def test_who_sees_a_track(city, other_city, facilitator, staff, member, organisation, resident):
    author = factories.create_user(city=city)
    idea = fi.create_idea(city, author)
    track = services.open_track(facilitator, city, organisation=organisation, idea=idea)
    assert all(track.can_view(u) for u in (facilitator, staff, member, author))
    other_staff = factories.create_user(role=Role.STAFF, city=other_city)
    invited = factories.create_user(city=city)
    from app.models import MemberRole, MemberStatus

    fo.add_member(organisation, invited, MemberRole.MEMBER, MemberStatus.INVITED)
    assert not any(track.can_view(u) for u in (resident, other_staff, invited))


def test_sessions_render_markdown_safely_and_validate(city, facilitator, organisation):
    track = services.open_track(facilitator, city, organisation=organisation)
    session = services.add_session(
        facilitator,
        track,
        held_on=date.today(),
        topic="Statuto",
        notes="**Fatto**\n\n<script>x</script>",
        participants="Anna, Marco",
    )
    assert "<strong>Fatto</strong>" in session.notes_html and "<script>" not in session.notes_html
    for bad in (
        {"topic": ""},
        {"held_on": None},
        {"held_on": date.today() + timedelta(days=800)},
        {"participants": "x" * 501},
    ):
        values = {"held_on": date.today(), "topic": "Ok", **bad}
        with pytest.raises(InvalidInput):
            services.add_session(facilitator, track, **values)
    services.update_session(facilitator, session, held_on=date.today(), topic="Statuto e RUNTS", notes="")
    assert session.topic == "Statuto e RUNTS" and session.notes_html == ""
    services.delete_session(facilitator, session)
    assert track.sessions == []


def test_staff_keep_the_city_template_and_it_is_audited(city, staff, facilitator, organisation, db):
    item = services.add_template_item(staff, city, label="Sede operativa trovata", weight=2)
    assert item.key == "sede_operativa_trovata"
    twin = services.add_template_item(staff, city, label="Sede operativa trovata", weight=1)
    assert twin.key != item.key
    services.update_template_item(staff, item, label="Sede operativa", weight=3, position=0)
    assert (item.label, item.weight) == ("Sede operativa", 3)
    with pytest.raises(InvalidInput):
        services.update_template_item(staff, item, label="", weight=99)
    services.delete_template_item(staff, twin)
    added = services.restore_default_checklist(staff, city)
    assert added == 6 and len(queries.template_items(city)) == 7
    with pytest.raises(PermissionDenied):
        services.add_template_item(facilitator, city, label="Nope", weight=1)
    actions = set(db.session.scalars(sa.select(AuditEntry.action)))
    assert {"checklist_template.add", "checklist_template.update", "checklist_template.delete"} <= actions


def test_new_template_items_can_be_added_to_an_open_track(city, staff, facilitator, organisation):
    track = services.open_track(facilitator, city, organisation=organisation)
    services.add_template_item(staff, city, label="Piano di comunicazione", weight=1)
    assert [t.label for t in queries.missing_template_items(track)] == ["Piano di comunicazione"]
    assert services.sync_track_items(facilitator, track) == 1
    assert queries.missing_template_items(track) == []


def test_default_labels_follow_the_readers_language(app, city, facilitator, organisation):
    track = services.open_track(facilitator, city, organisation=organisation)
    statute = track.items[0]
    assert statute.label == "Statuto adottato"  # stored in the city's language
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        assert labels.item_label(statute) == "Statute adopted"
    statute.label = "Statuto approvato in assemblea"
    assert labels.item_label(statute) == "Statuto approvato in assemblea"


# --- pages --------------------------------------------------------------------------------------


def test_a_resident_cannot_open_a_track(client, login, city, resident, organisation, db):
    login(resident)
    assert client.get(f"/c/{city.slug}/accompaniment/new").status_code == 403
    response = client.post(f"/c/{city.slug}/accompaniment/new", data={"organisation": str(organisation.id)})
    assert response.status_code == 403
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AccompanimentTrack)) == 0


def test_facilitator_opens_a_track_through_the_page(client, login, city, facilitator, organisation, db):
    login(facilitator)
    page = client.get(f"/c/{city.slug}/accompaniment/new?organisation={organisation.id}").get_data(as_text=True)
    assert "APS Il Quartiere" in page
    assert client.get(f"/c/{city.slug}/accompaniment/new?q=quartiere").status_code == 200
    response = client.post(f"/c/{city.slug}/accompaniment/new", data={"organisation": str(organisation.id)})
    assert response.status_code == 302
    track = db.session.scalar(sa.select(AccompanimentTrack))
    assert response.headers["Location"].endswith(f"/accompaniment/{track.id}")
    response = client.post(f"/c/{city.slug}/accompaniment/new", data={"organisation": "", "idea": ""})
    assert response.status_code == 422


def test_an_organisation_member_sees_its_track_read_only_and_another_resident_gets_403(
    client, login, city, facilitator, member, organisation, resident
):
    track = fs.create_track(city, facilitator, organisation=organisation, title="Percorso del Quartiere")
    fs.create_session(track, topic="Primo incontro")
    login(member)
    page = client.get(f"/accompaniment/{track.id}").get_data(as_text=True)
    assert "Percorso del Quartiere" in page and "Primo incontro" in page
    assert "<progress" in page and "Readiness 0%" in page
    assert f'action="/accompaniment/{track.id}/checklist"' not in page
    assert "Percorso del Quartiere" in client.get("/accompaniment/mine").get_data(as_text=True)
    assert client.post(f"/accompaniment/{track.id}/checklist", data={}).status_code == 403
    assert client.post(f"/accompaniment/{track.id}/sessions", data={"topic": "x"}).status_code == 403
    login(resident)
    assert client.get(f"/accompaniment/{track.id}").status_code == 403
    assert "Percorso del Quartiere" not in client.get("/accompaniment/mine").get_data(as_text=True)


def test_the_idea_author_sees_the_ideas_track(client, login, city, facilitator, resident):
    idea = fi.create_idea(city, resident, title="Orto condiviso")
    track = fs.create_track(city, facilitator, idea=idea, title="Percorso Orto")
    login(resident)
    assert client.get(f"/accompaniment/{track.id}").status_code == 200
    assert "Percorso Orto" in client.get("/accompaniment/mine").get_data(as_text=True)


def test_staff_see_all_tracks_of_their_city_with_readiness(client, login, city, other_city, facilitator, staff):
    first = fs.create_track(city, facilitator, organisation=fo.create_organisation(city), title="Percorso Uno")
    first.items[0].done = True
    from app.extensions import db

    db.session.commit()
    fs.create_track(city, facilitator, organisation=fo.create_organisation(city), title="Percorso Due")
    other_facilitator = factories.create_user(role=Role.FACILITATOR, city=other_city)
    elsewhere = fs.create_track(
        other_city, other_facilitator, organisation=fo.create_organisation(other_city), title="Percorso Altrove"
    )
    login(staff)
    page = client.get(f"/c/{city.slug}/accompaniment").get_data(as_text=True)
    assert "Percorso Uno" in page and "Percorso Due" in page and "Percorso Altrove" not in page
    assert "Readiness 40%" in page  # statute weighs 2 of 5
    assert client.get(f"/c/{city.slug}/accompaniment?status=closed").status_code == 200
    assert client.get(f"/accompaniment/{first.id}").status_code == 200
    assert client.get(f"/accompaniment/{elsewhere.id}").status_code == 403
    assert client.get(f"/c/{other_city.slug}/accompaniment").status_code == 403


def test_facilitator_ticks_the_checklist_and_records_a_session_through_the_page(
    client, login, city, facilitator, organisation, db
):
    track = fs.create_track(city, facilitator, organisation=organisation)
    statute, runts, _budget = track.items
    login(facilitator)
    data = {f"seen-{i.id}": "1" for i in track.items}
    data |= {f"done-{statute.id}": "1", f"note-{statute.id}": "Depositato", f"done-{runts.id}": "1"}
    assert client.post(f"/accompaniment/{track.id}/checklist", data=data).status_code == 302
    db.session.expire_all()
    assert db.session.get(AccompanimentTrack, track.id).readiness == 80
    response = client.post(
        f"/accompaniment/{track.id}/sessions",
        data={
            "held_on": date.today().isoformat(),
            "topic": "Bozza di budget",
            "notes": "- voce 1",
            "participants": "Anna",
        },
    )
    assert response.status_code == 302
    page = client.get(f"/accompaniment/{track.id}").get_data(as_text=True)
    assert "Bozza di budget" in page and "<li>voce 1</li>" in page and "Readiness 80%" in page
    assert client.post(f"/accompaniment/{track.id}/sessions", data={"topic": ""}).status_code == 422
    session = db.session.get(AccompanimentTrack, track.id).sessions[0]
    edit_url = f"/accompaniment/{track.id}/sessions/{session.id}/edit"
    assert client.get(edit_url).status_code == 200
    assert client.post(edit_url, data={"held_on": date.today().isoformat(), "topic": "Budget"}).status_code == 302
    assert (
        client.post(f"/accompaniment/{track.id}/settings", data={"title": "Nuovo titolo", "closed": "y"}).status_code
        == 302
    )
    db.session.expire_all()
    assert db.session.get(AccompanimentTrack, track.id).closed_at is not None
    assert client.post(f"/accompaniment/{track.id}/sessions/{session.id}/delete").status_code == 302
    assert db.session.get(AccompanimentTrack, track.id).sessions == []


def test_a_session_of_another_track_is_not_found(client, login, city, facilitator, organisation):
    track = fs.create_track(city, facilitator, organisation=organisation)
    other = fs.create_track(city, facilitator, organisation=fo.create_organisation(city))
    session = fs.create_session(other)
    login(facilitator)
    assert client.get(f"/accompaniment/{track.id}/sessions/{session.id}/edit").status_code == 404


def test_staff_edit_the_city_checklist_through_the_page(client, login, city, staff, facilitator, db):
    login(staff)
    assert client.get(f"/c/{city.slug}/accompaniment/checklist").status_code == 200
    assert client.post(f"/c/{city.slug}/accompaniment/checklist/defaults").status_code == 302
    assert len(queries.template_items(city)) == 6
    response = client.post(f"/c/{city.slug}/accompaniment/checklist", data={"label": "Piano economico", "weight": "2"})
    assert response.status_code == 302
    item = db.session.scalar(sa.select(ChecklistTemplateItem).where(ChecklistTemplateItem.label == "Piano economico"))
    url = f"/c/{city.slug}/accompaniment/checklist/{item.id}"
    prefix = f"item{item.id}-"
    assert (
        client.post(
            url, data={prefix + "label": "Piano economico-finanziario", prefix + "weight": "3", "action": "save"}
        ).status_code
        == 302
    )
    db.session.refresh(item)
    assert (item.label, item.weight) == ("Piano economico-finanziario", 3)
    item_id = item.id
    assert client.post(url, data={"action": "delete"}).status_code == 302
    assert not db.session.scalar(sa.select(ChecklistTemplateItem.id).where(ChecklistTemplateItem.id == item_id))
    login(facilitator)
    assert client.get(f"/c/{city.slug}/accompaniment/checklist").status_code == 403


# --- XSS ----------------------------------------------------------------------------------------


def test_xss_payloads_in_track_fields_stay_text(client, login, city, staff, facilitator, member, organisation):
    tracks = []
    for n, payload in enumerate(PAYLOADS):
        item = services.add_template_item(staff, city, label=f"{n} {payload}"[:200], weight=1)
        track = services.open_track(
            facilitator, city, organisation=fo.create_organisation(city, members=[member]), title=payload[:200]
        )
        services.add_session(
            facilitator, track, held_on=date.today(), topic=payload[:200], notes=payload, participants=payload[:500]
        )
        checked = next(i for i in track.items if i.key == item.key)
        services.update_checklist(facilitator, track, {checked.id: {"done": True, "note": payload[:500]}})
        tracks.append((track.id, track.sessions[0].id))
    lists = [f"/c/{city.slug}/accompaniment", "/accompaniment/mine"]
    for person, urls in (
        (
            facilitator,
            [u for t, s in tracks for u in (f"/accompaniment/{t}", f"/accompaniment/{t}/sessions/{s}/edit")] + lists,
        ),
        (member, [f"/accompaniment/{t}" for t, _s in tracks] + ["/accompaniment/mine"]),
        (staff, [f"/c/{city.slug}/accompaniment/checklist", *lists]),
    ):
        login(person)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert_no_xss(response.get_data(as_text=True))
