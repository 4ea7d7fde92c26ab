"""Event contracts: one JSON Schema (draft 2020-12) per event type, owned by its publisher.

The schema of ``<service>.<aggregate>.<verb>`` is the file ``<service>/contracts/<type>.json``
inside the publishing service's package, so adding an event means adding that file: there is
no list to register it in. The file describes ``data``; the envelope around it is the same for
every event and is added here (docs/events.md, "Contracts").

The outbox checks every event against its schema when ``KEFU_VALIDATE_EVENTS`` is on (the
test suite turns it on), so a publisher's tests fail on any event that breaks its contract.
"""
from __future__ import annotations

import importlib.resources
import json
import os
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from .envelope import Event

VALIDATE_SETTING = "KEFU_VALIDATE_EVENTS"
CONTRACTS_DIR = "contracts"
# W3C Trace Context, version 00: version-trace id-parent id-flags in lower-case hex.
TRACEPARENT_PATTERN = r"^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$"


class ContractViolation(ValueError):
    """An event that its publisher's schema refuses, or one with no schema at all."""


def validation_enabled() -> bool:
    # Read at every call (it is one dict lookup) so a test can switch it with monkeypatch.
    return os.environ.get(VALIDATE_SETTING, "").lower() in {"1", "true", "yes", "on"}


def publisher_of(event_type: str) -> str:
    """The service that owns `event_type`: its first word (`ticketing.ticket.created` -> `ticketing`)."""
    return event_type.split(".", 1)[0]


def schema_files(package: str) -> dict[str, Any]:
    """Event type -> schema file of every contract in `package` (empty when it publishes none)."""
    try:
        folder = importlib.resources.files(package) / CONTRACTS_DIR
    except (ModuleNotFoundError, ValueError, TypeError):  # no such service, or an empty type
        return {}
    if not folder.is_dir():
        return {}
    return {entry.name.removesuffix(".json"): entry for entry in folder.iterdir() if entry.name.endswith(".json")}


def published_types(package: str) -> list[str]:
    return sorted(schema_files(package))


@cache
def data_schema(event_type: str) -> dict:
    """The publisher's schema of `data` for `event_type`, as written in its file."""
    entry = schema_files(publisher_of(event_type)).get(event_type)
    if entry is None:
        raise ContractViolation(f"{event_type} has no schema: add {publisher_of(event_type)}/{CONTRACTS_DIR}/"
                                f"{event_type}.json beside the publisher's code")
    return json.loads(entry.read_text(encoding="utf-8"))


@cache
def event_schema(event_type: str) -> dict:
    """The whole message: the common envelope with this type's `data` schema inside."""
    data = {key: value for key, value in data_schema(event_type).items() if key not in ("$schema", "$id")}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": event_type,
        "type": "object",
        "required": ["id", "type", "tenant_id", "occurred_at", "actor", "schema_version", "data"],
        "additionalProperties": False,
        "properties": {
            "id": {"type": "string", "format": "uuid"},
            "type": {"const": event_type},
            "tenant_id": {"type": "string", "minLength": 1, "maxLength": 64, "pattern": r"^\S+$"},
            "occurred_at": {"type": "string", "format": "date-time"},
            "actor": {"type": ["string", "null"], "maxLength": 200},
            # Version 1 of every event so far; a file may say otherwise with "x-schema-version".
            "schema_version": {"const": data_schema(event_type).get("x-schema-version", 1)},
            "data": data,
            # Optional: the W3C trace context of the span that wrote the event, when tracing is on (kefulib.tracing).
            "traceparent": {"type": "string", "pattern": TRACEPARENT_PATTERN},
        },
    }


@cache
def validator(event_type: str) -> Draft202012Validator:
    schema = event_schema(event_type)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def check(event: Event | dict) -> None:
    """Raise ContractViolation naming the first thing wrong with `event`, if anything is."""
    message = event.to_dict() if isinstance(event, Event) else event
    # Round-trip through JSON: what consumers receive is the JSON text, not the Python objects.
    message = json.loads(json.dumps(message, ensure_ascii=False, default=str))
    error = best_match(validator(message.get("type", "")).iter_errors(message))
    if error is not None:
        where = "/".join(str(part) for part in error.absolute_path) or "(envelope)"
        raise ContractViolation(f"{message.get('type')} breaks its schema at {where}: {error.message}")


def present_text(value: object) -> str | None:
    """The one reading of an optional text field (docs/events.md, "Missing optional fields"):
    null, absent and blank all mean "not known"; anything else is the value, stripped."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None
