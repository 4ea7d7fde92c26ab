"""Event contracts line up: what the code emits, the schemas beside it, docs/events.md, and what consumers bind.

The run-time half lives in the outbox: with KEFU_VALIDATE_EVENTS on (root conftest) every event
any test makes a service write is checked against its schema. These tests catch what that
cannot: a type no test happens to emit, a schema nobody emits, a schema the docs do not list.
"""
import importlib
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from kefulib.messaging import Event, add_to_outbox, contracts
from kefulib.store import run_in_transaction
from kefulib.testing.contracts import events, from_schema

ROOT = Path(__file__).resolve().parents[2]
SERVICES = sorted(path.name for path in (ROOT / "services").iterdir() if (path / path.name / "__init__.py").exists())
ALL_TYPES = sorted(t for service in SERVICES for t in contracts.published_types(service))


def emitted_in_code(service: str) -> set[str]:
    """Every `<service>.<aggregate>.<verb>` string literal in the service's package: the types it can emit
    (routing keys are always spelled out; a consumer's own queue names have two words, not three)."""
    pattern = re.compile(rf"""["']({re.escape(service)}\.[a-z_]+\.[a-z_]+)["']""")
    package = ROOT / "services" / service / service
    return {match for path in package.rglob("*.py") for match in pattern.findall(path.read_text(encoding="utf-8"))}


def documented_types() -> set[str]:
    text = (ROOT / "docs" / "events.md").read_text(encoding="utf-8")
    catalogue = text.split("## Catalogue", 1)[1]
    return set(re.findall(r"^- `([a-z_]+\.[a-z_]+\.[a-z_]+)`:", catalogue, flags=re.MULTILINE))


def test_the_catalogue_is_not_empty_and_every_service_is_scanned():
    assert {"identity", "ticketing", "visits", "billing", "webhooks"} <= set(SERVICES)
    assert len(ALL_TYPES) >= 12


@pytest.mark.parametrize("service", SERVICES)
def test_every_event_type_a_service_can_emit_has_a_schema_and_every_schema_is_emitted(service):
    emitted, schemas = emitted_in_code(service), set(contracts.published_types(service))
    assert sorted(emitted - schemas) == [], f"add {service}/{service}/contracts/<type>.json for these"
    assert sorted(schemas - emitted) == [], "schemas for events nothing in the code emits"


def test_every_schema_is_documented_in_docs_events_md_and_every_documented_event_has_a_schema():
    documented = documented_types()
    assert sorted(set(ALL_TYPES) - documented) == [], "document these in docs/events.md (Catalogue)"
    assert sorted(documented - set(ALL_TYPES)) == [], "documented events without a schema"


@pytest.mark.parametrize("event_type", ALL_TYPES)
def test_each_schema_is_valid_draft_2020_12_closes_data_and_names_its_file(event_type):
    written = contracts.data_schema(event_type)
    assert written["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert written["title"] == event_type
    assert written["type"] == "object" and written["additionalProperties"] is False
    assert set(written["required"]) <= set(written["properties"])
    Draft202012Validator.check_schema(written)
    Draft202012Validator.check_schema(contracts.event_schema(event_type))
    from_schema(written)  # refuses a keyword the generator cannot honour


def test_every_event_a_consumer_binds_has_a_publisher_schema(settings_for, mongo_client):
    unbound = []
    for service in SERVICES:
        try:
            build = importlib.import_module(f"{service}.consumers").build_consumers
        except ModuleNotFoundError:
            continue  # publishes only
        for consumer in build(mongo_client["unused"], settings_for(service)):
            unbound += [f"{consumer.name}: {key}" for key in consumer.handlers
                        if "*" not in key and "#" not in key and key not in ALL_TYPES]
    assert unbound == []


@settings(max_examples=40, deadline=None, derandomize=True, database=None)
@given(st.data())
def test_generated_events_are_accepted_by_the_validator_and_survive_the_wire(data):
    event_type = data.draw(st.sampled_from(ALL_TYPES))
    event = data.draw(events(event_type))
    contracts.check(event)
    again = Event.from_bytes(event.to_bytes())
    contracts.check(again)
    assert again == event


@settings(max_examples=10, deadline=None, derandomize=True, database=None)
@given(good=events("ticketing.ticket.created"))
def test_the_validator_refuses_what_docs_events_md_forbids(good):
    broken = [
        {**good.data, "phone": "13800000000"},  # no personal data, nothing undocumented in data
        {k: v for k, v in good.data.items() if k != "kind"},  # a required field
        {**good.data, "kind": "owner_suggestion"},  # the domain's name is not the contract's
        {**good.data, "created_at": "yesterday"},
    ]
    for data in broken:
        with pytest.raises(contracts.ContractViolation):
            contracts.check(Event(good.type, good.tenant_id, data, actor=good.actor))
    with pytest.raises(contracts.ContractViolation, match="no schema"):
        contracts.check(Event("ticketing.ticket.teleported", "p1", {}))
    with pytest.raises(contracts.ContractViolation, match="schema_version"):
        contracts.check(Event(good.type, good.tenant_id, good.data, schema_version=2))


@settings(max_examples=5, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(event=events("billing.charge.created"))
def test_the_outbox_refuses_an_off_contract_event_and_writes_nothing(mongo_db, event):
    bad = Event(event.type, event.tenant_id, {**event.data, "amount_fen": -1})
    with pytest.raises(contracts.ContractViolation, match="amount_fen"):
        run_in_transaction(mongo_db, lambda s: add_to_outbox(mongo_db, bad, s))
    assert mongo_db.outbox.count_documents({"_id": bad.id}) == 0
    run_in_transaction(mongo_db, lambda s: add_to_outbox(mongo_db, event, s))
    assert mongo_db.outbox.count_documents({"_id": event.id}) == 1
