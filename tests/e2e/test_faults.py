"""Faults while the platform works: a worker killed mid-stream, MongoDB crashed and restarted,
RabbitMQ stopped (see test_walking_skeleton). Afterwards every accepted ticket exists and its
event had exactly one effect in visits. Each test adds a row to the fault report."""
import signal
import subprocess
import threading
import time

import pytest
import requests
from kefulib.testing.fixtures import mongo_server


@pytest.fixture(scope="module")
def demo(sign_in, credentials):
    return sign_in(credentials["client"]["client_id"], credentials["client"]["client_secret"])


def placeholders(platform, session, ticket_ids):
    """The ticket ids of every return visit made for `ticket_ids`, read page by page."""
    wanted, found, page = set(ticket_ids), [], 1
    while True:
        body = session.get(platform.url("visits") + "/return-visits", params={"page_size": 200, "page": page}).json()
        found += [v["ticket_id"] for v in body["items"] if v["ticket_id"] in wanted]
        if page * body["page_size"] >= body["total"]:
            return found
        page += 1


def settle(platform, session, ticket_ids, timeout=90):
    deadline = time.monotonic() + timeout
    seen = placeholders(platform, session, ticket_ids)
    while len(set(seen)) < len(ticket_ids) and time.monotonic() < deadline:
        time.sleep(0.5)
        seen = placeholders(platform, session, ticket_ids)
    time.sleep(1.0)  # let any duplicate that was still in flight show itself
    return placeholders(platform, session, ticket_ids)


def exited_processes(platform) -> dict[str, str]:
    """Processes that died during a fault, with the end of their logs: a worker must ride an outage out."""
    return {name: process.log_tail(15) for name, process in platform.processes.items() if process.popen.poll() is not None}


def record(report, fault, accepted, seen, ticket_ids):
    lost = len(set(ticket_ids) - set(seen))
    duplicated = len(seen) - len(set(seen))
    report.append({"fault": fault, "accepted": len(accepted), "delivered": len(set(seen)), "lost": lost,
                   "duplicated": duplicated, "outcome": "ok" if lost == duplicated == 0 else "FAILED"})
    return lost, duplicated


def create(platform, session, title):
    try:
        response = session.post(platform.url("ticketing") + "/tickets", json={"kind": "repair", "title": title},
                                timeout=15)
    except requests.RequestException:
        return None
    return response.json()["id"] if response.status_code == 201 else None


def test_killing_the_consuming_worker_mid_stream_loses_and_duplicates_nothing(platform, demo, fault_report):
    accepted = [create(platform, demo, f"before kill {n}") for n in range(10)]
    platform.processes["visits-worker"].stop(sig=signal.SIGKILL)
    accepted += [create(platform, demo, f"while worker dead {n}") for n in range(10)]
    platform.start_worker("visits")
    accepted += [create(platform, demo, f"after restart {n}") for n in range(10)]
    assert None not in accepted
    seen = settle(platform, demo, accepted)
    assert record(fault_report, "visits worker SIGKILL mid-stream, restarted", accepted, seen, accepted) == (0, 0)


def test_killing_the_relaying_worker_loses_and_duplicates_nothing(platform, demo, fault_report):
    platform.processes["ticketing-worker"].stop(sig=signal.SIGKILL)
    accepted = [create(platform, demo, f"relay dead {n}") for n in range(15)]
    platform.start_worker("ticketing")
    seen = settle(platform, demo, accepted)
    assert record(fault_report, "ticketing worker (outbox relay) SIGKILL, restarted", accepted, seen, accepted) == (0, 0)


def create_around_a_database_restart(platform, session, hard: bool) -> list[str]:
    server = mongo_server()
    if not server.can_crash:
        pytest.skip("MongoDB is external (MONGO_URL): this run cannot restart it")
    accepted, stop = [], threading.Event()

    def keep_creating():
        n = 0
        while not stop.is_set():
            ticket_id = create(platform, session, f"around restart {n}")
            if ticket_id:
                accepted.append(ticket_id)
            n += 1

    writer = threading.Thread(target=keep_creating)
    writer.start()
    time.sleep(1.5)
    server.crash_and_restart(down_seconds=2.0, hard=hard)
    time.sleep(2.0)
    stop.set()
    writer.join()
    assert accepted, "no ticket was accepted around the restart"
    return accepted


def check_nothing_lost(platform, session, accepted, fault, report):
    seen = settle(platform, session, accepted)
    lost, duplicated = record(report, fault, accepted, seen, accepted)
    missing = [t for t in accepted if session.get(platform.url("ticketing") + f"/tickets/{t}").status_code != 200]
    assert (missing, lost, duplicated) == ([], 0, 0)


def test_a_mongodb_restart_loses_no_acknowledged_ticket_or_event(platform, demo, fault_report):
    accepted = create_around_a_database_restart(platform, demo, hard=False)
    assert exited_processes(platform) == {}
    check_nothing_lost(platform, demo, accepted, "MongoDB shut down and restarted while tickets are created",
                       fault_report)


def test_stopping_rabbitmq_mid_stream_loses_and_duplicates_nothing(platform, demo, fault_report):
    accepted = [create(platform, demo, f"before broker stop {n}") for n in range(5)]
    subprocess.run(["rabbitmqctl", "stop_app"], check=True, capture_output=True, timeout=120)
    try:
        accepted += [create(platform, demo, f"broker down {n}") for n in range(10)]
    finally:
        subprocess.run(["rabbitmqctl", "start_app"], check=True, capture_output=True, timeout=120)
        subprocess.run(["rabbitmqctl", "await_startup"], capture_output=True, timeout=120)
    accepted += [create(platform, demo, f"after broker start {n}") for n in range(5)]
    assert None not in accepted
    seen = settle(platform, demo, accepted)
    assert exited_processes(platform) == {}
    assert record(fault_report, "RabbitMQ stopped and started while tickets are created", accepted, seen, accepted) == (0, 0)


# Last in the module: what a kill -9 loses on this engine must not spill into the other faults.
@pytest.mark.xfail(reason="SecantusDB acknowledges a committed transaction before it is durable: kill -9 loses the "
                          "last few (reproduced without our code; MongoDB with j:true does not). See README.",
                   strict=False)
def test_a_mongodb_kill_9_loses_no_acknowledged_ticket_or_event(platform, demo, fault_report):
    accepted = create_around_a_database_restart(platform, demo, hard=True)
    check_nothing_lost(platform, demo, accepted, "MongoDB kill -9 and restart while tickets are created", fault_report)
