"""Section 8 of `make bench` (`python bench/run.py fanout`): one customer notice 客户通知 fanned out to BENCH_HOUSEHOLDS
households (default 5,000; NT-3, issue 14's "all queued in under 10 s").

A project is seeded with that many units, each with a resident's phone, written straight into identity's
collections (as the tenancy section seeds tickets): 10,000 REST calls would measure identity's archive writes, not
the fan-out. A notice is then drafted, approved by the project manager and published over desk's REST API, and
the clock runs from the publish request: until every household has its delivery in notifications (the fan-out job
paging through identity's GET /hq/households 1,000 at a time, one bulk insert per page), and until every delivery
has been handed to the local, signature-checking Aliyun server (the sender). The notifications worker's RSS is
sampled meanwhile.
"""
from __future__ import annotations

import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import notices
from pymongo import MongoClient

TEMPLATES = {"SMS_NOTICE": ("sender", "title", "notice_url")}
BUILDINGS = 10


def seed_households(mongo_url: str, db_prefix: str, tenant: str, count: int) -> None:
    """`count` units over BUILDINGS buildings, each with one resident and their phone, in identity's own shape."""
    identity = MongoClient(mongo_url)[f"{db_prefix}_identity"]
    at = datetime.now(UTC)
    units, residents = [], []
    for n in range(count):
        building = str(n % BUILDINGS + 1)
        unit_id = f"{building}-{n // BUILDINGS // 20 + 1}-{n:05d}"
        units.append({"_id": str(uuid.uuid4()), "tenant_id": tenant, "unit_id": unit_id, "building": building,
                      "floor": n // BUILDINGS // 20 + 1, "room": f"{n:05d}", "floor_area": None, "created_at": at})
        residents.append({"_id": str(uuid.uuid4()), "tenant_id": tenant, "unit_id": unit_id, "superseded_at": None,
                          "members": [{"name": f"住户{n}", "phone": f"136{n:08d}"}], "created_at": at})
    identity.units.insert_many(units, ordered=False)
    identity.resident_archives.insert_many(residents, ordered=False)


def worker_rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(status.split("VmRSS:")[1].split()[0]) / 1024


def measure(local, creds: dict, tenant: str, fake, households: int, env_seconds: float = 600) -> dict:
    """Waits at most `env_seconds` after publishing for the sends; what was sent by then is reported."""
    manager = notices.manager_session(local, creds, tenant)
    clerk = notices.manager_session(local, creds, tenant, role="cs_assistant")
    settings = manager.put(local.url("notifications") + "/settings/messages", json={
        "sender_name": notices.SIGN, "quiet_hours": {"start": "00:00", "end": "00:00"},
        "provider_templates": {"sms": {"notice": "SMS_NOTICE"}}})
    assert settings.status_code == 200, settings.text
    seed_households(local.mongo_url, local.db_prefix, tenant, households)
    desk = local.url("desk")
    drafted = clerk.post(desk + "/notices", json={"title": "小区停水通知", "body": "12月5日9:00–17:00全小区停水。",
                                                  "category": "outage", "audience": "all"}, timeout=30)
    assert drafted.status_code == 201, drafted.text
    notice = f"{desk}/notices/{drafted.json()['id']}"
    for session, action in ((clerk, "submit"), (manager, "approve")):
        assert session.post(f"{notice}/{action}", json={}, timeout=30).status_code == 200

    # The fan-out's own record says when its last page is written: counting the deliveries instead scans them all
    # on the embedded server, and polling that count ten times a second was most of the database's load.
    fanouts = MongoClient(local.mongo_url)[f"{local.db_prefix}_notifications"].notice_fanouts
    pid = local.processes["notifications-worker"].popen.pid
    rss, done = [worker_rss_mb(pid)], threading.Event()

    def sample() -> None:
        while not done.wait(0.5):
            rss.append(worker_rss_mb(pid))

    sampler = threading.Thread(target=sample, daemon=True)
    already = len(fake.received)
    start = time.perf_counter()
    sampler.start()
    assert clerk.post(f"{notice}/publish", json={}, timeout=30).status_code == 200
    created_s = sent_s = float("nan")
    deadline = time.monotonic() + env_seconds
    while time.monotonic() < deadline:
        if created_s != created_s and fanouts.find_one({"notice_id": drafted.json()["id"], "done": True}):
            created_s = time.perf_counter() - start
        if len(fake.received) - already >= households:
            sent_s = time.perf_counter() - start
            break
        time.sleep(0.2)
    waited_s = time.perf_counter() - start
    done.set()
    sampler.join()
    # From desk's own database: the people's tokens have expired by now on a slow machine.
    desk_db = MongoClient(local.mongo_url)[f"{local.db_prefix}_desk"]
    shown = (desk_db.notices.find_one({"_id": drafted.json()["id"]}) or {}).get("counts")
    result = {"households": households, "created_s": created_s, "sent_s": sent_s, "waited_s": waited_s,
              "sent": len(fake.received) - already, "rss_start": rss[0], "rss_peak": max(rss), "counts": shown}
    print(result, flush=True)  # the raw numbers, whatever happens to the report after
    return result


def report_lines(result: dict) -> list[str]:
    n = result["households"]
    return ["## One notice to every household", "",
            f"A notice published over desk's REST API to all {n:,} households of a project (each with its own "
            "phone); notifications pages through identity's households and writes the deliveries in bulk, then its "
            "sender hands each SMS to the local Aliyun server.", "",
            "| measurement | value |", "|---|---|",
            f"| publish → all {n:,} deliveries created | {result['created_s']:.1f} s "
            f"({n / result['created_s']:,.0f} deliveries/s) |",
            "| publish → all sent to the provider | " + (f"{result['sent_s']:.1f} s |" if result["sent_s"] == result[
                "sent_s"] else f"not all within {result['waited_s']:.0f} s |"),
            f"| messages sent per second over the wait | {result['sent'] / result['waited_s']:,.1f} |",
            f"| messages accepted by the provider / households | {result['sent']:,} / {n:,} |",
            f"| notifications worker RSS at start / peak | {result['rss_start']:.0f} MB / {result['rss_peak']:.0f} MB |",
            f"| desk's counts a moment after | {result['counts']} |", ""]
