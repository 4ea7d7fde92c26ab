"""Background loops outlive outages, and a loop that dies takes its worker down loudly."""
import threading

import pytest
from kefulib.messaging import Consumer, OutboxRelay, Worker
from kefulib.messaging.consumer import database_unavailable
from pymongo import MongoClient
from pymongo.errors import AutoReconnect, DuplicateKeyError, OperationFailure


@pytest.fixture
def settings(settings_for):
    return settings_for("resilience")


def test_the_relay_keeps_retrying_while_the_database_is_unreachable(settings):
    unreachable = MongoClient("mongodb://127.0.0.1:1/?directConnection=true", serverSelectionTimeoutMS=100)
    relay = OutboxRelay(unreachable["nowhere"], settings.amqp_url, settings.topology)
    stop, died = threading.Event(), []

    def run():
        try:
            relay.run_forever(stop)
        except BaseException as exc:  # noqa: BLE001 - the point is to see whether anything escapes
            died.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    stop.wait(1.5)  # long enough for several failed attempts
    alive_during_outage = thread.is_alive()
    stop.set()
    thread.join(timeout=35)
    assert alive_during_outage and died == [] and not thread.is_alive()


def test_a_database_outage_is_not_the_events_fault():
    assert database_unavailable(AutoReconnect("connection refused"))
    transient = OperationFailure("write conflict", code=112)
    transient._error_labels = {"TransientTransactionError"}
    assert database_unavailable(transient)
    assert not database_unavailable(DuplicateKeyError("dup", code=11000))
    assert not database_unavailable(ValueError("bad data"))


class LoopThatDies:
    name = "broken"

    def run_forever(self, stop):
        raise RuntimeError("a bug in a handler loop")


def test_a_loop_that_dies_stops_its_worker_with_a_failure_status(settings):
    healthy = Consumer("healthy", MongoClient(settings.mongo_url)[settings.mongo_db], settings.amqp_url,
                       settings.topology, {"demo.thing.happened": lambda event, session: None})
    worker = Worker(consumers=[healthy, LoopThatDies()])
    assert worker.serve() == 1
    assert worker.failed == ["consumer broken"]
