"""desk consumes what notifications' schema of notice progress allows, generated from it, each event delivered
twice through the real inbox: the first is applied to the notice (when it is newer), the second does nothing."""
from desk.worker import NOTICES_CONSUMER, build_consumers
from hypothesis import given
from kefulib.testing.contracts import consumer_settings, deliver_twice, events

COUNTS = ("households", "queued", "sent", "delivered", "failed", "suppressed", "read")


@consumer_settings()
@given(event=events("notifications.notice.progress"))
def test_valid_progress_shows_on_its_notice_once(db, settings, event):
    (consumer,) = [c for c in build_consumers(db, settings) if c.name == NOTICES_CONSUMER]
    db.notices.insert_one({"_id": event.data["notice_id"], "tenant_id": event.tenant_id, "counts": {},
                           "progress_seq": None})
    try:
        deliver_twice(consumer, event)
        notice = db.notices.find_one({"_id": event.data["notice_id"], "tenant_id": event.tenant_id})
        assert notice["counts"] == {name: event.data[name] for name in COUNTS}
        assert notice["progress_seq"] == event.data["seq"]
    finally:
        db.notices.delete_one({"_id": event.data["notice_id"]})
