"""Roles are granted by admins and audited; the audit log is append-only and scoped."""

import pytest
import sqlalchemy as sa

from app import audit
from app.models import AuditEntry, Role, RoleGrant
from app.models.audit import AppendOnlyError
from tests import factories


@pytest.fixture
def admin(city):
    return factories.create_user(role=Role.ADMIN, name="Admin")


def test_admin_grants_a_city_role_and_it_is_audited(client, login, admin, resident, city, db):
    login(admin)
    response = client.post(f"/admin/users/{resident.id}", data={"role": "staff", "city": "bari"})
    assert response.status_code == 302
    db.session.expire_all()
    assert resident.has_role(Role.STAFF, city)
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "role.grant"))
    assert (entry.actor_id, entry.target_id, entry.data["role"], entry.city_id) == (
        admin.id,
        resident.id,
        "staff",
        city.id,
    )


def test_a_city_role_without_a_city_is_refused(client, login, admin, resident, db):
    login(admin)
    response = client.post(f"/admin/users/{resident.id}", data={"role": "staff", "city": ""})
    assert response.status_code == 422
    assert (
        db.session.scalar(sa.select(sa.func.count()).select_from(RoleGrant).where(RoleGrant.user_id == resident.id))
        == 0
    )


def test_a_resident_cannot_grant_roles(client, login, resident, db):
    login(resident)
    response = client.post(f"/admin/users/{resident.id}", data={"role": "admin", "city": ""})
    assert response.status_code == 403
    db.session.expire_all()
    assert not resident.is_admin


def test_admin_revokes_a_role(client, login, admin, city, db):
    staff = factories.create_user(role=Role.STAFF, city=city)
    login(admin)
    client.post(f"/admin/roles/{staff.roles[0].id}/revoke")
    db.session.expire_all()
    assert not staff.has_role(Role.STAFF, city)


def test_admin_cannot_drop_their_own_admin_role(client, login, admin, db):
    login(admin)
    client.post(f"/admin/roles/{admin.roles[0].id}/revoke")
    db.session.expire_all()
    assert admin.is_admin


def test_audit_entries_cannot_be_changed_or_deleted(db, resident):
    entry = audit.record(resident, "test.action", resident, detail="x")
    db.session.commit()
    entry.action = "tampered"
    with pytest.raises(AppendOnlyError):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.get(AuditEntry, entry.id))
    with pytest.raises(AppendOnlyError):
        db.session.commit()
    db.session.rollback()
    assert db.session.get(AuditEntry, entry.id).action == "test.action"


def test_staff_read_their_citys_audit_entries_only(client, login, city, other_city, db):
    staff = factories.create_user(role=Role.STAFF, city=city)
    audit.record(staff, "need.answer", city=city, note="Bari entry")
    audit.record(staff, "need.answer", city=other_city, note="Napoli entry")
    db.session.commit()
    login(staff)
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "Bari entry" in page and "Napoli entry" not in page


def test_authority_reads_every_city(client, login, city, other_city, db):
    authority = factories.create_user(role=Role.AUTHORITY)
    audit.record(authority, "x.y", city=city, note="Bari entry")
    audit.record(authority, "x.y", city=other_city, note="Napoli entry")
    db.session.commit()
    login(authority)
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "Bari entry" in page and "Napoli entry" in page


def test_residents_cannot_read_the_audit_log(client, login, resident):
    login(resident)
    assert client.get("/admin/audit").status_code == 403
