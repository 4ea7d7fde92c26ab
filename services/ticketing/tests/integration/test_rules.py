"""Complaint approvals (TK-8/TK-9), SLA breaches and escalation (TK-4), settings, disputes and
clutter (TK-11), duty hand-over (TK-12) and monthly reports (TK-13), over REST and MongoDB."""
from datetime import UTC, datetime, timedelta

from ticketing.handlers.sla import scan_breaches

DISPATCH = {"department": "engineering", "assignee": "tech-1"}
# A correction deadline still ahead whatever the day the tests run (a fixed date became overdue on 2026-12-05).
IN_A_WEEK = (datetime.now(UTC) + timedelta(days=7)).isoformat()


def test_a_600_yuan_loss_is_refused_to_the_project_manager_and_approved_by_hq_management_representative(
        desk, client, as_, visits, events):
    tid = desk.create(kind="complaint", unit_id="7-1-701", title="Ceiling stained by our painters")["id"]
    apology_only = client.put(f"/tickets/{tid}/complaint/analysis", headers=desk.headers, json={
        "cause": "staff_caused_loss", "outcome": "explanation_suffices", "loss_fen": 60_000})
    assert apology_only.status_code == 409 and "HQ" in apology_only.get_json()["detail"]
    desk.post(f"/tickets/{tid}/complaint/analysis", {"cause": "staff_caused_loss", "outcome": "non_conformance",
                                                     "loss_fen": 60_000}, method="put")
    record = desk.post(f"/tickets/{tid}/complaint/non-conformance", {
        "corrective_action": "repaint the ceiling", "corrective_deadline": IN_A_WEEK}, expect=201)
    assert record["approver"] == "hq_management_representative" and record["status"] == "awaiting_approval"
    manager = client.post(f"/non-conformance/{record['id']}/approve", headers=as_("p1", "pm-1", "project_manager"))
    assert manager.status_code == 403
    assert "hq management representative" in manager.get_json()["detail"] and "60000" in manager.get_json()["detail"]
    assert "corrective action" in desk.act(tid, "resolve", result="repainted", expect=409)["detail"]
    hq = as_("hq", "mr-1", "hq_management_representative", hq=True)
    approved = client.post(f"/non-conformance/{record['id']}/approve?project=p1", headers=hq)
    assert approved.status_code == 200 and approved.get_json()["approved_by"] == "mr-1"
    assert client.post(f"/non-conformance/{record['id']}/approve?project=p1", headers=hq).status_code == 409
    assert "closes only after" in desk.post(f"/non-conformance/{record['id']}/close", {"result": "x"}, 409)["detail"]
    desk.post(f"/non-conformance/{record['id']}/correction", {"note": "ceiling repainted"})
    desk.act(tid, "resolve", result="ceiling repainted at our cost")
    (resolved,) = events("ticketing.complaint.resolved")
    assert resolved["data"]["non_conformance_id"] == record["id"]
    assert "follows" in desk.post(f"/non-conformance/{record['id']}/capa-report",
                                  {"corrective": "a", "preventive": "b"}, 409)["detail"]
    closed = desk.post(f"/non-conformance/{record['id']}/close", {"result": "owner satisfied"})
    assert closed["capa_report_required"] is True
    assistant = client.post(f"/non-conformance/{record['id']}/capa-report", headers=as_("p1", "cs-9", "cs_assistant"),
                            json={"corrective": "a", "preventive": "b"})
    assert assistant.status_code == 403
    filed = desk.post(f"/non-conformance/{record['id']}/capa-report",
                      {"corrective": "cover furniture", "preventive": "painting checklist"})
    assert filed["status"] == "capa_filed" and filed["capa_report_required"] is False
    visits(tid)
    assert desk.get(f"/tickets/{tid}")["status"] == "closed"


def test_a_400_yuan_loss_is_approved_by_the_project_manager(desk, client, as_):
    tid = desk.create(kind="complaint")["id"]
    desk.post(f"/tickets/{tid}/complaint/analysis", {"cause": "staff_caused_loss", "outcome": "non_conformance",
                                                     "loss_fen": 40_000}, method="put")
    record = desk.post(f"/tickets/{tid}/complaint/non-conformance", {
        "corrective_action": "compensate", "corrective_deadline": IN_A_WEEK}, expect=201)
    assert record["approver"] == "project_manager"
    approved = client.post(f"/non-conformance/{record['id']}/approve", headers=as_("p1", "pm-1", "project_manager"))
    assert approved.status_code == 200
    overdue = client.get("/non-conformance?overdue=true", headers=desk.headers).get_json()
    assert overdue["total"] == 0


def test_the_sla_scan_reports_each_breach_once_and_climbs_the_escalation_ladder(desk, db, events):
    ticket = desk.create(kind="repair", category="urgent")
    created = datetime.fromisoformat(ticket["created_at"])
    desk.create(kind="repair", category="general")  # due in 72 h: not touched by these scans
    assert scan_breaches(db, created + timedelta(minutes=30)) == 0
    assert scan_breaches(db, created + timedelta(hours=2, minutes=1)) == 1
    assert scan_breaches(db, created + timedelta(hours=2, minutes=1)) == 0
    assert scan_breaches(db, created + timedelta(hours=6, minutes=1)) == 2
    breached = events("ticketing.sla.breached")
    assert [(e["data"]["deadline"], e["data"]["escalation_level"], e["data"]["escalated_to"]) for e in breached] == [
        ("on_site", 1, "engineering_supervisor"), ("on_site", 2, "project_manager"), ("on_site", 3, "hq")]
    assert all(e["data"]["ticket_id"] == ticket["id"] and e["tenant_id"] == "p1" for e in breached)
    view = desk.get(f"/tickets/{ticket['id']}")
    assert [b["key"] for b in view["breaches"]] == ["on_site/1", "on_site/2", "on_site/3"]
    assert view["next_breach"]["key"] == "fixed/1"
    assert desk.get("/tickets?breached=true")["total"] == 1
    desk.act(ticket["id"], "cancel", note="owner fixed it himself")
    assert db.tickets.count_documents({"_id": ticket["id"], "next_breach_at": {"$exists": True}}) == 0
    assert scan_breaches(db, created + timedelta(days=30)) == 3  # only the general repair's three levels


def test_two_scanners_at_once_still_report_a_breach_once(desk, db, events):
    from concurrent.futures import ThreadPoolExecutor
    created = datetime.fromisoformat(desk.create(kind="repair", category="urgent")["created_at"])
    at = created + timedelta(hours=3)
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(lambda _: scan_breaches(db, at), range(2)))
    assert len(events("ticketing.sla.breached")) == 1


def test_a_paused_repair_stops_its_fix_clock_until_it_resumes(desk, db):
    tid = desk.create(kind="repair")["id"]
    desk.act(tid, "dispatch", **DISPATCH)
    desk.act(tid, "arrive")
    paused = desk.act(tid, "pause_for_parts", note="waiting for a valve")
    assert paused["deadlines"]["fixed"] is None and paused["next_breach"] is None
    resumed = desk.act(tid, "resume")
    assert resumed["deadlines"]["fixed"] is not None and resumed["next_breach"]["key"] == "fixed/1"


def test_project_settings_change_the_deadlines_of_new_tickets_only(desk, client, as_):
    before = desk.create(kind="repair")
    current = desk.get("/settings/sla")
    assert current["policy"]["general_fixed"] == {"minutes": 4320, "clock": "24x7"}
    bad = client.put("/settings/sla", headers=desk.headers, json={"policy": {"general_fixed": {"minutes": 0}}})
    assert bad.status_code == 422 and "policy.general_fixed.minutes" in bad.get_json()["errors"]
    refused = client.put("/settings/sla", headers=as_("p1", "cs-1", "cs_assistant"),
                         json={"policy": {"general_fixed": {"minutes": 1440}}})
    assert refused.status_code == 403
    saved = desk.post("/settings/sla", {"policy": {"general_fixed": {"minutes": 1440}}, "rules": {"warranty_months": 6}},
                      method="put")
    assert saved["policy"]["general_fixed"]["minutes"] == 1440 and saved["rules"]["warranty_months"] == 6
    after = desk.create(kind="repair")
    assert after["deadlines"]["fixed"] < before["deadlines"]["fixed"]
    assert desk.get(f"/tickets/{before['id']}")["deadlines"] == before["deadlines"]
    assert client.get("/settings/sla", headers=as_("p2")).get_json()["policy"]["general_fixed"]["minutes"] == 4320


def test_a_neighbour_dispute_keeps_every_step_and_who_took_part(desk):
    tid = desk.create(kind="community_matter", subtype="noise")["id"]
    desk.post(f"/tickets/{tid}/dispute", {"parties": ["3-12-1203", "3-13-1303"]})
    desk.post(f"/tickets/{tid}/dispute/steps", {"description": "met both families",
                                                 "participants": ["complainant", "other_party", "property_staff"]})
    assert "mediation" not in desk.post(f"/tickets/{tid}/dispute/steps", {
        "description": "residents' committee mediated", "participants": ["residents_committee"]}).get("detail", "")
    settled = desk.post(f"/tickets/{tid}/dispute/settlement", {"settlement": "quiet hours agreed"})
    assert settled["dispute"]["participants"] == ["complainant", "other_party", "property_staff", "residents_committee"]
    assert "settled" in desk.post(f"/tickets/{tid}/dispute/steps", {"description": "x", "participants": ["police"]},
                                  409)["detail"]


def test_clutter_needs_three_notices_before_removal_and_the_owners_signature_to_release(desk):
    tid = desk.create(kind="community_matter", subtype="corridor_clutter")["id"]
    desk.post(f"/tickets/{tid}/clutter", {"location": "B2 corridor, 12th floor"})
    desk.post(f"/tickets/{tid}/clutter/notices")
    desk.post(f"/tickets/{tid}/clutter/notices")
    assert "1 more" in desk.post(f"/tickets/{tid}/clutter/removal", {"storage_number": "S-0042"}, 409)["detail"]
    desk.post(f"/tickets/{tid}/clutter/notices")
    stored = desk.post(f"/tickets/{tid}/clutter/removal", {"storage_number": "S-0042"})
    assert stored["clutter"]["stage"] == "in_storage" and stored["clutter"]["storage_number"] == "S-0042"
    released = desk.post(f"/tickets/{tid}/clutter/release", {"owner_signature": "Owner Sun"})
    assert released["clutter"]["released_to"] == "Owner Sun"
    desk.act(tid, "resolve", result="goods returned")
    assert desk.act(tid, "close")["status"] == "closed"


def test_a_handover_carries_open_matters_and_only_the_incoming_person_signs_it(client, as_, db):
    night = as_("p1", "duty-1", "duty_officer")
    for body in ({"text": "lift 3 stuck, engineer called", "matter": "lift-3"},
                 {"text": "water leak B2", "matter": "leak-b2"},
                 {"text": "leak fixed", "matter": "leak-b2", "closes_matter": True},
                 {"text": "quiet night"}):
        assert client.post("/duty-log", json=body, headers=night).status_code == 201
    handover = client.post("/handovers", json={"incoming": "cs-7", "notes": "see lift"}, headers=night).get_json()
    assert handover["carried_over"] == ["lift-3"] and handover["signed_at"] is None
    wrong = client.post(f"/handovers/{handover['id']}/signature", json={}, headers=as_("p1", "cs-8"))
    assert wrong.status_code == 409 and "cs-7" in wrong.get_json()["detail"]
    signed = client.post(f"/handovers/{handover['id']}/signature", json={}, headers=as_("p1", "cs-7"))
    assert signed.status_code == 200 and signed.get_json()["signed_by"] == "cs-7"
    assert client.get("/duty-log", headers=night).get_json()["total"] == 4
    # The shift is announced once, naming who is on duty now (notifications wakes them at night).
    again = client.post(f"/handovers/{handover['id']}/signature", json={}, headers=as_("p1", "cs-7"))
    assert again.status_code == 409
    announced = [d["envelope"]["data"] for d in db["outbox"].find({"routing_key": "ticketing.shift.handed_over"})]
    assert [(a["handover_id"], a["outgoing"], a["incoming"]) for a in announced] == [(handover["id"], "duty-1", "cs-7")]


def test_monthly_reports_per_project_and_across_projects_for_hq(desk, client, as_, visits):
    tid = desk.create(kind="repair", unit_id="1-1-101")["id"]
    for action, body in [("dispatch", DISPATCH), ("arrive", {}), ("start_work", {}), ("resolve", {"result": "ok"}),
                         ("customer_sign_off", {"signed_by": "Owner"})]:
        desk.act(tid, action, **body)
    visits(tid, satisfaction=4)
    desk.create(kind="complaint", unit_id="1-1-101")
    desk.create(kind="complaint", unit_id="1-1-101")
    client.post("/tickets", json={"kind": "inquiry", "title": "q"}, headers=as_("p2"))
    month = desk.get(f"/tickets/{tid}")["created_at"]
    month = datetime.fromisoformat(month).astimezone(__import__("zoneinfo").ZoneInfo("Asia/Shanghai")).strftime("%Y-%m")
    report = desk.get(f"/reports/monthly?month={month}")
    rows = {r["kind"]: r for r in report["kinds"]}
    assert rows["general_repair"]["volume"] == 1 and rows["general_repair"]["sla_met"] == 1
    assert rows["general_repair"]["satisfaction_average"] == 4 and rows["general_repair"]["resolved"] == 1
    assert rows["complaint"]["volume"] == 2 and rows["complaint"]["repeat_complaints"] == 1
    assert "inquiry" not in rows
    assert client.get(f"/hq/reports/monthly?month={month}", headers=desk.headers).status_code == 403
    hq = client.get(f"/hq/reports/monthly?month={month}", headers=as_("hq", "gm", "hq_general_manager", hq=True))
    assert {p["project"] for p in hq.get_json()["projects"]} == {"p1", "p2"}
    assert client.get("/reports/monthly?month=2026-13", headers=desk.headers).status_code == 422
