"""Visits consumes what its publishers' schemas allow: events generated from ticketing's and identity's
schemas (kefulib.testing.contracts), never hand-written, go through the real inbox transaction."""
from hypothesis import given
from kefulib.messaging.contracts import present_text
from kefulib.messaging.deadletters import list_dead_letters
from kefulib.testing.contracts import consumer_settings, deliver_twice, events
from visits.consumers import CUSTOMERS_CONSUMER, RETURN_VISITS_CONSUMER
from visits.domain import RETURN_VISIT_KINDS, gets_return_visit


def test_only_repairs_and_complaints_get_a_return_visit():
    assert RETURN_VISIT_KINDS == {"repair", "complaint"}
    assert [k for k in ("repair", "complaint", "inquiry", "help_request", "community_matter", "suggestion", None)
            if gets_return_visit(k)] == ["repair", "complaint"]


@consumer_settings()
@given(event=events("ticketing.ticket.created"))
def test_a_created_ticket_keeps_a_placeholder_only_when_its_kind_gets_a_return_visit(consumers, db, event):
    deliver_twice(consumers[RETURN_VISITS_CONSUMER], event)
    kept = list(db.return_visits.find({"tenant_id": event.tenant_id, "ticket_id": event.data["ticket_id"]}))
    if gets_return_visit(event.data["kind"]):
        (placeholder,) = kept
        assert (placeholder["status"], placeholder["scheduled"]) == ("pending", False)
        assert placeholder["unit_id"] == present_text(event.data["unit_id"])  # null when missing, never "unknown"
    else:
        assert kept == []  # an inquiry, help request, community matter or suggestion: documented no-op


@consumer_settings()
@given(event=events("ticketing.repair.completed") | events("ticketing.complaint.resolved"))
def test_a_done_repair_or_complaint_schedules_one_return_visit_for_its_round(consumers, db, event):
    deliver_twice(consumers[RETURN_VISITS_CONSUMER], event)
    (visit,) = db.return_visits.find({"tenant_id": event.tenant_id, "ticket_id": event.data["ticket_id"]})
    assert (visit["scheduled"], visit["round"], visit["status"]) == (True, event.data["round"], "pending")
    assert visit["unit_id"] == present_text(event.data["unit_id"])
    assert visit["due_at"] > visit["occurred_at"]


@consumer_settings()
@given(event=events("ticketing.ticket.created", kind="repair"), done=events("ticketing.repair.completed"))
def test_the_placeholder_becomes_the_scheduled_visit(consumers, db, event, done):
    done = type(done)(done.type, event.tenant_id, {**done.data, "ticket_id": event.data["ticket_id"]})
    consumer = consumers[RETURN_VISITS_CONSUMER]
    deliver_twice(consumer, event)
    deliver_twice(consumer, done)
    (visit,) = db.return_visits.find({"tenant_id": event.tenant_id, "ticket_id": event.data["ticket_id"]})
    assert (visit["scheduled"], visit["round"]) == (True, done.data["round"])


@consumer_settings()
@given(event=events("identity.customer.classified") | events("identity.unit.created"))
def test_customers_and_units_are_kept_for_interview_planning(consumers, db, event):
    deliver_twice(consumers[CUSTOMERS_CONSUMER], event)
    if event.type == "identity.customer.classified":
        (customer,) = db.customers.find({"tenant_id": event.tenant_id, "customer_id": event.data["customer_id"]})
        assert customer["classes"] == sorted(event.data["classes"])
    assert db.units.count_documents({"tenant_id": event.tenant_id, "unit_id": event.data["unit_id"]}) == 1


@consumer_settings(max_examples=3)
@given(created=events("ticketing.ticket.created"), done=events("ticketing.repair.completed"),
       resolved=events("ticketing.complaint.resolved"), unit=events("identity.unit.created"),
       classified=events("identity.customer.classified"))
def test_through_the_broker_no_valid_event_is_dead_lettered(consumers, publish, settings, created, done, resolved,
                                                             unit, classified):
    publish(created, done, resolved, unit, classified)
    assert consumers[RETURN_VISITS_CONSUMER].drain() == 3 and consumers[CUSTOMERS_CONSUMER].drain() == 2
    for name in (RETURN_VISITS_CONSUMER, CUSTOMERS_CONSUMER):
        assert list_dead_letters(settings.amqp_url, settings.topology.queue_name(name)) == []
