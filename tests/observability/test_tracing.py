"""Traces (issue 19): one trace id from POST /tickets through ticketing's outbox, the relay and the real RabbitMQ
to visits' consumer and its writes in visits' database; the logs carry the trace; off by default."""
import json
import logging

import pytest
from kefulib import tracing
from kefulib.logs import JsonFormatter
from kefulib.messaging import Event, OutboxRelay, add_to_outbox, direct, outbox
from kefulib.store import run_in_transaction
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind
from visits.consumers import RETURN_VISITS_CONSUMER, build_consumers


@pytest.fixture
def spans():
    exporter = InMemorySpanExporter()
    tracing.setup("tests", exporter=exporter)  # before the apps are built: their clients and requests are traced
    yield exporter
    tracing.stop()
    exporter.clear()


def test_one_trace_goes_from_post_tickets_through_the_broker_to_visits_return_visit(
        spans, build_app, settings_for, headers_for):
    ticketing = build_app("ticketing")
    visits_settings = settings_for("visits")
    visits_db = build_app("visits").extensions["kefu"].db
    consumer = {c.name: c for c in build_consumers(visits_db, visits_settings)}[RETURN_VISITS_CONSUMER]
    consumer.declare()

    response = ticketing.test_client().post("/tickets", json={"kind": "repair", "title": "厨房漏水", "unit_id": "1-3-302"},
                                            headers=headers_for("ticketing", "p1", ("cs_assistant",), hq=False))
    assert response.status_code == 201, response.get_data(as_text=True)
    ticket_id = response.get_json()["id"]
    ticketing_db = ticketing.extensions["kefu"].db
    (row,) = ticketing_db.outbox.find({"routing_key": "ticketing.ticket.created"})
    assert OutboxRelay(ticketing_db, visits_settings.amqp_url, visits_settings.topology).run_once() >= 1
    assert consumer.drain() >= 1
    assert visits_db.return_visits.find_one({"tenant_id": "p1", "ticket_id": ticket_id}) is not None

    finished = spans.get_finished_spans()
    (request,) = [s for s in finished if s.kind == SpanKind.SERVER and s.attributes.get("http.route") == "/tickets"]
    trace_id = request.context.trace_id
    # The envelope in the outbox names the request's trace (and a span inside it).
    assert row["envelope"]["traceparent"].split("-")[1] == format(trace_id, "032x")
    (publish,) = [s for s in finished if s.kind == SpanKind.PRODUCER and s.name.startswith("ticketing.ticket.created")]
    (process,) = [s for s in finished if s.kind == SpanKind.CONSUMER and RETURN_VISITS_CONSUMER in s.name]
    assert publish.context.trace_id == process.context.trace_id == trace_id
    assert publish.parent.span_id == request.context.span_id  # the envelope named the request's span
    assert process.parent.span_id == publish.context.span_id  # the AMQP header carried the producer span
    # The consumer's effect: its commands on visits' database are spans of the same trace, under the consumer.
    effect = [s for s in finished if s.context.trace_id == trace_id and s.kind == SpanKind.CLIENT
              and visits_db.name in json.dumps(dict(s.attributes), default=str)]
    assert effect and all(s.parent.span_id == process.context.span_id for s in effect)
    assert any("return_visits" in json.dumps(dict(s.attributes), default=str) for s in effect)


def test_published_on_commit_the_message_carries_the_request_span_on_too(
        spans, build_app, settings_for, headers_for, monkeypatch):
    monkeypatch.setenv(direct.SETTING, "1")  # as the platform's processes run: the request publishes its event
    try:
        ticketing = build_app("ticketing")
        visits_settings = settings_for("visits")
        visits_db = build_app("visits").extensions["kefu"].db
        consumer = {c.name: c for c in build_consumers(visits_db, visits_settings)}[RETURN_VISITS_CONSUMER]
        consumer.declare()
        response = ticketing.test_client().post("/tickets", json={"kind": "inquiry", "title": "开放时间"},
                                                headers=headers_for("ticketing", "p1", ("cs_assistant",), hq=False))
        assert response.status_code == 201
        assert direct.flush()  # the process's publishing thread, not the request, publishes and marks it
        assert ticketing.extensions["kefu"].db.outbox.find_one({})["status"] == "published"  # no relay involved
        assert consumer.drain() >= 1
    finally:
        outbox.use_publisher(None)
    finished = spans.get_finished_spans()
    (request,) = [s for s in finished if s.kind == SpanKind.SERVER]
    (publish,) = [s for s in finished if s.kind == SpanKind.PRODUCER]
    (process,) = [s for s in finished if s.kind == SpanKind.CONSUMER]
    assert publish.parent.span_id == request.context.span_id  # the envelope named the request's span
    assert process.parent.span_id == publish.context.span_id and process.context.trace_id == request.context.trace_id


def test_a_consumer_that_writes_an_event_carries_the_trace_onward(spans, mongo_db):
    parent = "00-" + "ab" * 16 + "-" + "cd" * 8 + "-01"
    event = Event("ticketing.ticket.created", "p1", {}, traceparent=parent)
    with tracing.consuming("q", event, {}):
        run_in_transaction(mongo_db, lambda s: add_to_outbox(mongo_db, Event("visits.x.y", "p1", {}), s,
                                                             contract_check=False))
    written = mongo_db.outbox.find_one({"routing_key": "visits.x.y"})["envelope"]["traceparent"]
    assert written.split("-")[1] == "ab" * 16 and written.split("-")[2] != "cd" * 8


def test_log_lines_carry_the_trace_and_span_ids_when_tracing_is_on(spans):
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "hello", None, None)
    assert "trace_id" not in json.loads(JsonFormatter("t").format(record))  # outside any span
    with tracing.consuming("q", Event("a.b.c", "p1", {}), None) as span:
        line = json.loads(JsonFormatter("t").format(record))
    assert line["trace_id"] == format(span.get_span_context().trace_id, "032x")
    assert line["span_id"] == format(span.get_span_context().span_id, "016x")


def test_off_by_default_the_envelope_and_the_message_are_as_before(mongo_db, monkeypatch):
    monkeypatch.delenv(tracing.SETTING, raising=False)
    assert tracing.setup("tests") is False and not tracing.active()
    assert tracing.current_traceparent() is None and tracing.current_ids() is None
    run_in_transaction(mongo_db, lambda s: add_to_outbox(mongo_db, Event("a.b.c", "p1", {}), s, contract_check=False))
    doc = mongo_db.outbox.find_one()
    assert "traceparent" not in doc["envelope"]
    with tracing.publishing(doc) as headers:
        assert headers == {}
    assert Event.from_bytes(json.dumps(doc["envelope"]).encode()).traceparent is None
