"""Return visits scheduled from ticketing's events, then assigned, completed (event out), cancelled, flagged overdue."""
from datetime import UTC, datetime, timedelta

from kefulib.messaging import Event
from visits.handlers.return_visits import flag_overdue
from visits.worker import overdue_job

QUEUE = "visits.return-visits"
DONE = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)


def repair_completed(ticket="t-1", round_=1, completed_at=DONE, tenant="p1"):
    return Event("ticketing.repair.completed", tenant, {
        "ticket_id": ticket, "unit_id": "3-12-1203", "category": "general", "completed_at": completed_at.isoformat(),
        "customer_signed": True, "signed_by": "业主", "quote_id": None, "quote_version": None, "lines": [], "total_fen": 0,
        "warranty_rework_of": None,
        "round": round_}, actor="tech-3")


def complaint_resolved(ticket="c-1", round_=1):
    return Event("ticketing.complaint.resolved", "p1", {
        "ticket_id": ticket, "unit_id": "1-1-101", "resolved_at": DONE.isoformat(), "result": "apologised",
        "non_conformance_id": None, "round": round_})


def created(ticket="t-1", kind="repair"):
    return Event("ticketing.ticket.created", "p1", {
        "ticket_id": ticket, "kind": kind, "category": "general" if kind == "repair" else None, "unit_id": "3-12-1203",
        "channel": "phone", "created_at": DONE.isoformat(), "warranty_rework_of": None})


def visits_of(client, auth, ticket):
    return client.get(f"/return-visits?ticket_id={ticket}", headers=auth()).get_json()["items"]


def test_a_completed_repair_turns_its_placeholder_into_a_return_visit_due_24_hours_later(client, consumers, publish, auth):
    publish(created())
    publish(repair_completed())
    assert consumers[QUEUE].drain() == 2
    (visit,) = visits_of(client, auth, "t-1")
    assert visit["scheduled"] is True and visit["status"] == "pending" and visit["source"] == "repair_completed"
    assert datetime.fromisoformat(visit["due_at"]) == DONE + timedelta(hours=24)
    assert visit["round"] == 1 and visit["history"][0]["action"] == "placeholder_recorded"


def test_a_resolved_complaint_is_called_back_after_the_domains_48_hours(client, consumers, publish, auth):
    publish(complaint_resolved())
    consumers[QUEUE].drain()
    (visit,) = visits_of(client, auth, "c-1")
    assert visit["source"] == "complaint_resolved" and visit["ticket_kind"] == "complaint"
    assert datetime.fromisoformat(visit["due_at"]) == DONE + timedelta(hours=48)


def test_a_duplicate_completion_event_schedules_one_return_visit(client, db, consumers, publish, auth):
    event = repair_completed()
    publish(event)
    publish(event)
    publish(repair_completed())  # the same ticket and round under a new event id
    assert consumers[QUEUE].drain() == 3
    assert len(visits_of(client, auth, "t-1")) == 1 and db.return_visits.count_documents({}) == 1
    # ... and it is announced once, with the visit it scheduled.
    (announced,) = [o["envelope"] for o in db.outbox.find({"routing_key": "visits.return_visit.scheduled"})]
    visit = db.return_visits.find_one({})
    assert announced["data"] == {"return_visit_id": visit["_id"], "ticket_id": "t-1", "round": 1,
                                 "source": "repair_completed", "unit_id": "3-12-1203",
                                 "due_at": (DONE + timedelta(hours=24)).isoformat()}


def test_a_repair_completed_again_after_a_reopen_gets_a_second_round(client, consumers, publish, auth):
    publish(repair_completed(round_=1), repair_completed(round_=2, completed_at=DONE + timedelta(days=3)))
    consumers[QUEUE].drain()
    rounds = sorted((v["round"], v["due_at"]) for v in visits_of(client, auth, "t-1"))
    assert [r for r, _ in rounds] == [1, 2]
    assert datetime.fromisoformat(rounds[1][1]) == DONE + timedelta(days=4)


def test_a_ticket_created_event_arriving_after_the_completion_adds_no_placeholder(client, consumers, publish, auth):
    publish(repair_completed())
    consumers[QUEUE].drain()
    publish(created())
    consumers[QUEUE].drain()
    assert [v["scheduled"] for v in visits_of(client, auth, "t-1")] == [True]


def test_the_projects_setting_changes_the_delay_after_a_repair(client, consumers, publish, auth):
    patched = client.patch("/settings", json={"return_visit_after_repair_hours": 12},
                           headers=auth(roles=["project_manager"]))
    assert patched.status_code == 200 and patched.get_json()["return_visit_after_repair_hours"] == 12
    publish(repair_completed())
    consumers[QUEUE].drain()
    (visit,) = visits_of(client, auth, "t-1")
    assert datetime.fromisoformat(visit["due_at"]) == DONE + timedelta(hours=12)
    assert client.patch("/settings", json={"unhappy_at_or_below": 3}, headers=auth()).status_code == 403


def scheduled(client, consumers, publish, auth, ticket="t-1", completed_at=DONE):
    publish(repair_completed(ticket, completed_at=completed_at))
    consumers[QUEUE].drain()
    return visits_of(client, auth, ticket)[0]


def test_completing_an_assigned_visit_publishes_the_outcome_with_the_visit_in_one_commit(client, db, consumers,
                                                                                          publish, auth):
    visit = scheduled(client, consumers, publish, auth)
    assigned = client.post(f"/return-visits/{visit['id']}/assign", json={"assignee": "cs-9"}, headers=auth())
    assert assigned.status_code == 200 and assigned.get_json()["status"] == "assigned"
    done = client.post(f"/return-visits/{visit['id']}/complete", json={
        "method": "phone", "satisfaction": 4, "problem_came_back": False, "comments": "Tap fine now"},
        headers=auth(subject="cs-9"))
    assert done.status_code == 200
    body = done.get_json()
    assert body["status"] == "completed" and body["unhappy"] is False and body["outcome"]["comments"] == "Tap fine now"
    (event,) = list(db.outbox.find({"routing_key": {"$ne": "visits.return_visit.scheduled"}}))  # after scheduling
    assert event["routing_key"] == "visits.return_visit.completed" and event["envelope"]["actor"] == "cs-9"
    data = event["envelope"]["data"]
    assert data == {"return_visit_id": visit["id"], "ticket_id": "t-1", "round": 1, "source": "repair_completed",
                    "method": "phone", "satisfaction": 4, "problem_came_back": False, "unhappy": False,
                    "completed_at": data["completed_at"]}
    assert [h["action"] for h in body["history"]] == ["scheduled", "assigned", "completed"]


def test_low_satisfaction_or_a_problem_that_came_back_is_unhappy(client, db, consumers, publish, auth):
    for ticket, satisfaction, came_back in (("t-1", 2, False), ("t-2", 5, True)):
        visit = scheduled(client, consumers, publish, auth, ticket)
        client.post(f"/return-visits/{visit['id']}/assign", json={"assignee": "cs-9"}, headers=auth())
        body = client.post(f"/return-visits/{visit['id']}/complete", json={
            "method": "in_person", "satisfaction": satisfaction, "problem_came_back": came_back}, headers=auth()).get_json()
        assert body["unhappy"] is True
    completed = db.outbox.find({"routing_key": "visits.return_visit.completed"})
    assert [e["envelope"]["data"]["unhappy"] for e in completed] == [True, True]


def test_a_visit_must_be_assigned_before_it_is_completed(client, db, consumers, publish, auth):
    visit = scheduled(client, consumers, publish, auth)
    response = client.post(f"/return-visits/{visit['id']}/complete", json={
        "method": "phone", "satisfaction": 5, "problem_came_back": False}, headers=auth())
    assert response.status_code == 409 and response.get_json()["reason_code"] == "invalid_transition"
    assert db.outbox.count_documents({"routing_key": "visits.return_visit.completed"}) == 0


def test_a_placeholder_cannot_be_assigned_but_can_be_cancelled(client, consumers, publish, auth):
    publish(created("t-9", "repair"))  # was an inquiry, which no longer gets a placeholder at all
    consumers[QUEUE].drain()
    (placeholder,) = visits_of(client, auth, "t-9")
    response = client.post(f"/return-visits/{placeholder['id']}/assign", json={"assignee": "cs-9"}, headers=auth())
    assert response.status_code == 409 and response.get_json()["reason_code"] == "not_scheduled"
    cancelled = client.post(f"/return-visits/{placeholder['id']}/cancel", json={"reason": "the repair was withdrawn"},
                            headers=auth())
    assert cancelled.get_json()["status"] == "cancelled"


def test_a_cancelled_visit_stays_cancelled(client, consumers, publish, auth):
    visit = scheduled(client, consumers, publish, auth)
    client.post(f"/return-visits/{visit['id']}/cancel", json={"reason": "ticket reopened"}, headers=auth())
    response = client.post(f"/return-visits/{visit['id']}/assign", json={"assignee": "cs-9"}, headers=auth())
    assert response.status_code == 409
    assert client.get(f"/return-visits/{visit['id']}", headers=auth()).get_json()["cancel_reason"] == "ticket reopened"


def test_the_overdue_list_shows_open_visits_past_due_and_the_job_flags_each_once(client, db, consumers, publish, auth):
    now = datetime.now(UTC)
    late = scheduled(client, consumers, publish, auth, "late", now - timedelta(days=3))
    scheduled(client, consumers, publish, auth, "future", now)
    done = scheduled(client, consumers, publish, auth, "done", now - timedelta(days=3))
    client.post(f"/return-visits/{done['id']}/assign", json={"assignee": "a"}, headers=auth())
    client.post(f"/return-visits/{done['id']}/complete", json={"method": "phone", "satisfaction": 5,
                                                              "problem_came_back": False}, headers=auth())
    overdue = client.get("/return-visits?overdue=true", headers=auth()).get_json()
    assert [v["ticket_id"] for v in overdue["items"]] == ["late"] and overdue["items"][0]["overdue"] is True
    assert client.get("/return-visits?overdue=true&status=completed", headers=auth()).get_json()["total"] == 0
    assert overdue_job(db).run() == 1
    assert flag_overdue(db) == 0
    assert db.return_visits.find_one({"_id": late["id"]})["overdue_flagged_at"] is not None


def test_the_overdue_list_is_served_by_the_tenant_status_due_index(db):
    keys = {spec["name"]: list(spec["key"]) for spec in db.return_visits.list_indexes()}
    assert keys["return_visits_due"] == ["tenant_id", "status", "due_at"]
