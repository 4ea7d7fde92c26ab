"""Over REST, MongoDB and the real broker: the HQ month roll-up moves with every ticket write, in its transaction,
and equals a from-scratch aggregation of the tickets after a realistic mix of changes (intake of every kind, a
repeat complaint, a repair's life cycle with a return visit, a reopen, a re-classification, a cancellation, breaches
reported by the scan for calls taken on paper); the rebuild repairs it after a hand edit; the HQ reports
read it."""
from datetime import UTC, datetime, timedelta

from ticketing.handlers import rollup
from ticketing.handlers.sla import scan_breaches

DISPATCH = {"department": "engineering", "assignee": "tech-1"}
ONE_MINUTE = {"policy": {"help_first_response": {"minutes": 1}}}
FINISH = [("dispatch", DISPATCH), ("arrive", {}), ("start_work", {}), ("resolve", {"result": "fixed"}),
          ("customer_sign_off", {"signed_by": "Owner"})]


def _table(rows):
    return {r["_id"]: {name: r[name] for name in rollup.COUNTERS} for r in rows if r["volume"]}


def _mix(client, as_, desk, visits):
    other = as_("p2", "cs-2", "cs_assistant", "project_manager")
    assert client.put("/settings/sla", json=ONE_MINUTE, headers=as_("p2", "pm-2", "project_manager")).status_code == 200
    desk.create(kind="inquiry")
    desk.create(kind="suggestion")
    desk.create(kind="community_matter", subtype="noise")
    desk.create(kind="complaint", unit_id="1-1-101")
    repeat = desk.create(kind="complaint", unit_id="1-1-101")
    assert repeat["repeat_complaint"] is True
    repaired = desk.create(kind="repair", unit_id="1-1-102")["id"]
    for action, body in FINISH:
        desk.act(repaired, action, **body)
    visits(repaired, satisfaction=4)                                   # closed with a score
    again = desk.create(kind="repair", unit_id="1-1-103")["id"]
    for action, body in FINISH:
        desk.act(again, action, **body)
    visits(again, unhappy=True, satisfaction=2, problem_came_back=True)  # reopened with a low score
    moved = desk.create(kind="repair", unit_id="1-1-104")["id"]
    desk.post(f"/tickets/{moved}/reclassify", {"category": "urgent", "note": "water everywhere"})
    gone = desk.create(kind="inquiry")["id"]
    desk.act(gone, "cancel", note="duplicate")
    on_paper = (datetime.now(UTC) - timedelta(minutes=30)).isoformat()  # calls taken on paper, already late
    for _ in range(2):
        response = client.post("/tickets", headers=other, json={
            "kind": "help_request", "subtype": "medical_emergency", "title": "fell", "reported_at": on_paper})
        assert response.status_code == 201, response.get_json()


def test_the_roll_up_equals_a_from_scratch_aggregation_after_a_mix_of_changes(client, db, as_, desk, visits):
    _mix(client, as_, desk, visits)
    assert scan_breaches(db) > 0  # the paper calls breached long ago: the scan's writes move the roll-up too
    kept = _table(rollup.stored(db, {}))  # what a read sees: the rows plus the deltas not folded yet
    assert kept == _table(rollup.from_tickets(db))
    assert sum(r["volume"] for r in kept.values()) == db["tickets"].count_documents({})
    # The worker's fold moves every delta into the rows, once.
    assert db["ticket_month_deltas"].count_documents({}) > 0
    while rollup.fold(db, batch=7):
        pass
    assert db["ticket_month_deltas"].count_documents({}) == 0
    assert _table(db["ticket_month_rollup"].find({})) == kept
    p2 = [r for r in kept.values() if r["sla_decided"] and r["sla_met"] == 0]
    assert p2, kept  # the breached help requests count as decided, not met
    assert any(r["satisfaction_count"] == 2 and r["satisfaction_sum"] == 6 for r in kept.values()), kept
    assert any(r["repeat_complaints"] == 1 for r in kept.values()), kept


def test_the_hq_reports_read_the_roll_up_and_the_rebuild_repairs_it(client, db, as_, desk, visits):
    _mix(client, as_, desk, visits)
    scan_breaches(db)
    hq = as_("p1", "gm", "hq_general_manager", hq=True)
    month = datetime.now(UTC).astimezone(__import__("zoneinfo").ZoneInfo("Asia/Shanghai")).strftime("%Y-%m")
    before = client.get(f"/hq/reports/months?from=2020-01&to={month}", headers=hq)
    assert before.status_code == 422  # at most 24 months, as before
    first = (datetime.now(UTC) - timedelta(days=60)).astimezone(__import__("zoneinfo").ZoneInfo("Asia/Shanghai"))
    report = client.get(f"/hq/reports/months?from={first:%Y-%m}&to={month}", headers=hq).get_json()
    volumes = {(p["project"], m["month"], k["kind"]): k["volume"]
               for p in report["projects"] for m in p["months"] for k in m["kinds"]}
    assert sum(volumes.values()) == db["tickets"].count_documents({})
    assert volumes[("p1", month, "complaint")] == 2 and volumes[("p1", month, "urgent_repair")] == 1
    rows = {k["kind"]: k for p in report["projects"] if p["project"] == "p1" for m in p["months"]
            if m["month"] == month for k in m["kinds"]}
    assert rows["general_repair"]["satisfaction_average"] == 3 and rows["general_repair"]["resolved"] == 2
    assert rows["complaint"]["repeat_complaints"] == 1

    # A hand edit behind the roll-up's back (a data fix), then the repair.
    db["tickets"].update_many({"tenant_id": "p1", "domain_kind": "inquiry"}, {"$set": {"domain_kind": "help_request"}})
    assert _table(rollup.stored(db, {})) != _table(rollup.from_tickets(db))
    assert rollup.rebuild(db, ["p1"]) > 0
    assert _table(rollup.stored(db, {})) == _table(rollup.from_tickets(db))
    monthly = client.get(f"/hq/reports/monthly?month={month}&project=p1", headers=hq).get_json()
    assert {k["kind"]: k["volume"] for p in monthly["projects"] for k in p["kinds"]}["help_request"] == 2


def test_workers_folding_at_once_count_each_delta_once(client, db, as_):
    """Creates at once in one project and kind write deltas of their own (no shared row in their transactions);
    two workers folding the same deltas at the same time count each of them exactly once."""
    from concurrent.futures import ThreadPoolExecutor
    headers = as_("p1")

    def create(n):
        return client.post("/tickets", headers=headers, json={"kind": "inquiry", "title": f"call {n}"}).status_code

    with ThreadPoolExecutor(4) as pool:
        assert set(pool.map(create, range(12))) == {201}
    assert db["ticket_month_deltas"].count_documents({"tenant_id": "p1"}) == 12
    def worker(_):
        folded = 0
        while db["ticket_month_deltas"].count_documents({}):  # a batch given up to the other is left for next time
            folded += rollup.fold(db, batch=5)
        return folded

    with ThreadPoolExecutor(2) as pool:
        folded = sum(pool.map(worker, range(2)))
    assert folded == 12 and db["ticket_month_deltas"].count_documents({}) == 0
    (row,) = db["ticket_month_rollup"].find({"tenant_id": "p1"})
    assert row["volume"] == 12 and _table([row]) == _table(rollup.from_tickets(db))
