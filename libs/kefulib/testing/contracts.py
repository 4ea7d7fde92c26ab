"""Hypothesis strategies built from the publishers' event schemas, for consumer tests.

Why not hypothesis-jsonschema: its latest release (0.23.1) fails on the Hypothesis that
schemathesis needs here ('many' object has no attribute 'more'), and pinning Hypothesis back
would fight schemathesis. The schemas use a small part of JSON Schema, so this module reads
exactly that part and refuses any other keyword: a schema that grows a keyword it cannot
generate fails tests/contract loudly instead of yielding events the schema would not accept.
tests/contract also checks that every generated event passes the validator itself.

Two deliberate narrowings, both things a schema cannot say: date-times fall in 2000..2100
(publishers stamp the present; year 1 or 9999 would only test datetime overflow), and
they are written the way publishers write them (Python's isoformat, or with "Z").
"""
from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, date, datetime, timedelta, timezone

from hypothesis import strategies as st

from ..messaging import Event, contracts

ANNOTATIONS = {"$schema", "$id", "title", "description", "x-schema-version"}
FIRST, LAST = datetime(2000, 1, 1), datetime(2100, 1, 1)
ZONES = st.sampled_from([UTC, timezone(timedelta(hours=8)), timezone(timedelta(hours=-5, minutes=-30))])


def _date_time() -> st.SearchStrategy[str]:
    moments = st.datetimes(min_value=FIRST, max_value=LAST, timezones=ZONES)
    written = st.sampled_from(["isoformat", "zulu"])
    return st.tuples(moments, written).map(
        lambda pair: pair[0].astimezone(UTC).isoformat().replace("+00:00", "Z") if pair[1] == "zulu"
        else pair[0].isoformat())


FORMATS = {
    "uuid": st.uuids().map(str),
    "date-time": _date_time(),
    "date": st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)).map(date.isoformat),
}
KNOWN = ANNOTATIONS | {"type", "enum", "const", "anyOf", "format", "pattern", "minLength", "maxLength", "minimum",
                       "maximum", "items", "minItems", "maxItems", "uniqueItems", "required", "properties",
                       "additionalProperties"}


def from_schema(schema: dict) -> st.SearchStrategy:
    """Values the (sub)schema accepts."""
    unknown = set(schema) - KNOWN
    if unknown:
        raise ValueError(f"kefulib.testing.contracts cannot generate for keywords {sorted(unknown)}; "
                         "extend it or keep the schema to the supported keywords")
    if "const" in schema:
        return st.just(schema["const"])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    if "anyOf" in schema:
        return st.one_of([from_schema(option) for option in schema["anyOf"]])
    types = schema.get("type")
    if isinstance(types, list):
        return st.one_of([from_schema({**schema, "type": one}) for one in types])
    if types == "null":
        return st.none()
    if types == "boolean":
        return st.booleans()
    if types == "integer":
        return st.integers(min_value=schema.get("minimum"), max_value=schema.get("maximum"))
    if types == "string":
        return _string(schema)
    if types == "array":
        return st.lists(from_schema(schema["items"]), min_size=schema.get("minItems", 0),
                        max_size=schema.get("maxItems", 5), unique_by=_canonical if schema.get("uniqueItems") else None)
    if types == "object":
        if schema.get("additionalProperties") is not False:
            raise ValueError("event schemas close their objects: set additionalProperties to false")
        properties, required = schema.get("properties", {}), set(schema.get("required", ()))
        return st.fixed_dictionaries(
            {name: from_schema(sub) for name, sub in properties.items() if name in required},
            optional={name: from_schema(sub) for name, sub in properties.items() if name not in required})
    raise ValueError(f"no type to generate in {schema}")


def _string(schema: dict) -> st.SearchStrategy[str]:
    low, high = schema.get("minLength", 0), schema.get("maxLength", 200)
    if "format" in schema:
        base = FORMATS[schema["format"]]
    elif "pattern" in schema:
        # JSON Schema patterns are ECMA-262, where "$" is the very end; Python's "$" also allows a
        # final newline, so generate with "\Z" to stay inside what every validator accepts.
        base = st.from_regex(re.sub(r"\$$", r"\\Z", schema["pattern"]))
    else:
        return st.text(min_size=low, max_size=high)
    return base.filter(lambda text: low <= len(text) <= high)


def _canonical(value) -> str:
    return json.dumps(value, sort_keys=True)


def events(event_type: str, **data_overrides) -> st.SearchStrategy[Event]:
    """Events of `event_type` its publisher's schema accepts; `data_overrides` pin some data fields
    (e.g. a ticket id the test created) and the result is checked against the schema again."""
    def build(message: dict) -> Event:
        data = {**message["data"], **data_overrides}
        # Examples share one test database and Hypothesis repeats values, while in the real world
        # every event id is new: a fresh id, and a fresh project so examples cannot meet.
        tenant = f"{message['tenant_id'][:40]}-{uuid.uuid4().hex[:12]}"
        event = Event(event_type, tenant, data, actor=message["actor"],
                      schema_version=message["schema_version"], id=str(uuid.uuid4()), occurred_at=message["occurred_at"])
        contracts.check(event)
        return event
    return from_schema(contracts.event_schema(event_type)).map(build)


#: Settings for consumer contract tests: each example is a real inbox transaction on the test
#: database, so the count is modest; KEFU_CONTRACT_EXAMPLES digs deeper. Derandomized, like the fuzz run.
def consumer_settings(max_examples: int | None = None):
    import os

    from hypothesis import HealthCheck, settings
    return settings(max_examples=max_examples or int(os.environ.get("KEFU_CONTRACT_EXAMPLES", "15")),
                    deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def deliver_twice(consumer, event: Event) -> None:
    """The consumer's real inbox path, as the broker would drive it: the first delivery takes effect
    without raising (a raise is what dead-letters), the redelivery is recognised and does nothing."""
    assert consumer.handle(event) is True, "a fresh event was taken for a repeat"
    assert consumer.handle(event) is False, "a redelivered event was applied again"
