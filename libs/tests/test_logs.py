"""Log lines are JSON with fields that each mean one thing (a queue is never logged as an HTTP status)."""
import json
import logging

from kefulib.logs import JsonFormatter


def line(**extra) -> dict:
    record = logging.LogRecord("kefulib.messaging.consumer", logging.ERROR, __file__, 1, "event dead-lettered", (), None)
    for key, value in extra.items():
        setattr(record, key, value)
    return json.loads(JsonFormatter("billing-worker").format(record))


def test_a_dead_lettered_event_is_logged_with_its_id_type_and_queue():
    logged = line(queue="kefu.events.billing.charges", event_id="e-1", event_type="ticketing.repair.completed")
    assert {k: logged[k] for k in ("service", "msg", "queue", "event_id", "event_type")} == {
        "service": "billing-worker", "msg": "event dead-lettered", "queue": "kefu.events.billing.charges",
        "event_id": "e-1", "event_type": "ticketing.repair.completed"}
    assert "status" not in logged


def test_unknown_extra_keys_stay_out_of_the_line():
    assert "password" not in line(password="hunter2", status=500) and line(status=500)["status"] == 500
