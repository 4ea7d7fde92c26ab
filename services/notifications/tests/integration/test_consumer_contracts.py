"""notifications consumes what identity's, ticketing's, visits', desk's and renovation's schemas allow, generated from
them, each event delivered twice through the real inbox: the first takes effect without raising, the second does nothing."""
import uuid

from hypothesis import given
from hypothesis import strategies as st
from kefulib.testing.contracts import consumer_settings, deliver_twice, events
from notifications.consumers import (
    DIRECTORY_CONSUMER,
    ESCALATIONS_CONSUMER,
    HOUSEHOLDS_CONSUMER,
    SURVEYS_CONSUMER,
)
from notifications.domain import HQ_ROLES

from .conftest import granted


@consumer_settings()
@given(event=st.one_of(events("identity.staff.role_granted"), events("identity.staff.role_removed")))
def test_a_valid_role_change_is_projected_once(consumers, db, event):
    deliver_twice(consumers[DIRECTORY_CONSUMER], event)
    (holder,) = db.role_holders.find({"tenant_id": event.tenant_id})
    assert (holder["staff_id"], holder["role"]) == (event.data["staff_id"], event.data["role"])
    assert holder["active"] is (event.type == "identity.staff.role_granted")


@consumer_settings()
@given(event=events("ticketing.sla.breached"))
def test_a_valid_breach_with_nobody_holding_its_roles_announces_that_nobody_was_told(consumers, db, event):
    deliver_twice(consumers[ESCALATIONS_CONSUMER], event)
    assert db.inbox_items.count_documents({"tenant_id": event.tenant_id}) == 0
    (announced,) = db.outbox.find({"tenant_id": event.tenant_id})
    data = announced["envelope"]["data"]
    assert data["ticket_id"] == event.data["ticket_id"] and data["escalation_level"] == event.data["escalation_level"]
    assert [n["role"] for n in data["notified"]] == list(dict.fromkeys(event.data["notify_roles"]))
    assert all(n["staff_ids"] == [] for n in data["notified"])


@consumer_settings()
@given(event=events("renovation.review.overdue"))
def test_a_valid_review_overdue_reaches_the_holder_of_its_first_role_once(consumers, db, event):
    role, staff_id = event.data["notify_roles"][0], f"s-{uuid.uuid4()}"
    deliver_twice(consumers[DIRECTORY_CONSUMER], granted(staff_id, role, "hq" if role in HQ_ROLES else event.tenant_id))
    deliver_twice(consumers[ESCALATIONS_CONSUMER], event)
    (item,) = db.inbox_items.find({"tenant_id": event.tenant_id, "recipient": staff_id})
    assert (item["application_id"], item["level"]) == (event.data["application_id"], event.data["level"])
    assert item["title"].startswith("装修审核超时") and item["title_en"].startswith("Renovation review overdue")


@consumer_settings()
@given(event=events("ticketing.non_conformance.opened"))
def test_a_valid_non_conformance_record_without_approver_holders_makes_no_item(consumers, db, event):
    deliver_twice(consumers[ESCALATIONS_CONSUMER], event)
    assert db.inbox_items.count_documents({"tenant_id": event.tenant_id}) == 0
    assert db.outbox.count_documents({"tenant_id": event.tenant_id}) == 0


@consumer_settings()
@given(event=events("visits.return_visit.scheduled"))
def test_a_valid_scheduled_return_visit_gets_one_survey(consumers, db, notices, event):
    deliver_twice(consumers[SURVEYS_CONSUMER], event)
    (survey,) = db.surveys.find({"tenant_id": event.tenant_id})
    assert (survey["return_visit_id"], survey["round"]) == (event.data["return_visit_id"], event.data["round"])
    assert survey["status"] == "open" and len(notices) == (1 if survey["sent_at"] else 0)
    notices.clear()


@consumer_settings()
@given(event=events("visits.return_visit.completed"))
def test_a_valid_completion_without_a_survey_changes_nothing(consumers, db, event):
    deliver_twice(consumers[SURVEYS_CONSUMER], event)
    assert db.surveys.count_documents({"tenant_id": event.tenant_id}) == 0


@consumer_settings()
@given(event=events("desk.survey.sampled"))
def test_a_valid_sample_gets_one_survey_per_household_or_none_once_closed(consumers, db, event):
    from datetime import UTC, datetime

    from notifications.consumers import CAMPAIGN_SURVEYS_CONSUMER
    from notifications.handlers.common import parse_time
    deliver_twice(consumers[CAMPAIGN_SURVEYS_CONSUMER], event)
    surveys = db.campaign_surveys.count_documents({"tenant_id": event.tenant_id})
    open_ = parse_time(event.data["closes_at"]).replace(microsecond=0) > datetime.now(UTC)
    assert surveys == (len(set(event.data["unit_ids"])) if open_ else 0)
    assert db.deliveries.count_documents({"tenant_id": event.tenant_id}) == surveys


@consumer_settings()
@given(event=events("desk.survey.answered"))
def test_a_valid_desk_answer_for_a_household_without_a_link_changes_nothing(consumers, db, event):
    from notifications.consumers import CAMPAIGN_SURVEYS_CONSUMER
    deliver_twice(consumers[CAMPAIGN_SURVEYS_CONSUMER], event)
    assert db.campaign_surveys.count_documents({"tenant_id": event.tenant_id}) == 0


@consumer_settings()
@given(event=events("desk.notice.published"))
def test_a_valid_published_notice_is_recorded_once_for_its_fan_out(consumers, db, event):
    deliver_twice(consumers[HOUSEHOLDS_CONSUMER], event)
    (fanout,) = db.notice_fanouts.find({"tenant_id": event.tenant_id})
    assert fanout["notice_id"] == event.data["notice_id"] and fanout["done"] is False
    assert fanout["buildings"] == ([] if event.data["all_buildings"] else event.data["buildings"])


@consumer_settings()
@given(event=events("desk.parcel.received"))
def test_a_valid_parcel_makes_one_delivery_to_its_units_household(consumers, db, event):
    deliver_twice(consumers[HOUSEHOLDS_CONSUMER], event)
    (delivery,) = db.deliveries.find({"tenant_id": event.tenant_id})
    assert delivery["recipient_key"] == "household:" + event.data["unit_id"] and delivery["topic"] == "parcel"
    assert delivery["params"]["code_sealed"] == event.data["pickup_code_sealed"]
