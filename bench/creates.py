"""The create path's figures (issue 18): POST /tickets against the raw ticket + outbox transaction at 16 clients and
at one, a fixed rate before and right after a burst with the outbox's drain, CPU per ticket of every process, and a
sampled profile of where a create's time goes.

The raw transaction is the floor: the same ticket document and outbox row written through pymongo in one
transaction, no HTTP, no validation, no token. Ratios against it are taken in the same run, on the same server.
"""
from __future__ import annotations

import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

from kefulib.messaging import Event, add_to_outbox
from kefulib.store import connect, run_in_transaction
from pymongo import MongoClient
from stats import p50_p99

from deploy.local.local_platform import SERVICES


def raw_transactions(mongo_url: str, count: int, clients: int) -> tuple[float, list[float]]:
    """`count` ticket + outbox transactions from `clients` threads: (per second, each one's seconds)."""
    db = connect(mongo_url, f"bench_raw_{uuid.uuid4().hex[:8]}")
    db.tickets.create_index([("tenant_id", 1), ("created_at", -1)])

    def one(n):
        now = datetime.now(UTC)
        ticket = {"_id": str(uuid.uuid4()), "tenant_id": "bench", "kind": "repair", "title": f"t{n}",
                  "status": "received", "created_at": now}
        event = Event("ticketing.ticket.created", "bench", {"ticket_id": ticket["_id"]})

        def write(session):
            db.tickets.insert_one(ticket, session=session)
            add_to_outbox(db, event, session)
        t0 = time.perf_counter()
        run_in_transaction(db, write)
        return time.perf_counter() - t0

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        latencies = list(pool.map(one, range(count)))
    elapsed = time.perf_counter() - started
    db.client.drop_database(db.name)
    return count / elapsed, latencies


def http_creates(url: str, session_for, count: int, clients: int, keyed: bool = False) -> tuple[float, list[float]]:
    """Closed loop: `clients` threads each sending the next create when the last answered. `keyed`: every create
    sends its own Idempotency-Key, as a retrying client would."""
    def one(n):
        headers = {"Idempotency-Key": uuid.uuid4().hex} if keyed else {}
        t0 = time.perf_counter()
        response = session_for().post(url, json={"kind": "repair", "title": f"bench {n}"}, headers=headers,
                                      timeout=30)
        elapsed = time.perf_counter() - t0
        assert response.status_code == 201, response.text
        return elapsed

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        latencies = list(pool.map(one, range(count)))
    return count / (time.perf_counter() - started), latencies


def fixed_rate(url: str, session_for, rate: int, seconds: float) -> dict:
    """Request i is due at start + i/rate whatever happened before; its latency counts from that moment, so
    time spent waiting for a free client thread or a slow server is included (no coordinated omission)."""
    total = int(rate * seconds)
    start = time.perf_counter() + 0.5

    def one(i):
        due = start + i / rate
        time.sleep(max(0.0, due - time.perf_counter()))
        sent = time.perf_counter()
        status = session_for().post(url, json={"kind": "repair", "title": f"open-loop {i}"}, timeout=60).status_code
        done = time.perf_counter()
        return done - due, done - sent, sent - due, status

    with ThreadPoolExecutor(max(64, rate * 2)) as pool:
        rows = list(pool.map(one, range(total)))
    elapsed = time.perf_counter() - start
    return {"sent": total, "errors": sum(1 for row in rows if row[3] != 201), "achieved": total / elapsed,
            "from_due": p50_p99([row[0] for row in rows]), "service": p50_p99([row[1] for row in rows]),
            "max_send_lag_ms": max(row[2] for row in rows) * 1000}


def outbox_pending(local) -> int:
    """Outbox rows not yet marked published, in every service's database."""
    client = MongoClient(local.mongo_url)
    return sum(client[f"{local.db_prefix}_{svc}"]["outbox"].count_documents({"status": "pending"}) for svc in SERVICES)


def single_client(mongo_url: str, url: str, session_for, count: int) -> dict:
    """One client, one request at a time: the HTTP create's p50 against the raw transaction's."""
    raw = p50_p99(raw_transactions(mongo_url, count, 1)[1])
    http = p50_p99(http_creates(url, session_for, count, 1)[1])
    return {"count": count, "raw": raw, "http": http, "ratio": http[0] / raw[0]}


def burst_recovery(local, url: str, session_for, rate: int, seconds: float, burst_seconds: float,
                   clients: int) -> dict:
    """A fixed `rate` on the fresh platform; then `clients` closed-loop creators for `burst_seconds`; then the
    same fixed rate again at once, while the outboxes are watched until no row is pending."""
    fresh = fixed_rate(url, session_for, rate, seconds)
    stop_at, sent = time.perf_counter() + burst_seconds, Counter()

    def creator():
        while time.perf_counter() < stop_at:
            response = session_for().post(url, json={"kind": "repair", "title": "burst"}, timeout=60)
            sent[response.status_code == 201] += 1
    threads = [threading.Thread(target=creator) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    burst_end = time.perf_counter()
    pending_at_end = outbox_pending(local)
    drained: dict = {}

    def watch():
        while time.perf_counter() - burst_end < 120:
            if outbox_pending(local) == 0:
                drained["seconds"] = time.perf_counter() - burst_end
                return
            time.sleep(0.2)
    watcher = threading.Thread(target=watch)
    watcher.start()
    after = fixed_rate(url, session_for, rate, seconds)
    watcher.join()
    return {"rate": rate, "seconds": seconds, "burst_seconds": burst_seconds, "clients": clients,
            "burst_created": sent[True], "burst_errors": sent[False], "pending_at_end": pending_at_end,
            "drained_seconds": drained.get("seconds"), "fresh": fresh, "after": after,
            "p99_ratio": after["from_due"][1] / fresh["from_due"][1]}


# ---- where a create's time goes: py-spy over the ticketing web processes ---------------------------------------

REQUEST_FRAME = "full_dispatch_request"
OTHER = "other Python in the request (routing, the handler outside its transaction, the SLA clock)"


def category(stack: str) -> str:
    """What a sampled request thread was doing, from its frames (module paths and function names)."""
    database = "pymongo/" in stack
    if "commit_transaction" in stack:
        return "the commit: waiting on the database"
    if "publish_committed" in stack:  # kefulib.messaging.direct, after the commit, in the request's thread
        if "pika/" in stack:
            return "after the commit: publishing, waiting for the broker's confirm (pika)"
        if database:
            return "after the commit: marking the outbox row published"
        return "after the commit: waiting for the process's one publishing channel (its lock)"
    if "run_in_transaction" in stack:
        return ("inside the transaction: waiting on the database (reads, inserts)" if database
                else "inside the transaction: Python (the domain, building documents)")
    if database:
        return "outside the transaction: waiting on the database (settings and other reads)"
    if any(needle in stack for needle in ("authn.py", "jwt", "authlib/")):
        return "checking the bearer token"
    if any(needle in stack for needle in ("marshmallow/", "json/")):
        return "validating and serialising (marshmallow, json)"
    if any(needle in stack for needle in ("logging/", "logs.py", "prometheus_client/", "metrics.py")):
        return "logging and metrics"
    return OTHER


def categorise(raw: str) -> dict:
    """Samples of py-spy's raw (collapsed) output that are inside a Flask request, by category."""
    counts, outside = Counter(), 0
    for line in raw.splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        if REQUEST_FRAME not in stack:
            outside += int(count)
            continue
        counts[category(stack)] += int(count)
    return {"in_requests": sum(counts.values()), "outside": outside, "by_category": dict(counts.most_common())}


class Profile:
    """py-spy sampling a gunicorn master and its workers, idle threads included (a thread blocked on a socket
    read is where a create waits), stopped with SIGINT, which makes py-spy write what it has."""

    def __init__(self, pid: int):
        self.out = Path(tempfile.mkdtemp(prefix="kefu-profile-")) / "ticketing.txt"
        self.process = subprocess.Popen(
            [str(Path(sys.executable).with_name("py-spy")), "record", "--pid", str(pid), "--subprocesses", "--idle",
             "--rate", "200", "--format", "raw", "--output", str(self.out), "--nonblocking"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1.0)  # attached before the load starts

    def stop(self) -> dict:
        self.process.send_signal(signal.SIGINT)
        self.process.wait(timeout=60)
        return categorise(self.out.read_text()) if self.out.exists() else {"in_requests": 0, "outside": 0,
                                                                            "by_category": {}}
