"""Ticketing consumes what visits', notifications' and billing's schemas allow: `visits.return_visit.completed`,
`notifications.escalation.notified` and `billing.quote.*` generated from them.
A visit for a ticket that is not awaiting its return visit (here: none exists) is a documented no-op;
the closing and reopening effects are in test_lifecycle.py, whose events the outbox checks too."""
from hypothesis import given
from hypothesis import strategies as st
from kefulib.testing.contracts import consumer_settings, deliver_twice, events
from ticketing.consumers import ESCALATIONS_CONSUMER


@consumer_settings()
@given(event=events("visits.return_visit.completed"))
def test_a_valid_return_visit_never_fails_and_changes_nothing_without_its_ticket(consumer, db, event):
    deliver_twice(consumer, event)
    assert db.tickets.count_documents({"tenant_id": event.tenant_id}) == 0
    assert db.outbox.count_documents({"tenant_id": event.tenant_id}) == 0


@consumer_settings()
@given(event=events("notifications.escalation.notified"))
def test_a_valid_escalation_record_for_no_such_ticket_changes_nothing(consumers, db, event):
    deliver_twice(consumers[ESCALATIONS_CONSUMER], event)
    assert db.tickets.count_documents({"tenant_id": event.tenant_id}) == 0
    assert db.ticket_history.count_documents({"tenant_id": event.tenant_id}) == 0


@consumer_settings()
@given(event=st.sampled_from(["billing.quote.sent", "billing.quote.accepted", "billing.quote.declined",
                              "billing.quote.revised"]).flatmap(events))
def test_a_valid_quote_event_never_fails_and_changes_nothing_without_its_ticket(quote_consumer, db, event):
    deliver_twice(quote_consumer, event)
    assert db.tickets.count_documents({"tenant_id": event.tenant_id}) == 0
    assert db.outbox.count_documents({"tenant_id": event.tenant_id}) == 0
