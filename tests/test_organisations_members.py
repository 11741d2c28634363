"""Members: owners invite colleagues by email, who accept from "my invitations"; owners change
roles and remove members; an organisation always keeps at least one owner."""

import pytest
import sqlalchemy as sa

from app.models import MemberRole, Membership, MemberStatus, Notification
from tests import factories
from tests.factories import organisations as fo
from tests.xss import PAYLOADS, assert_no_xss


def gone(model, row_id) -> bool:
    from app.extensions import db

    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(model.id == row_id)) == 0


@pytest.fixture(autouse=True)
def english(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def owner(city):
    return factories.create_user(city=city, name="Francesca Colonna")


@pytest.fixture
def organisation(city, owner):
    return fo.create_organisation(city, owner, name="APS Japigia Viva")


def test_owner_invites_a_colleague_who_is_notified_mailed_and_accepts(
    client, login, live, city, owner, organisation, mailbox, db, app
):
    colleague = factories.create_user(city=city, email="marta@example.org", name="Marta")
    colleague_client = app.test_client()
    colleague_client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    login(colleague, colleague_client)
    socket = live(colleague_client)
    login(owner)
    response = client.post(
        f"/organisations/{organisation.id}/members/invite", data={"email": " Marta@Example.org ", "role": "member"}
    )
    assert response.status_code == 302
    pushed = socket.wait_for("notification")
    assert pushed and pushed[0]["kind"] == "organisation.member_invited"
    assert "APS Japigia Viva" in pushed[0]["text"]
    assert all(m.to == ["marta@example.org"] for m in mailbox)  # the notification's mail, if any
    assert "marta@example.org" in client.get(f"/organisations/{organisation.id}/members").text

    page = colleague_client.get("/organisations/invitations")
    assert "APS Japigia Viva invites you as member" in page.text
    membership = db.session.scalar(sa.select(Membership).where(Membership.invited_email == "marta@example.org"))
    response = colleague_client.post(f"/organisations/invitations/{membership.id}/accept")
    assert response.status_code == 302
    db.session.refresh(membership)
    assert membership.status is MemberStatus.ACTIVE and membership.user_id == colleague.id
    kinds = db.session.scalars(sa.select(Notification.kind).where(Notification.user_id == owner.id)).all()
    assert kinds == ["organisation.member_joined"]
    assert colleague_client.get(f"/organisations/{organisation.id}/edit").status_code == 200
    assert "APS Japigia Viva" in colleague_client.get("/organisations/mine").text


def test_an_address_without_an_account_gets_a_mail_and_accepts_after_signing_up(
    client, login, city, owner, organisation, mailbox, db, app
):
    login(owner)
    client.post(f"/organisations/{organisation.id}/members/invite", data={"email": "new@example.org", "role": "owner"})
    assert len(mailbox) == 1 and mailbox[0].to == ["new@example.org"]
    assert "APS Japigia Viva" in mailbox[0].subject and "/organisations/invitations" in mailbox[0].body
    newcomer = factories.create_user(city=city, email="new@example.org")
    other = app.test_client()
    login(newcomer, other)
    membership = db.session.scalar(sa.select(Membership).where(Membership.invited_email == "new@example.org"))
    assert other.post(f"/organisations/invitations/{membership.id}/accept").status_code == 302
    db.session.expire_all()
    assert organisation.is_owner(newcomer)


def test_invitations_are_refused_twice_and_for_bad_addresses(client, login, city, owner, organisation, db):
    member = factories.create_user(city=city, email="gia@example.org")
    fo.add_member(organisation, member)
    fo.invite(organisation, "pending@example.org")
    login(owner)
    cases = {
        "pending@example.org": "already been invited",
        "gia@example.org": "already a member",
        "not an email": "valid email",
        "<script>alert(1)</script>@x.it": "valid email",
    }
    for email, message in cases.items():
        response = client.post(f"/organisations/{organisation.id}/members/invite", data={"email": email})
        assert response.status_code == 422 and message in response.text, email
        assert_no_xss(response.text)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Membership)) == 3


def test_the_invited_person_declines(client, login, city, organisation, db):
    person = login(factories.create_user(city=city, email="no@example.org"))
    membership = fo.invite(organisation, "no@example.org")
    assert client.post(f"/organisations/invitations/{membership.id}/decline").status_code == 302
    assert gone(Membership, membership.id)
    assert organisation.membership_of(person) is None


def test_nobody_else_can_answer_a_membership_invitation(client, login, city, organisation, db):
    membership = fo.invite(organisation, "invited@example.org")
    login(factories.create_user(city=city, email="intruder@example.org"))
    assert client.post(f"/organisations/invitations/{membership.id}/accept").status_code == 403
    assert client.post(f"/organisations/invitations/{membership.id}/decline").status_code == 403
    db.session.refresh(membership)
    assert membership.status is MemberStatus.INVITED and membership.user_id is None


def test_members_and_strangers_cannot_invite_or_manage(client, login, city, organisation, db):
    member = factories.create_user(city=city)
    membership = fo.add_member(organisation, member)
    stranger = factories.create_user(city=city)
    owner_row = next(m for m in organisation.members if m.role is MemberRole.OWNER)
    for person in (member, stranger):
        login(person)
        invite = client.post(f"/organisations/{organisation.id}/members/invite", data={"email": "x@example.org"})
        assert invite.status_code == 403
        role = client.post(f"/organisations/{organisation.id}/members/{owner_row.id}/role", data={"role": "member"})
        assert role.status_code == 403
        assert client.post(f"/organisations/{organisation.id}/members/{owner_row.id}/remove").status_code == 403
    login(stranger)
    assert client.get(f"/organisations/{organisation.id}/members").status_code == 403
    db.session.refresh(owner_row)
    assert owner_row.role is MemberRole.OWNER
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Membership)) == 2
    assert membership.role is MemberRole.MEMBER


def test_owners_promote_demote_and_remove(client, login, city, owner, organisation, db):
    colleague = factories.create_user(city=city)
    membership = fo.add_member(organisation, colleague)
    login(owner)
    client.post(f"/organisations/{organisation.id}/members/{membership.id}/role", data={"role": "owner"})
    db.session.refresh(membership)
    assert membership.role is MemberRole.OWNER
    client.post(f"/organisations/{organisation.id}/members/{membership.id}/role", data={"role": "member"})
    db.session.refresh(membership)
    assert membership.role is MemberRole.MEMBER
    client.post(f"/organisations/{organisation.id}/members/{membership.id}/remove")
    assert gone(Membership, membership.id)


def test_the_last_owner_can_be_neither_demoted_nor_removed(client, login, city, owner, organisation, db):
    second = factories.create_user(city=city)
    second_row = fo.add_member(organisation, second, role=MemberRole.OWNER)
    first_row = next(m for m in organisation.members if m.user_id == owner.id)
    login(owner)
    # Two owners: removing one is fine…
    response = client.post(f"/organisations/{organisation.id}/members/{second_row.id}/remove", follow_redirects=True)
    assert "Removed." in response.text
    # …the second removal would leave none: refused with a clear message.
    response = client.post(f"/organisations/{organisation.id}/members/{first_row.id}/remove", follow_redirects=True)
    assert "always keeps at least one owner" in response.text
    response = client.post(
        f"/organisations/{organisation.id}/members/{first_row.id}/role", data={"role": "member"}, follow_redirects=True
    )
    assert "always keeps at least one owner" in response.text
    db.session.refresh(first_row)
    assert first_row.role is MemberRole.OWNER and first_row.status is MemberStatus.ACTIVE


def test_a_member_may_leave_but_the_last_owner_may_not(client, login, city, owner, organisation, db):
    member = factories.create_user(city=city)
    row = fo.add_member(organisation, member)
    login(member)
    assert "Leave APS Japigia Viva" in client.get(f"/organisations/{organisation.id}/members").text
    client.post(f"/organisations/{organisation.id}/members/{row.id}/remove")
    assert gone(Membership, row.id)
    login(owner)
    owner_row = next(m for m in organisation.members if m.user_id == owner.id)
    client.post(f"/organisations/{organisation.id}/members/{owner_row.id}/remove")
    assert not gone(Membership, owner_row.id)


def test_an_owner_cancels_a_pending_invitation(client, login, owner, organisation, db):
    membership = fo.invite(organisation, "later@example.org")
    login(owner)
    client.post(f"/organisations/{organisation.id}/members/{membership.id}/remove")
    assert gone(Membership, membership.id)


def test_a_membership_of_another_organisation_is_not_found(client, login, city, owner, organisation):
    other = fo.create_organisation(city, factories.create_user(city=city))
    foreign = fo.add_member(other, factories.create_user(city=city))
    login(owner)
    assert client.post(f"/organisations/{organisation.id}/members/{foreign.id}/remove").status_code == 404


def test_xss_corpus_in_names_on_members_and_invitation_pages(client, login, city, db, app):
    invited = factories.create_user(city=city, email="inv@example.org", name=PAYLOADS[0])
    owner = factories.create_user(city=city, name=PAYLOADS[1])
    for n, payload in enumerate(PAYLOADS):
        organisation = fo.create_organisation(city, owner, name=payload)
        if n % 2:
            fo.invite(organisation, "inv@example.org")
        else:
            fo.add_member(organisation, invited)
    login(invited)
    for page in ("/organisations/invitations", "/organisations/mine"):
        assert_no_xss(client.get(page).text)
    for organisation_id in db.session.scalars(sa.select(Membership.organisation_id)):
        assert_no_xss(client.get(f"/organisations/{organisation_id}/members").text)
