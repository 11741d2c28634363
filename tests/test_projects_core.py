"""Projects core: staff set the CUP, the dates and the milestones (checked as a reader of the
monitoring would: the CUP's form, one CUP per project, dates in order), suspend, resume and
close a project with a reason; a renounced or revoked grant closes its project; ``late`` is
derived in SQL as on the page; each indicator shows its latest approved value."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.errors import Conflict, InvalidInput, PermissionDenied
from app.extensions import db
from app.models import (
    AuditEntry,
    CohesionFund,
    Programme,
    ProgrammeAction,
    Project,
    ProjectState,
    ProjectStatus,
    ReportStatus,
    Role,
)
from app.models.base import utcnow
from app.projects import queries, services
from app.rankings import services as ranking_services
from tests import factories
from tests.factories.projects import funded_project, funded_projects, indicator_report


def _staff(project):
    return project.call.created_by


def _listed(**filters) -> list[str]:
    return [p.title for p in db.session.scalars(queries.projects_select(**filters))]


def test_staff_set_the_cup_dates_and_milestones(city):
    project = funded_project(city)
    first, second, third = project.milestones
    first.reminded_at = third.reminded_at = utcnow()
    db.session.commit()
    start, end = queries.today() - timedelta(days=10), third.due_on
    services.update_project(
        _staff(project),
        project,
        {
            "cup": " j81b 2100-0010006 ",
            "starts_on": start.isoformat(),
            "ends_on": end.isoformat(),
            "milestones": [
                {
                    "id": first.id,
                    "name": "Avvio delle attività",
                    "due_on": start.isoformat(),
                    "reached_on": start.isoformat(),
                },
                {"id": third.id, "name": "Relazione finale", "due_on": end.isoformat()},
                {"name": "Evento pubblico", "due_on": (start + timedelta(days=200)).isoformat()},
            ],
        },
    )
    db.session.expire_all()
    assert project.cup == "J81B21000010006"
    assert (project.starts_on, project.ends_on) == (start, end)
    names = [(m.name, m.position) for m in project.milestones]
    assert names == [("Avvio delle attività", 0), ("Relazione finale", 1), ("Evento pubblico", 2)]
    assert project.milestones[0].id == first.id and project.milestones[0].reached_on == start
    assert project.milestones[0].reminded_at is None  # a new due date: a new reminder
    assert project.milestones[1].reminded_at is not None  # same due date: already reminded
    assert db.session.get(type(second), second.id) is None  # not listed: removed
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "project.update"))
    assert entry is not None and entry.target_id == project.id


def test_a_partial_patch_changes_only_what_it_names(city):
    project = funded_project(city)
    before = (project.starts_on, project.ends_on, [m.name for m in project.milestones])
    services.update_project(_staff(project), project, {"cup": "B61B18000020006"})
    db.session.expire_all()
    assert project.cup == "B61B18000020006"
    assert (project.starts_on, project.ends_on, [m.name for m in project.milestones]) == before


@pytest.mark.parametrize(
    "cup", ["123456789012345", "J81B2100001000", "J81B210000100067", "J81B21000010-0Ä", "J81B2100001000!"]
)
def test_a_cup_of_the_wrong_form_is_refused_with_its_rule(city, cup):
    project = funded_project(city)
    with pytest.raises(InvalidInput) as refused:
        services.update_project(_staff(project), project, {"cup": cup})
    assert "15" in refused.value.fields["cup"][0]
    db.session.expire_all()
    assert project.cup is None


def test_a_cup_belongs_to_one_project(city):
    first, second = funded_projects(city, "Cortili aperti", "Doposcuola")
    services.update_project(_staff(first), first, {"cup": "J81B21000010006"})
    with pytest.raises(InvalidInput) as refused:
        services.update_project(_staff(second), second, {"cup": "j81b21000010006"})
    assert "Cortili aperti" in refused.value.fields["cup"][0]
    db.session.expire_all()
    assert second.cup is None
    services.update_project(_staff(first), first, {"cup": "J81B21000010006"})  # its own: fine


def test_dates_and_milestones_must_be_in_order(city):
    project = funded_project(city)
    start = queries.today() - timedelta(days=30)
    cases = [
        ({"starts_on": start.isoformat(), "ends_on": (start - timedelta(days=1)).isoformat()}, "ends_on"),
        ({"starts_on": "2026-02-30"}, "starts_on"),
        ({"starts_on": "1999-01-01"}, "starts_on"),
        ({"starts_on": start.isoformat(), "ends_on": (start + timedelta(days=11 * 366)).isoformat()}, "ends_on"),
        (
            {
                "starts_on": start.isoformat(),
                "milestones": [{"name": "Avvio", "due_on": (start - timedelta(days=1)).isoformat()}],
            },
            "milestones.0.due_on",
        ),
        (
            {
                "milestones": [
                    {
                        "name": "Avvio",
                        "due_on": queries.today().isoformat(),
                        "reached_on": (queries.today() + timedelta(days=2)).isoformat(),
                    }
                ]
            },
            "milestones.0.reached_on",
        ),
        ({"milestones": [{"name": "A", "due_on": queries.today().isoformat()}]}, "milestones.0.name"),
        ({"milestones": [{"name": "Avvio"}]}, "milestones.0.due_on"),
        ({"milestones": [{"name": "Avvio", "due_on": queries.today().isoformat()}] * 31}, "milestones"),
        ({"milestones": [{"id": 999999, "name": "Avvio", "due_on": queries.today().isoformat()}]}, "milestones.0.id"),
    ]
    before = [m.name for m in project.milestones]
    for body, field in cases:
        with pytest.raises(InvalidInput) as refused:
            services.update_project(_staff(project), project, body)
        assert field in refused.value.fields, (body, refused.value.fields)
    db.session.expire_all()
    assert [m.name for m in project.milestones] == before


def test_only_staff_of_the_project_change_it(city, other_city):
    project = funded_project(city)
    beneficiary = project.application.created_by
    strangers = [
        beneficiary,
        factories.create_user(city=city),
        factories.create_user(role=Role.STAFF, city=other_city),
        factories.create_user(role=Role.AUTHORITY),
    ]
    for person in strangers:
        with pytest.raises(PermissionDenied):
            services.update_project(person, project, {"cup": "J81B21000010006"})
        with pytest.raises(PermissionDenied):
            services.set_state(person, project, {"state": "suspended", "reason": "Verifica amministrativa in corso"})
    assert project.is_beneficiary(beneficiary)


def test_suspend_resume_close_with_a_reason_and_closed_is_final(city):
    project = funded_project(city)
    staff = _staff(project)
    with pytest.raises(InvalidInput) as short:
        services.set_state(staff, project, {"state": "suspended", "reason": "Perché"})
    assert "reason" in short.value.fields
    with pytest.raises(Conflict):
        services.set_state(staff, project, {"state": "active", "reason": "Riprende senza essere sospeso"})
    services.set_state(staff, project, {"state": "suspended", "reason": "Verifica antimafia in corso"})
    assert project.status is ProjectStatus.SUSPENDED and project.state_reason == "Verifica antimafia in corso"
    services.set_state(staff, project, {"state": "active", "reason": "Verifica conclusa con esito positivo"})
    assert project.status is ProjectStatus.ON_TRACK and project.closed_at is None
    services.set_state(staff, project, {"state": "closed", "reason": "Attività concluse e rendicontate"})
    db.session.expire_all()
    assert project.status is ProjectStatus.CLOSED and project.closed_at is not None
    for body in (
        {"state": "active", "reason": "Riapriamo il progetto chiuso"},
        {"state": "suspended", "reason": "Sospendiamo il progetto chiuso"},
    ):
        with pytest.raises(Conflict):
            services.set_state(staff, project, body)
    with pytest.raises(Conflict):
        services.update_project(staff, project, {"cup": "J81B21000010006"})
    with pytest.raises(Conflict):
        services.reach_milestone(staff, project.milestones[0], {})
    actions = db.session.scalars(
        sa.select(AuditEntry.action).where(AuditEntry.action.like("project.%")).order_by(AuditEntry.id)
    ).all()
    assert actions[-3:] == ["project.suspended", "project.resumed", "project.closed"]


def test_late_is_an_active_project_with_a_milestone_past_due_in_sql_as_on_the_page(city):
    late, on_time, suspended, closed = funded_projects(city, "In ritardo", "Puntuale", "Sospeso", "Chiuso")
    for project in (late, suspended, closed):
        project.milestones[0].due_on = queries.today() - timedelta(days=1)
    on_time.milestones[0].due_on = queries.today()  # due today is not late yet
    suspended.state, closed.state = ProjectState.SUSPENDED, ProjectState.CLOSED
    db.session.commit()
    assert [p.status for p in (late, on_time, suspended, closed)] == [
        ProjectStatus.LATE,
        ProjectStatus.ON_TRACK,
        ProjectStatus.SUSPENDED,
        ProjectStatus.CLOSED,
    ]
    assert _listed(status=ProjectStatus.LATE) == ["In ritardo"]
    assert _listed(status=ProjectStatus.ON_TRACK) == ["Puntuale"]
    assert _listed(status=ProjectStatus.SUSPENDED) == ["Sospeso"]
    assert _listed(status=ProjectStatus.CLOSED) == ["Chiuso"]
    services.reach_milestone(_staff(late), late.milestones[0], {"reached_on": queries.today().isoformat()})
    assert late.status is ProjectStatus.ON_TRACK
    assert _listed(status=ProjectStatus.LATE) == []
    assert sorted(_listed(status=ProjectStatus.ON_TRACK)) == ["In ritardo", "Puntuale"]


def test_a_milestone_is_reached_once_and_not_in_the_future(city):
    project = funded_project(city)
    staff, milestone = _staff(project), project.milestones[1]
    with pytest.raises(InvalidInput) as ahead:
        services.reach_milestone(staff, milestone, {"reached_on": (queries.today() + timedelta(days=1)).isoformat()})
    assert "reached_on" in ahead.value.fields
    services.reach_milestone(staff, milestone, {})
    assert milestone.reached_on == queries.today()
    with pytest.raises(Conflict):
        services.reach_milestone(staff, milestone, {})


def test_filters_by_city_fund_and_action(city, other_city):
    bari = funded_project(city, "Cortili aperti")
    napoli = funded_project(other_city, "Rione Sanità")
    programme = Programme(code="2021IT16FFPR003", name="PN Metro plus", period="2021-2027", current=True)
    action = ProgrammeAction(
        programme=programme, code="3.3.1", name="Servizi di prossimità", fund=CohesionFund.FSE_PLUS
    )
    db.session.add_all([programme, action])
    bari.action = action
    napoli.funds[0].fund = CohesionFund.FESR
    db.session.commit()
    assert _listed(city_id=city.id) == ["Cortili aperti"]
    assert _listed(fund=CohesionFund.FESR) == ["Rione Sanità"]
    assert _listed(fund=CohesionFund.FSE_PLUS) == ["Cortili aperti"]
    assert _listed(action="3.3.1") == ["Cortili aperti"]
    assert _listed(action="4.2.1") == []
    assert _listed() == ["Rione Sanità", "Cortili aperti"]  # newest first
    assert queries.action_codes() == ["3.3.1"]


def test_renounced_and_revoked_grants_close_their_projects_with_the_reason(city):
    kept, renounced, revoked = funded_projects(city, "Resta", "Rinunciato", "Revocato")
    ranking_services.renounce(
        renounced.application.created_by, renounced.application, {"reason": "Il partner principale si è ritirato"}
    )
    ranking_services.revoke(_staff(revoked), revoked.application, {"reason": "DURC irregolare non sanato"})
    db.session.expire_all()
    assert kept.status is ProjectStatus.ON_TRACK
    assert renounced.status is ProjectStatus.CLOSED and renounced.state_reason == "Il partner principale si è ritirato"
    assert revoked.status is ProjectStatus.CLOSED and revoked.state_reason == "DURC irregolare non sanato"
    assert renounced.closed_at is not None and revoked.closed_at is not None
    causes = db.session.scalars(
        sa.select(AuditEntry.data).where(AuditEntry.action == "project.closed").order_by(AuditEntry.id)
    ).all()
    assert [c["cause"] for c in causes] == ["renounced", "revoked"]


@pytest.mark.usefixtures("in_request")
def test_each_indicator_shows_its_latest_approved_value_by_measurement_date(city):
    project = funded_project(city, indicators=[("EECO01", "10", "110"), ("EECO02", "0", "50")])
    indicator_report(project, "EECO01", 40, measured_on=queries.today() - timedelta(days=5))
    indicator_report(
        project, "EECO01", 30, measured_on=queries.today() - timedelta(days=40)
    )  # filed later, measured earlier
    indicator_report(project, "EECO01", 90, measured_on=queries.today(), status=ReportStatus.SENT_BACK)
    indicator_report(project, "EECO01", 95, measured_on=queries.today(), status=ReportStatus.SUBMITTED)
    latest = queries.latest_values([project])
    first, second = project.indicators
    assert latest[first.id].value == 40 and second.id not in latest
    answer = queries.project_json(project, latest)
    assert answer["indicators"][0]["latest_value"] == "40.00"
    assert answer["indicators"][0]["measured_on"] == (queries.today() - timedelta(days=5)).isoformat()
    assert answer["indicators"][1]["latest_value"] is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Project)) == 1
