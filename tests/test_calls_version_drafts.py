"""A published call that changes tells the people applying to it: the members of every
organisation with a draft application get a notice with the reason; applications already
submitted keep the version they were submitted under."""

from app.calls import services
from app.extensions import db
from app.models import ApplicationStatus, Notification
from tests.factories import create_user
from tests.factories.applications import create_application, open_call
from tests.factories.calls import create_call, staff_of


def test_drafts_are_told_of_a_new_version_and_submitted_ones_keep_theirs(city):
    staff = staff_of(city)
    call = open_call(city, staff)
    drafting, submitted = create_user(city=city), create_user(city=city)
    draft = create_application(call, owner=drafting)
    done = create_application(call, owner=submitted, status=ApplicationStatus.SUBMITTED)
    services.update_call(staff, call, {"max_grant": "140000.00", "reason": "Massimale ridotto dopo la delibera."})
    notices = db.session.query(Notification).filter_by(kind="call.version_draft").all()
    assert [n.user_id for n in notices] == [drafting.id]
    assert notices[0].params["reason"] == "Massimale ridotto dopo la delibera." and notices[0].params["version"] == 2
    db.session.refresh(done)
    assert (draft.call_version, done.call_version, call.version) == (1, 1, 2)


def test_a_draft_call_changes_tell_nobody(city):
    staff = staff_of(city)
    call = create_call(city, staff)
    create_application(call, owner=create_user(city=city))  # a draft on a call not yet published
    services.update_call(staff, call, {"max_grant": "140000.00"})
    assert db.session.query(Notification).filter_by(kind="call.version_draft").count() == 0
