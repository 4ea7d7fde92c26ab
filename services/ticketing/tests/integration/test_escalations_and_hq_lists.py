"""Over REST, MongoDB and the real broker: a call taken on paper breaches on the first scan; who notifications
told is recorded on the ticket and in its history; HQ lists escalated tickets and the approvals it owes across
projects; dispatch, arrival, appointments and a non-conformance record are announced."""
from datetime import UTC, datetime, timedelta

import pytest
from kefulib.messaging import Event, OutboxRelay, add_to_outbox
from kefulib.store import run_in_transaction
from ticketing.consumers import ESCALATIONS_CONSUMER
from ticketing.handlers.sla import scan_breaches

ONE_MINUTE = {"policy": {"help_first_response": {"minutes": 1}}}


@pytest.fixture
def notify(mongo_client, settings, consumers):
    """notifications' announcement of who was told, through a real outbox, relay and broker."""
    def send(tenant, ticket_id, level, notified, deadline="first_response"):
        outbox_db = mongo_client[settings.mongo_db + "_notifications"]
        event = Event("notifications.escalation.notified", tenant, {
            "ticket_id": ticket_id, "deadline": deadline, "due_at": "2026-12-01T08:00:00+00:00",
            "escalation_level": level, "escalated_to": "cs_supervisor", "notified": notified,
            "notified_at": "2026-12-01T08:00:05+00:00", "breach_event_id": "b-1"})
        run_in_transaction(outbox_db, lambda s: add_to_outbox(outbox_db, event, s))
        for _ in range(2):  # a redelivery changes nothing
            OutboxRelay(outbox_db, settings.amqp_url, settings.topology).run_once()
        mongo_client.drop_database(outbox_db.name)
        return consumers[ESCALATIONS_CONSUMER].drain()
    return send


def breached_help_request(client, as_, tenant, minutes_ago):
    manager = as_(tenant, "pm-" + tenant, "project_manager")
    assert client.put("/settings/sla", json=ONE_MINUTE, headers=manager).status_code == 200
    reported = (datetime.now(UTC) - timedelta(minutes=minutes_ago)).isoformat()
    response = client.post("/tickets", headers=as_(tenant, "cs-" + tenant, "cs_assistant"), json={
        "kind": "help_request", "subtype": "medical_emergency", "title": "fell on the stairs", "reported_at": reported})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_a_call_taken_on_paper_breaches_up_the_ladder_on_the_first_scan(client, db, as_, events):
    ticket = breached_help_request(client, as_, "p1", minutes_ago=5)
    assert ticket["reported_at"] < ticket["created_at"] and ticket["deadlines"]["first_response"] < ticket["created_at"]
    assert scan_breaches(db) == 3
    breaches = [e["data"] for e in events("ticketing.sla.breached")]
    assert [(b["escalation_level"], b["escalated_to"]) for b in breaches] == [
        (1, "cs_supervisor"), (2, "project_manager"), (3, "hq")]
    got = client.get(f"/tickets/{ticket['id']}", headers=as_("p1")).get_json()
    assert got["escalation_level"] == 3 and got["first_responder"] == "cs-p1"  # the owner does not change


def test_who_was_told_is_recorded_per_level_and_role_and_in_the_history(client, db, as_, notify):
    ticket = breached_help_request(client, as_, "p1", minutes_ago=5)
    scan_breaches(db)
    notify("p1", ticket["id"], 1, [{"role": "cs_supervisor", "staff_ids": ["stf_sup"]}])
    notify("p1", ticket["id"], 3, [{"role": "hq_general_manager", "staff_ids": ["stf_gm"]},
                                   {"role": "hq_management_representative", "staff_ids": []}])
    notify("p2", ticket["id"], 2, [{"role": "project_manager", "staff_ids": ["stf_intruder"]}])  # wrong project
    got = client.get(f"/tickets/{ticket['id']}", headers=as_("p1")).get_json()
    assert [(e["level"], e["role"], e["notified"]) for e in got["escalations"]] == [
        (1, "cs_supervisor", ["stf_sup"]), (3, "hq_general_manager", ["stf_gm"]),
        (3, "hq_management_representative", [])]
    notes = [h["note"] for h in client.get(f"/tickets/{ticket['id']}/history", headers=as_("p1")).get_json()["items"]
             if h["action"] == "escalation_notified"]
    assert notes == ["first_response/1 told cs_supervisor: stf_sup",
                     "first_response/3 told hq_general_manager: stf_gm; hq_management_representative: "
                     "nobody holds this role"]


def test_hq_lists_escalated_tickets_across_projects_by_level_project_and_state(client, db, as_):
    t1 = breached_help_request(client, as_, "p1", minutes_ago=5)        # reaches level 3
    t2 = breached_help_request(client, as_, "p2", minutes_ago=1.5)      # level 1 only
    assert scan_breaches(db) == 4
    cancelled = client.post(f"/tickets/{t2['id']}/actions/cancel", json={"note": "duplicate"}, headers=as_("p2"))
    assert cancelled.status_code == 200
    hq = as_("p1", "gm-1", "hq_general_manager", hq=True)

    def listed(**query):
        response = client.get("/hq/escalations", headers=hq, query_string=query)
        assert response.status_code == 200, response.get_json()
        return sorted((t["project"], t["id"], t["escalation_level"]) for t in response.get_json()["items"])
    assert listed() == sorted([("p1", t1["id"], 3), ("p2", t2["id"], 1)])
    assert listed(level=3) == [("p1", t1["id"], 3)]
    assert listed(project="p2") == [("p2", t2["id"], 1)]
    assert listed(state="open") == [("p1", t1["id"], 3)] and listed(state="closed") == [("p2", t2["id"], 1)]
    assert client.get("/hq/escalations", headers=hq, query_string={"level": 4}).status_code == 422
    refused = client.get("/hq/escalations", headers=as_("p1", "pm-1", "project_manager"))
    assert refused.status_code == 403 and refused.mimetype == "application/problem+json"


def test_hq_lists_the_non_conformance_records_only_it_may_approve(client, as_, events):
    made = {}
    for tenant, loss in (("p1", 60_000), ("p2", 70_000), ("p2", 10_000)):
        desk = as_(tenant, "cs-" + tenant, "cs_assistant")
        tid = client.post("/tickets", headers=desk, json={"kind": "complaint", "title": "loss"}).get_json()["id"]
        client.put(f"/tickets/{tid}/complaint/analysis", headers=desk, json={
            "cause": "staff_caused_loss", "outcome": "non_conformance", "loss_fen": loss})
        record = client.post(f"/tickets/{tid}/complaint/non-conformance", headers=desk, json={
            "corrective_action": "compensate", "corrective_deadline": "2026-12-20T00:00:00+00:00"}).get_json()
        made[(tenant, loss)] = record["id"]
    opened = {e["data"]["non_conformance_id"]: (e["tenant_id"], e["data"]["approver"], e["data"]["loss_fen"])
              for e in events("ticketing.non_conformance.opened")}
    assert opened[made[("p2", 10_000)]] == ("p2", "project_manager", 10_000)
    hq = as_("p1", "mr-1", "hq_management_representative", hq=True)
    page = client.get("/hq/non-conformance/awaiting-approval", headers=hq).get_json()
    assert [(r["project"], r["id"]) for r in page["items"]] == [("p1", made[("p1", 60_000)]),
                                                              ("p2", made[("p2", 70_000)])]
    assert client.post(f"/non-conformance/{made[('p2', 70_000)]}/approve?project=p2", headers=hq).status_code == 200
    assert [r["id"] for r in client.get("/hq/non-conformance/awaiting-approval", headers=hq, query_string={
        "project": "p2"}).get_json()["items"]] == []
    assert client.get("/hq/non-conformance/awaiting-approval", headers=as_("p1", "pm", "project_manager")).status_code == 403


def test_dispatch_arrival_and_appointments_are_announced_from_the_rule_table(desk, events):
    tid = desk.create(kind="repair", unit_id="3-12-1203", title="tap")["id"]
    window = "2026-12-02T02:00:00+00:00"
    desk.act(tid, "dispatch", department="engineering", assignee="tech-7", appointment_at=window)
    desk.act(tid, "record_nobody_home", note="left a note")
    desk.act(tid, "reschedule", appointment_at="2026-12-03T02:00:00+00:00")
    desk.act(tid, "resume")  # back to dispatched: the technician comes at the new time
    desk.act(tid, "arrive")
    desk.act(tid, "start_work")
    kinds = [(e["type"], e["data"]["appointment_at"]) for t in (
        "ticketing.ticket.dispatched", "ticketing.appointment.missed", "ticketing.appointment.rescheduled",
        "ticketing.ticket.arrived") for e in events(t)]
    later = "2026-12-03T02:00:00+00:00"
    assert kinds == [("ticketing.ticket.dispatched", window), ("ticketing.appointment.missed", window),
                     ("ticketing.appointment.rescheduled", later), ("ticketing.ticket.arrived", later)]
    (dispatched,) = events("ticketing.ticket.dispatched")
    assert dispatched["data"]["assignee"] == "tech-7" and dispatched["data"]["unit_id"] == "3-12-1203"
    assert dispatched["data"]["ticket_id"] == tid and dispatched["data"]["round"] == 1


def test_a_reported_time_in_the_future_or_too_far_back_is_refused_and_nothing_is_written(client, as_, everything):
    before = everything()
    for reported in (datetime.now(UTC) + timedelta(hours=1), datetime.now(UTC) - timedelta(hours=13)):
        response = client.post("/tickets", headers=as_("p1"), json={
            "kind": "inquiry", "title": "x", "reported_at": reported.isoformat()})
        assert response.status_code == 422 and "reported_at" in response.get_json()["errors"]
    assert everything() == before
