"""The event envelope every service publishes and consumes."""
from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime


class MalformedEvent(ValueError):
    """A message that is not an event envelope: it can never succeed, so it is dead-lettered."""


@dataclass(frozen=True)
class Event:
    """`type` is also the routing key: `<service>.<aggregate>.<past-tense verb>`."""

    type: str
    tenant_id: str
    data: dict
    actor: str | None = None
    schema_version: int = 1
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    occurred_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat())
    # The W3C trace context of the span that wrote the event (kefulib.tracing); absent when tracing is off.
    traceparent: str | None = None

    def to_dict(self) -> dict:
        envelope = asdict(self)
        if envelope["traceparent"] is None:
            del envelope["traceparent"]
        return envelope

    def to_bytes(self) -> bytes:
        return json.dumps(self.to_dict(), ensure_ascii=False, default=str).encode()

    @classmethod
    def from_bytes(cls, body: bytes) -> Event:
        try:
            raw = json.loads(body)
            return cls(
                type=raw["type"], tenant_id=raw["tenant_id"], data=raw["data"], actor=raw.get("actor"),
                schema_version=int(raw.get("schema_version", 1)), id=raw["id"], occurred_at=raw["occurred_at"],
                traceparent=raw.get("traceparent") if isinstance(raw.get("traceparent"), str) else None,
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise MalformedEvent(f"not an event envelope: {exc}") from exc
