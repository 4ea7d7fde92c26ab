"""`make bench`: measured numbers and ratios on this machine, printed and written to bench/results.md.

- ticket creates per second over HTTP (gunicorn, 16 concurrent clients) vs the raw-driver floor
  (the same ticket + outbox transaction done directly with pymongo on the same server), with the ratio;
- p50/p99 latency of the HTTP creates and the RSS of each ticketing web process;
- the SLA breach scan over BENCH_OPEN_TICKETS (default 1,000,000) open tickets, showing its cost follows
  the breaches due, not the open tickets (bench/breach_scan.py; `python bench/run.py scan` runs only that).
No pass/fail: these are measurements.
"""
from __future__ import annotations

import os
import platform as host
import statistics
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from kefulib.messaging import Event, add_to_outbox  # noqa: E402
from kefulib.store import connect, run_in_transaction  # noqa: E402
from kefulib.testing.servers import find_or_start_mongo  # noqa: E402

from deploy.local.local_platform import SERVICES, LocalPlatform, free_ports  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
import breach_scan  # noqa: E402

CLIENTS = int(os.environ.get("BENCH_CLIENTS", "16"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "2000"))
AMQP_URL = os.environ.get("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/%2F")


def raw_driver_floor(mongo_url: str, count: int) -> float:
    db = connect(mongo_url, f"bench_raw_{uuid.uuid4().hex[:8]}")
    db.tickets.create_index([("tenant_id", 1), ("created_at", -1)])

    def one(n):
        now = datetime.now(UTC)
        ticket = {"_id": str(uuid.uuid4()), "tenant_id": "bench", "kind": "repair", "title": f"t{n}",
                  "status": "received", "created_at": now}
        event = Event("ticketing.ticket.created", "bench", {"ticket_id": ticket["_id"]})

        def work(session):
            db.tickets.insert_one(ticket, session=session)
            add_to_outbox(db, event, session)
        run_in_transaction(db, work)

    started = time.perf_counter()
    with ThreadPoolExecutor(CLIENTS) as pool:
        list(pool.map(one, range(count)))
    elapsed = time.perf_counter() - started
    db.client.drop_database(db.name)
    return count / elapsed


def http_creates(url: str, token: str, count: int) -> tuple[float, list[float]]:
    local = threading.local()
    latencies: list[float] = []
    lock = threading.Lock()

    def one(n):
        session = getattr(local, "session", None) or requests.Session()
        local.session = session
        t0 = time.perf_counter()
        response = session.post(url, json={"kind": "repair", "title": f"bench {n}"},
                                headers={"Authorization": f"Bearer {token}"}, timeout=30)
        elapsed = time.perf_counter() - t0
        assert response.status_code == 201, response.text
        with lock:
            latencies.append(elapsed)

    started = time.perf_counter()
    with ThreadPoolExecutor(CLIENTS) as pool:
        list(pool.map(one, range(count)))
    return count / (time.perf_counter() - started), latencies


def rss_mb(pid: int) -> list[float]:
    """RSS of a gunicorn master's workers (what serves requests), in MB."""
    sizes = []
    for child in Path("/proc").glob("[0-9]*"):
        try:
            status = (child / "status").read_text()
        except OSError:
            continue
        if f"\nPPid:\t{pid}\n" in status:
            kb = int(status.split("VmRSS:")[1].split()[0])
            sizes.append(round(kb / 1024, 1))
    return sizes


def scan_only() -> None:
    server = find_or_start_mongo()
    try:
        text = "\n".join(["# Breach scan", "", *breach_scan.report_lines(breach_scan.measure(server.url))]) + "\n"
    finally:
        server.stop()
    print(text)


def main() -> None:
    if sys.argv[1:] == ["scan"]:
        scan_only()
        return
    server = find_or_start_mongo()
    run_id = uuid.uuid4().hex[:8]
    local = LocalPlatform(mongo_url=server.url, amqp_url=AMQP_URL, log_dir=Path(tempfile.mkdtemp(prefix="kefu-bench-")),
                          db_prefix=f"bench_{run_id}", exchange=f"bench.{run_id}", ports=free_ports(),
                          extra_env={"LOG_LEVEL": "WARNING", "QUEUE_EXPIRES_MS": "60000"})
    results = {}
    try:
        local.start()
        creds = local.bootstrap("bench", "Bench project")["client"]
        token = requests.post(local.url("identity") + "/oauth/token", data={"grant_type": "client_credentials"},
                              auth=(creds["client_id"], creds["client_secret"]), timeout=10).json()["access_token"]
        http_creates(local.url("ticketing") + "/tickets", token, 100)  # warm-up
        results["raw_per_s"] = raw_driver_floor(server.url, REQUESTS)
        results["http_per_s"], latencies = http_creates(local.url("ticketing") + "/tickets", token, REQUESTS)
        quantiles = statistics.quantiles(latencies, n=100)
        results["p50_ms"], results["p99_ms"] = quantiles[49] * 1000, quantiles[98] * 1000
        results["rss_mb"] = rss_mb(local.processes["ticketing"].popen.pid)
    except BaseException:
        server.stop()
        raise
    finally:
        local.stop()
        from pymongo import MongoClient
        client = MongoClient(server.url)
        for service in SERVICES:
            client.drop_database(f"bench_{run_id}_{service}")
    try:
        scan_lines = breach_scan.report_lines(breach_scan.measure(server.url))
    finally:
        server.stop()

    ratio = results["http_per_s"] / results["raw_per_s"]
    machine = f"{host.system()} {host.release()}, {os.cpu_count()} cores, Python {host.python_version()}"
    lines = [
        "# Benchmark results", "",
        f"Machine: {machine}. Database: {server.engine} {server.version}. RabbitMQ at {AMQP_URL.split('@')[-1]}.",
        f"{CLIENTS} concurrent clients, {REQUESTS} creates per measurement, gunicorn with the default config.", "",
        "| measurement | value |", "|---|---|",
        f"| raw driver floor: ticket + outbox transaction via pymongo | {results['raw_per_s']:.0f} /s |",
        f"| ticket create over HTTP (POST /tickets) | {results['http_per_s']:.0f} /s |",
        f"| ratio HTTP / raw | {ratio:.2f} (raw is {1 / ratio:.2f}x HTTP) |",
        f"| HTTP latency p50 / p99 | {results['p50_ms']:.1f} ms / {results['p99_ms']:.1f} ms |",
        f"| RSS per ticketing web worker | {', '.join(f'{m} MB' for m in results['rss_mb'])} |",
        "", *scan_lines,
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    (ROOT / "bench" / "results.md").write_text(text)


if __name__ == "__main__":
    main()
