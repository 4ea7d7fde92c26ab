"""identity consumes what renovation's schemas allow, generated from them, each event delivered twice through the real
inbox: for a unit identity does not know nothing is written; for a known unit the step's documents are received once,
with the event as their source."""
import pytest
from hypothesis import given
from identity.consumers import RENOVATION_CONSUMER
from identity.domain import RENOVATION_EVENT_TYPES, supplied_by
from kefulib.testing.contracts import consumer_settings, deliver_twice, events


@pytest.mark.parametrize("event_type", RENOVATION_EVENT_TYPES)
def test_a_valid_renovation_event_for_a_unit_identity_does_not_know_changes_nothing(consumers, db, event_type):
    @consumer_settings()
    @given(event=events(event_type))
    def check(event):
        deliver_twice(consumers[RENOVATION_CONSUMER], event)
        assert db.unit_documents.count_documents({"tenant_id": event.tenant_id}) == 0
    check()


@pytest.mark.parametrize("event_type", RENOVATION_EVENT_TYPES)
def test_a_valid_renovation_event_for_a_known_unit_receives_its_documents_once(consumers, db, event_type):
    @consumer_settings()
    @given(event=events(event_type))
    def check(event):
        unit_id = event.data["unit_id"]
        db.units.insert_one({"_id": f"u-{event.id}", "tenant_id": event.tenant_id, "unit_id": unit_id})
        deliver_twice(consumers[RENOVATION_CONSUMER], event)
        supplied = supplied_by(event.type, event.data)
        found = db.unit_documents.find_one({"tenant_id": event.tenant_id, "unit_id": unit_id, "kind": "renovation"})
        if not supplied.codes:  # an application that brought none of the RN papers
            assert found is None
            return
        assert sorted(found["received"]) == sorted(supplied.codes)
        assert set(supplied.conditions) <= set(found["conditions"])
        for entry in found["received"].values():
            assert entry["by"] == event.actor
            assert entry["source"] == {"event": event.type, "event_id": event.id,
                                       "application_id": event.data["application_id"]}
    check()
