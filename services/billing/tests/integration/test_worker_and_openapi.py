"""The worker wires the charge consumer and relays billing's events; every endpoint is documented."""
import json

import pika

from .conftest import repair_completed
from .test_charges import publish


def test_the_worker_charges_a_completed_repair_and_relays_billing_charge_created(settings, mongo_client, billing):
    from billing.worker import build_worker

    worker = build_worker(settings)
    connection = pika.BlockingConnection(pika.URLParameters(settings.amqp_url))
    channel = connection.channel()
    listener = channel.queue_declare("", exclusive=True).method.queue
    channel.queue_bind(listener, settings.event_exchange, routing_key="billing.#")
    publish(mongo_client, settings, repair_completed("p1", "t-77"))
    assert [consumer.drain() for consumer in worker.consumers] == [1]
    assert worker.relay.run_once() == 1
    method, properties, body = channel.basic_get(listener, auto_ack=True)
    connection.close()
    worker.relay.close()
    envelope = json.loads(body)
    assert (properties.type, envelope["tenant_id"], envelope["data"]["ticket_id"]) == ("billing.charge.created", "p1",
                                                                                      "t-77")
    assert envelope["data"]["amount_fen"] == 9000


def test_every_endpoint_is_in_the_openapi_document_with_its_schemas(app):
    spec = app.test_client().get("/openapi.json").get_json()
    routes = {(rule.rule, method) for rule in app.url_map.iter_rules() for method in rule.methods - {"HEAD", "OPTIONS"}
              # /metrics is Prometheus' text format for the operator's scraper (README, "Metrics"), not the API
              if not rule.rule.startswith(("/static", "/docs", "/openapi", "/metrics"))}
    documented = {(path, method.upper()) for path, ops in spec["paths"].items() for method in ops
                  if method != "parameters"}
    as_spec = {(rule.replace("<", "{").replace(">", "}"), method) for rule, method in routes}
    assert as_spec <= documented and len(as_spec) >= 40
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            if method == "parameters":
                continue
            success = {code: r for code, r in op["responses"].items() if code.startswith("2")}
            assert success, (method, path)
            if method in ("post", "put") and path.startswith(("/quotes", "/payments", "/refunds", "/credit-notes")):
                if not path.endswith("/send"):
                    assert "requestBody" in op, (method, path)
    assert "Idempotency-Key" in json.dumps(spec["paths"]["/payments"]["post"]["parameters"])
    assert "text/csv" in spec["paths"]["/revenue.csv"]["get"]["responses"]["200"].get("content", {})
