"""desk consumes what identity's, notifications' and ticketing's schemas allow, generated from them, each event
delivered twice through the real inbox: the first takes effect without raising (notice progress is applied to its
notice when it is newer), the second does nothing."""
from desk.consumers import NOTICES_CONSUMER, REPORTS_CONSUMER, SURVEYS_CONSUMER
from hypothesis import given
from hypothesis import strategies as st
from kefulib.testing.contracts import consumer_settings, deliver_twice, events


@consumer_settings()
@given(event=events("identity.unit.created"))
def test_a_valid_unit_is_kept_once_for_sampling(consumers, db, event):
    deliver_twice(consumers[SURVEYS_CONSUMER], event)
    (unit,) = db.units.find({"tenant_id": event.tenant_id})
    assert (unit["unit_id"], unit["building"]) == (event.data["unit_id"], event.data["building"])


@consumer_settings()
@given(event=events("notifications.campaign_survey.answered"))
def test_a_valid_link_answer_for_a_campaign_desk_does_not_have_records_nothing(consumers, db, event):
    deliver_twice(consumers[SURVEYS_CONSUMER], event)
    assert db.survey_households.count_documents({"tenant_id": event.tenant_id}) == 0


@consumer_settings()
@given(event=events("ticketing.ticket.created"))
def test_a_valid_ticket_is_counted_once(consumers, db, event):
    deliver_twice(consumers[REPORTS_CONSUMER], event)
    (seen,) = db.tickets_seen.find({"tenant_id": event.tenant_id})
    assert (seen["ticket_id"], seen["kind"], seen["finished_at"]) == (event.data["ticket_id"], event.data["kind"], None)


@consumer_settings()
@given(event=st.one_of(events("ticketing.repair.completed"), events("ticketing.complaint.resolved"),
                       events("ticketing.ticket.reopened")))
def test_a_valid_finish_or_reopening_of_a_ticket_desk_never_saw_changes_nothing(consumers, db, event):
    deliver_twice(consumers[REPORTS_CONSUMER], event)
    assert db.tickets_seen.count_documents({"tenant_id": event.tenant_id}) == 0


@consumer_settings()
@given(event=events("ticketing.shift.handed_over"))
def test_a_valid_hand_over_is_counted_once(consumers, db, event):
    deliver_twice(consumers[REPORTS_CONSUMER], event)
    (handover,) = db.handovers.find({"tenant_id": event.tenant_id})
    assert handover["handover_id"] == event.data["handover_id"]


COUNTS = ("households", "queued", "sent", "delivered", "failed", "suppressed", "read")


@consumer_settings()
@given(event=events("notifications.notice.progress"))
def test_valid_progress_shows_on_its_notice_once(consumers, db, event):
    consumer = consumers[NOTICES_CONSUMER]
    db.notices.insert_one({"_id": event.data["notice_id"], "tenant_id": event.tenant_id, "counts": {},
                           "progress_seq": None})
    try:
        deliver_twice(consumer, event)
        notice = db.notices.find_one({"_id": event.data["notice_id"], "tenant_id": event.tenant_id})
        assert notice["counts"] == {name: event.data[name] for name in COUNTS}
        assert notice["progress_seq"] == event.data["seq"]
    finally:
        db.notices.delete_one({"_id": event.data["notice_id"]})
