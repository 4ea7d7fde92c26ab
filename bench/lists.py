"""Lists that stay fast as a project grows: GET /tickets for projects holding 10,000 and 50,000 tickets.

Tickets are written with the raw driver in the stored shape (bench/breach_scan.Tickets), spread evenly over
the last two years as a real project's history is (about 14 a day for 10,000), 2 % of them still open.
Timed over HTTP, sequentially, for each project: the first page (50, newest first, no total: what a list
screen asks), the 20th page reached by following `next_cursor`, the board's open tickets (`open=true`, 200 a
page) and one unit's tickets. Beside them, the same first page read the old way (`find().sort().limit(50)` on
the whole project, through pymongo), to show what the time windows save on this server.
"""
from __future__ import annotations

import os
import statistics
import time
from datetime import UTC, datetime, timedelta

import breach_scan
import requests

SIZES = tuple(int(n) for n in os.environ.get("BENCH_LIST_SIZES", "10000,50000").split(","))
SPAN = timedelta(days=730)
OPEN_SHARE = 50  # one ticket in 50 is open
REQUESTS = 100


def _p50_p99(seconds: list[float]) -> tuple[float, float]:
    ordered = sorted(seconds)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def seed(db, tenant: str, count: int) -> None:
    now = datetime.now(UTC)
    factory = breach_scan.Tickets(now)
    step = SPAN / count
    for offset in range(0, count, breach_scan.BATCH):
        docs = []
        for n in range(offset, min(offset + breach_scan.BATCH, count)):
            doc = factory.make(n, now - step * n)
            # No breach due: the worker's SLA scan would otherwise escalate the old open ones during the run.
            doc.update({"tenant_id": tenant, "bench_seed": tenant, "unit_id": f"u-{n % 800}",
                        "next_breach_at": None, "next_breach": None})
            if n % OPEN_SHARE:
                doc["status"] = "closed"
            docs.append(doc)
        db.tickets.insert_many(docs, ordered=False)


def _timed(session: requests.Session, url: str, params: dict) -> tuple[float, dict]:
    began = time.perf_counter()
    response = session.get(url, params=params, timeout=60)
    elapsed = time.perf_counter() - began
    assert response.status_code == 200, response.text
    return elapsed, response.json()


def _twentieth_page(session, url) -> float:
    """Time to fetch page 20 given the cursor of page 19 (the walk up to it is not timed)."""
    cursor = None
    for _ in range(19):
        cursor = _timed(session, url, {"page_size": 50, **({"cursor": cursor} if cursor else {})})[1]["next_cursor"]
    return _timed(session, url, {"page_size": 50, "cursor": cursor})[0]


def measure(ticketing_url: str, session_for, db) -> list[dict]:
    """`session_for(tenant)` gives a signed-in session for that tenant; `db` is ticketing's database."""
    url, rows = ticketing_url + "/tickets", []
    for count in SIZES:
        tenant = f"bench-list-{count // 1000}k"
        seed(db, tenant, count)
        session = session_for(tenant)
        queries = {"first page": {"page_size": 50}, "open tickets (board)": {"open": "true", "page_size": 200},
                   "one unit": {"unit_id": "u-7", "page_size": 50}}
        for _ in range(5):  # warm-up
            _timed(session, url, queries["first page"])
        row = {"tickets": count, "tenant": tenant}
        for name, params in queries.items():
            row[name] = _p50_p99([_timed(session, url, params)[0] for _ in range(REQUESTS)])
        row["page 20 by cursor"] = _p50_p99([_twentieth_page(session, url) for _ in range(max(REQUESTS // 10, 3))])
        old = []
        for _ in range(max(REQUESTS // 10, 3)):
            began = time.perf_counter()
            list(db.tickets.find({"tenant_id": tenant}).sort("created_at", -1).limit(50))
            old.append(time.perf_counter() - began)
        row["old way (sort the whole project, pymongo)"] = _p50_p99(old)
        rows.append(row)
        db.tickets.delete_many({"bench_seed": tenant})
    return rows


MEASURES = ("first page", "page 20 by cursor", "open tickets (board)", "one unit", "old way (sort the whole project, pymongo)")


def report_lines(rows: list[dict]) -> list[str]:
    def ms(pair):
        return f"{pair[0] * 1000:.1f} ms / {pair[1] * 1000:.1f} ms"
    lines = ["## Lists that stay fast", "",
             "One project's tickets spread over two years, 2 % open, written with the raw driver; "
             f"{REQUESTS} sequential GET /tickets each (page 20: {max(REQUESTS // 10, 3)} walks). p50 / p99.", "",
             "| tickets in the project | " + " | ".join(MEASURES) + " |", "|---|" + "---|" * len(MEASURES)]
    lines += [f"| {row['tickets']:,} | " + " | ".join(ms(row[name]) for name in MEASURES) + " |" for row in rows]
    return lines
