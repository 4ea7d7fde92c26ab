"""Webhooks takes every event ('#'): one of each published type, generated from its publisher's schema,
goes through the fan-out's real inbox transaction without failing, once."""
from hypothesis import given
from hypothesis import strategies as st
from kefulib.messaging import contracts
from kefulib.testing.contracts import consumer_settings, deliver_twice, events

ALL_TYPES = sorted(t for service in ("identity", "ticketing", "visits", "billing")
                   for t in contracts.published_types(service))


@consumer_settings()
@given(event=st.one_of([events(event_type) for event_type in ALL_TYPES]))
def test_every_published_event_fans_out_without_failing_and_only_once(consumer, db, event):
    deliver_twice(consumer, event)
    # No subscription in this project: nothing is queued for delivery (documented no-op).
    assert db.deliveries.count_documents({"tenant_id": event.tenant_id}) == 0
