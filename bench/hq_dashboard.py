"""The HQ dashboard at scale: its first render's data calls with 100 projects and BENCH_HQ_TICKETS tickets (default
1,000,000), and an XLSX export of BENCH_HQ_EXPORT_ROWS rows (default 100,000) through the console's export job.

Tickets are written with the raw driver in the stored shape (bench/breach_scan.Tickets), spread over the last twelve
months and 100 projects, of every kind, most resolved (with the SLA target met or missed, a return visit's
satisfaction on some, a repeat flag on some complaints), with ticketing's month roll-up made from them by the same
function every ticket write applies (and one project's rows checked against a from-scratch aggregation); billing's
journal gets a charge and a payment per project, month and a few units, and its month roll-up the same way. The
first render is what the browser asks at once (console/web/src/views/HqDashboardView.vue):
ticketing's GET /hq/reports/months for the last six months (a read of the roll-up) and billing's GET /hq/revenue, sent
together and timed until both answered. The export runs console.exports.ExportJobs.run in this process, paging
through ticketing's GET /hq/tickets with an HQ person's token into an openpyxl write-only workbook; its peak memory is
the resident set of a fresh process running it, sampled every 20 ms, above what it was just before the job.
"""
from __future__ import annotations

import multiprocessing
import os
import statistics
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import breach_scan
import requests
from billing.handlers import revenue_rollup
from billing.store import REVENUE_MONTHS
from ticketing.handlers import rollup
from ticketing.store import TICKET_MONTHS

PROJECTS = 100
SPAN = timedelta(days=365)
KINDS = ("general_repair", "urgent_repair", "complaint", "inquiry", "help_request", "community_matter",
         "owner_suggestion")
SHANGHAI = timedelta(hours=8)  # the reports' month is the project's local month (Asia/Shanghai, no DST)
REPEATS = int(os.environ.get("BENCH_HQ_RENDERS") or 5)


def _tenant(n: int) -> str:
    return f"bench-hq-{n % PROJECTS:03d}"


def seed_tickets(db, count: int) -> float:
    """The tickets, and the month roll-up they make through the same function every ticket write applies
    (handlers.rollup.contribution), so the roll-up is what the service would have kept; returns the seconds taken."""
    now = datetime.now(UTC)
    factory = breach_scan.Tickets(now)
    step = SPAN / count
    rows: dict[tuple, dict] = {}
    began = time.perf_counter()
    for offset in range(0, count, breach_scan.BATCH):
        docs = []
        for n in range(offset, min(offset + breach_scan.BATCH, count)):
            created = now - step * n
            doc = factory.make(n, created)
            kind = KINDS[n % len(KINDS)]
            due = doc["sla_targets"][0]["deadline"]
            resolved = n % 10 != 0  # one in ten still open
            doc.update({"tenant_id": _tenant(n), "bench_seed": "hq", "domain_kind": kind, "kind": kind,
                        "month": (created + SHANGHAI).strftime("%Y-%m"), "next_breach_at": None, "next_breach": None,
                        "repeat_complaint": kind == "complaint" and n % 3 == 0})
            if resolved:
                at = created + timedelta(hours=2 + n % 90)
                doc.update({"status": "closed", "resolved_at": at, "closed_at": at,
                            "sla_targets": [{"target": "fixed", "deadline": due, "met_at": at}]})
                if n % 4 == 0:
                    doc["satisfaction"] = 1 + n % 5
            elif due <= now:  # open and late: the breach scan has reported it, as it would have
                doc["sla"] = {**doc["sla"], "reported": ["fixed/1"]}
            key, counters = rollup.contribution(doc)
            row = rows.setdefault(key, dict.fromkeys(rollup.COUNTERS, 0))
            for name, value in counters.items():
                row[name] += value
            docs.append(doc)
        db.tickets.insert_many(docs, ordered=False)
    db[TICKET_MONTHS].insert_many([{"_id": rollup.row_id(*key), "tenant_id": key[0], "month": key[1], "kind": key[2],
                                    **row} for key, row in rows.items()], ordered=False)
    return time.perf_counter() - began


def check_rollup(db) -> dict:
    """One project's roll-up against a from-scratch aggregation of its tickets (handlers.rollup.from_tickets)."""
    project = _tenant(0)
    began = time.perf_counter()
    fresh = {r["_id"]: {n: r[n] for n in rollup.COUNTERS} for r in rollup.from_tickets(db, {"tenant_id": project})}
    seconds = time.perf_counter() - began
    kept = {r["_id"]: {n: r[n] for n in rollup.COUNTERS} for r in db[TICKET_MONTHS].find({"tenant_id": project})}
    assert fresh == kept, "the seeded roll-up differs from the tickets' aggregation"
    return {"rows": len(kept), "seconds": seconds}


def seed_journal(db) -> int:
    """A charge and its payment per project, month and unit (20 units): billing's journal in its stored shape."""
    today = datetime.now(UTC).date()
    docs = []
    for p in range(PROJECTS):
        for back in range(12):
            day = (today.replace(day=1) - timedelta(days=31 * back)).replace(day=10)
            for unit in range(20):
                for kind, order in (("charge", 0), ("payment", 1)):
                    docs.append({"_id": str(uuid.uuid4()), "tenant_id": _tenant(p), "kind": kind, "kind_order": order,
                                 "unit_id": f"u-{unit}", "posted_on": day.isoformat(), "month": day.strftime("%Y-%m"),
                                 "amount_fen": 5000 + 100 * unit, "document_number": f"B-{p}-{back}-{unit}-{order}",
                                 "document_id": str(uuid.uuid4()), "charge_id": None, "description": "bench",
                                 "created_at": datetime.now(UTC), "bench_seed": "hq"})
    db.ledger_entries.insert_many(docs, ordered=False)
    sums: dict[tuple, dict] = {}
    for entry in docs:  # billing's month roll-up, through the function every journal entry applies
        key, inc = revenue_rollup.contribution(entry)
        row = sums.setdefault(key, dict.fromkeys(revenue_rollup.SUMS.values(), 0))
        for name, fen in inc.items():
            row[name] += fen
    db[REVENUE_MONTHS].insert_many([{"_id": revenue_rollup.row_id(*key), "tenant_id": key[0], "month": key[1], **row}
                                    for key, row in sums.items()], ordered=False)
    return len(docs)


def _month(date, back=0):
    index = date.year * 12 + date.month - 1 - back
    return f"{index // 12}-{index % 12 + 1:02d}"


def first_render(ticketing: str, billing: str, token: str) -> dict:
    """Both calls at once, as the page sends them; the time until the slower one answered."""
    today = (datetime.now(UTC) + SHANGHAI).date()
    months = {"from": _month(today, 5), "to": _month(today)}
    period = {"from": f"{months['from']}-01", "to": today.isoformat()}
    headers = {"Authorization": f"Bearer {token}"}

    def call(url, params):
        began = time.perf_counter()
        answer = requests.get(url, params=params, headers=headers, timeout=600)
        assert answer.status_code == 200, answer.text[:300]
        return time.perf_counter() - began, answer.json()

    with ThreadPoolExecutor(2) as pool:
        began = time.perf_counter()
        tickets = pool.submit(call, ticketing + "/hq/reports/months", months)
        revenue = pool.submit(call, billing + "/hq/revenue", period)
        (t_s, report), (r_s, money) = tickets.result(), revenue.result()
        both = time.perf_counter() - began
    return {"both": both, "months": t_s, "revenue": r_s, "projects": len(report["projects"]),
            "groups": sum(len(m["kinds"]) for p in report["projects"] for m in p["months"]),
            "revenue_rows": sum(len(m["projects"]) for m in money["months"])}


def _rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


class _Sessions:
    """The one signed-in person the export runs as (the console's SessionStore, reduced to what a job reads): a
    fresh token from `sign_in` before the last one runs out, as the console's session refresh would give."""

    def __init__(self, sign_in):
        self.sign_in, self.session = sign_in, None

    def get(self, _sid):
        if self.session is None or self.session["access_expires_at"] - 120 <= time.time():
            answer = self.sign_in()
            self.session = {"access_token": answer["access_token"], "refresh_token": "",
                            "access_expires_at": time.time() + answer.get("expires_in", 900)}
        return self.session


def export(mongo_url: str, console_db_name: str, ticketing: str, sign_in, tickets: int, rows: int) -> dict:
    """Run in a fresh process (see measure), so its resident set starts from the console's imports alone."""
    from console.events import EventHub
    from console.exports import ExportJobs
    from kefulib.store import connect

    console_db = connect(mongo_url, console_db_name)
    per_project = max(tickets // PROJECTS, 1)
    projects = [f"bench-hq-{p:03d}" for p in range(min(PROJECTS, -(-rows // per_project)))]
    settings = type("Settings", (), {"service_urls": {"ticketing": ticketing}})()
    jobs = ExportJobs(console_db, settings, _Sessions(sign_in), EventHub(), Path(os.environ.get("TMPDIR", "/tmp")) /
                      f"kefu-bench-exports-{uuid.uuid4().hex[:6]}")
    job = {"_id": uuid.uuid4().hex, "person_id": "bench-hq", "tenant_id": "hq", "table": "tickets",
           "params": {"project": projects}, "status": "running", "rows": 0, "total": None,
           "created_at": datetime.now(UTC)}
    console_db[jobs.collection.name].insert_one(dict(job))
    baseline, peak, done = _rss_kb(), [0], threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], _rss_kb())
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    began = time.perf_counter()
    jobs.run(job, "bench", "Asia/Shanghai")
    seconds = time.perf_counter() - began
    done.set()
    sampler.join()
    path = jobs.path(job)
    assert job["status"] == "done", job
    result = {"rows": job["rows"], "projects": len(projects), "seconds": seconds,
              "peak_mb": (max(peak[0], _rss_kb()) - baseline) / 1024, "file_mb": path.stat().st_size / 1e6}
    path.unlink()
    return result


def measure(local, sign_in, ticketing_db, billing_db, console_db_name: str, tickets: int, rows: int) -> dict:
    """`sign_in()` answers a new HQ access token (identity's token response); it is pickled into the export's process."""
    seed_s = seed_tickets(ticketing_db, tickets)
    entries = seed_journal(billing_db)
    checked = check_rollup(ticketing_db)
    print(f"hq: seeded {tickets:,} tickets in {seed_s:.0f} s; timing the first render", file=sys.stderr, flush=True)
    ticketing, billing = local.url("ticketing"), local.url("billing")
    first_render(ticketing, billing, sign_in()["access_token"])  # warm-up; a token signed in after the seed
    renders = [first_render(ticketing, billing, sign_in()["access_token"]) for _ in range(REPEATS)]
    print(f"hq: renders {[round(r['both'], 2) for r in renders]} s; exporting {rows:,} rows", file=sys.stderr, flush=True)
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        exported = pool.apply(export, (local.mongo_url, console_db_name, ticketing, sign_in, tickets, rows))
    return {"tickets": tickets, "seed_s": seed_s, "entries": entries, "renders": renders, "export": exported,
            "checked": checked}


def report_lines(result: dict) -> list[str]:
    renders = result["renders"]

    def stat(key):
        values = [r[key] for r in renders]
        return f"{statistics.median(values) * 1000:.0f} ms / {max(values) * 1000:.0f} ms"
    e = result["export"]
    return [
        "## HQ dashboard at scale (section 10, added 2026-12-02)", "",
        f"{PROJECTS} projects, {result['tickets']:,} tickets over twelve months written with the raw driver in "
        f"{result['seed_s']:.0f} s ({result['tickets'] / result['seed_s']:,.0f} /s), {result['entries']:,} journal "
        "entries in billing. The first render sends ticketing's GET /hq/reports/months (last six months, one "
        "read of the month roll-up, one document per project, month and kind) and billing's GET /hq/revenue at once; "
        f"{REPEATS} renders after a warm-up, median / worst.", "",
        f"The month roll-up was seeded through handlers.rollup.contribution; project {_tenant(0)}'s "
        f"{result['checked']['rows']} rows equal a from-scratch aggregation of its tickets "
        f"({result['checked']['seconds']:.1f} s).", "",
        "| first render (both answered) | /hq/reports/months | /hq/revenue | projects | groups returned | revenue rows |",
        "|---|---|---|---|---|---|",
        f"| {stat('both')} | {stat('months')} | {stat('revenue')} | {renders[0]['projects']} | {renders[0]['groups']:,} "
        f"| {renders[0]['revenue_rows']:,} |", "",
        f"XLSX export of the drill-down's tickets of {e['projects']} projects through the console's export job "
        "(GET /hq/tickets by cursor, 200 a page, openpyxl write-only):", "",
        "| rows | time | rows/s | peak memory above the start (RSS) | file |", "|---|---|---|---|---|",
        f"| {e['rows']:,} | {e['seconds']:.1f} s | {e['rows'] / e['seconds']:,.0f} | {e['peak_mb']:.1f} MB "
        f"| {e['file_mb']:.1f} MB |",
    ]
