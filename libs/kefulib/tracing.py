"""OpenTelemetry traces: one trace from an HTTP request through the outbox and the broker to every consumer.

Off by default. `OTEL_ENABLED=1` turns it on for a process (the standard `OTEL_SDK_DISABLED=true` wins over it);
the spans go over OTLP/HTTP to `OTEL_EXPORTER_OTLP_ENDPOINT` (default http://localhost:4318, the collector in
docker-compose.yml's `tracing` profile), named by `OTEL_SERVICE_NAME` or the service's name. When off, nothing
is instrumented and every helper here returns after one flag check.

The context travels with the event, not with the process: `add_to_outbox` stores the W3C `traceparent` of the
span that wrote the event (the request's, or the consumer's that reacted to another event) in the envelope; the
relay or the publish-on-commit path opens a producer span under it and sends that span's `traceparent` as an
AMQP header; the consumer opens its span as a child of the header (of the envelope when a message has no header,
e.g. a replayed dead letter). flask requests and pymongo commands are instrumented; pika is not: the producer
and consumer spans here stand for it.
"""
from __future__ import annotations

import os
from contextlib import contextmanager, nullcontext

SETTING = "OTEL_ENABLED"
TRACEPARENT = "traceparent"

_active = False
_provider = None


def enabled() -> bool:
    """What the environment asks for (read at set-up; `active()` says what the process does)."""
    if os.environ.get("OTEL_SDK_DISABLED", "").strip().lower() == "true":
        return False
    return os.environ.get(SETTING, "").strip().lower() in ("1", "true", "yes", "on")


def active() -> bool:
    return _active


def setup(service_name: str, *, exporter=None) -> bool:
    """Turn tracing on for this process when the environment asks for it (or a test passes `exporter`,
    e.g. the SDK's InMemorySpanExporter, which is then exported to synchronously). Idempotent."""
    global _active, _provider
    if exporter is None and not enabled():
        return False
    from opentelemetry import trace
    from opentelemetry.instrumentation.pymongo import PymongoInstrumentor
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor

    if _provider is None:
        resource = Resource.create({"service.name": os.environ.get("OTEL_SERVICE_NAME") or service_name})
        _provider = TracerProvider(resource=resource)
        trace.set_tracer_provider(_provider)
        if exporter is None:
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
            _provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    if exporter is not None:
        _provider.add_span_processor(SimpleSpanProcessor(exporter))
    if not _active:
        PymongoInstrumentor().instrument(tracer_provider=_provider)  # clients made from now on are traced
        _active = True
    return True


def stop() -> None:
    """Stop tracing in this process (tests that turned it on turn it off again); spans already ended are kept."""
    global _active
    if _active:
        from opentelemetry.instrumentation.pymongo import PymongoInstrumentor
        PymongoInstrumentor().uninstrument()
        _active = False


def instrument_app(app) -> None:
    """A server span per request (probes excluded), when tracing is on."""
    if _active:
        from opentelemetry.instrumentation.flask import FlaskInstrumentor
        FlaskInstrumentor().instrument_app(app, tracer_provider=_provider, excluded_urls="livez,readyz,metrics")


def _tracer():
    return _provider.get_tracer("kefulib")


def current_traceparent() -> str | None:
    """The W3C traceparent of the current span, or None (tracing off, or no span)."""
    if not _active:
        return None
    from opentelemetry.propagate import inject
    carrier: dict[str, str] = {}
    inject(carrier)
    return carrier.get(TRACEPARENT)


def current_ids() -> tuple[str, str] | None:
    """(trace id, span id) in hex of the current span, for the logs; None when off or outside a span."""
    if not _active:
        return None
    from opentelemetry import trace
    context = trace.get_current_span().get_span_context()
    if not context.is_valid:
        return None
    return format(context.trace_id, "032x"), format(context.span_id, "016x")


def _parent(traceparent: str | None):
    from opentelemetry.propagate import extract
    return extract({TRACEPARENT: traceparent} if traceparent else {})


@contextmanager
def publishing(doc: dict):
    """Around a publish of an outbox row: a producer span under the envelope's traceparent; yields the AMQP
    headers that carry the producer span on (empty when off or when the event carries no trace)."""
    traceparent = doc["envelope"].get(TRACEPARENT) if _active else None
    if traceparent is None:
        yield {}
        return
    from opentelemetry.trace import SpanKind
    with _tracer().start_as_current_span(f"{doc['routing_key']} publish", context=_parent(traceparent),
                                         kind=SpanKind.PRODUCER, attributes=_message_attributes(
                                             doc["_id"], doc["routing_key"], doc.get("tenant_id"))):
        yield {TRACEPARENT: current_traceparent()}


def consuming(queue: str, event, headers: dict | None):
    """Around a consumer's handling of one event: a consumer span, a child of the message's traceparent
    header (else the envelope's), a new trace when the message carries none."""
    if not _active:
        return nullcontext()
    from opentelemetry.trace import SpanKind
    traceparent = (headers or {}).get(TRACEPARENT) or event.traceparent
    return _tracer().start_as_current_span(
        f"{queue} process", context=_parent(traceparent), kind=SpanKind.CONSUMER,
        attributes={**_message_attributes(event.id, event.type, event.tenant_id), "messaging.destination.name": queue})


def _message_attributes(event_id, event_type, tenant_id) -> dict:
    return {"messaging.system": "rabbitmq", "messaging.message.id": str(event_id),
            "messaging.rabbitmq.destination.routing_key": str(event_type), "kefu.tenant_id": str(tenant_id)}
