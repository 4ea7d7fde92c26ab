"""The review steps' SLA clock over REST and the real database: the project's hours, the due time set in the write
that moves an application into a step and cleared when it leaves, the overdue list, and the worker's scan publishing
`renovation.review.overdue` once per application, step, round and level (the clock driven by passing `at`)."""
from datetime import datetime, timedelta

from renovation.handlers.common import now
from renovation.handlers.review_clock import scan_overdue

from .conftest import application_body, field_errors

STEPS = ["completeness", "drawings", "approval"]
HOURS = {"completeness_hours": 24, "drawings_hours": 72, "approval_hours": 48}


def overdue_events(db):
    """By step in review order, then level."""
    found = [o["envelope"]["data"] for o in db.outbox.find({"routing_key": "renovation.review.overdue"})]
    return sorted(found, key=lambda e: (STEPS.index(e["step"]), e["level"]))


def due_of(application) -> datetime:
    return datetime.fromisoformat(application["review_due_at"])


def test_the_review_hours_have_defaults_and_only_the_manager_sets_them_naming_a_bad_field(client, as_, db):
    manager = as_("project_manager")
    assert client.get("/review-settings", headers=as_("cs_assistant")).get_json() == HOURS
    assert client.put("/review-settings", headers=as_("cs_supervisor"), json=HOURS).status_code == 403
    assert "drawings_hours" in field_errors(client.put("/review-settings", headers=manager,
                                                       json={**HOURS, "drawings_hours": 0}))
    assert "approval_hours" in field_errors(client.put("/review-settings", headers=manager,
                                                       json={**HOURS, "approval_hours": "soon"}))
    assert db.project_settings.count_documents({"kind": "review"}) == 0  # nothing written
    changed = client.put("/review-settings", headers=manager, json={**HOURS, "completeness_hours": 8})
    assert changed.status_code == 200 and changed.get_json()["completeness_hours"] == 8
    assert client.get("/review-settings", headers=manager).get_json()["completeness_hours"] == 8
    assert client.get("/review-settings", headers=as_("project_manager", tenant="p2")).get_json() == HOURS


def test_each_step_sets_its_due_time_as_it_is_entered_and_leaving_the_review_clears_it(client, flow, as_, db):
    client.put("/review-settings", headers=as_("project_manager"), json={**HOURS, "completeness_hours": 8})
    before = now()
    application = flow.submit()
    assert before + timedelta(hours=8) <= due_of(application) <= now() + timedelta(hours=8)
    assert application["review_clock"]["step"] == "completeness" and application["overdue"] is False
    for step, next_hours in (("completeness", 72), ("drawings", 48)):
        moved = flow.decide(application["id"], step).get_json()
        entered = datetime.fromisoformat(moved["reviews"][-1]["at"])
        assert due_of(moved) == entered + timedelta(hours=next_hours)
        assert moved["review_clock"]["hours"] == next_hours and moved["review_clock"]["level"] == 0
    approved = flow.decide(application["id"], "approval").get_json()
    assert approved["review_due_at"] is None and approved["review_clock"] is None
    stored = db.applications.find_one({"_id": application["id"]})
    assert "review_due_at" not in stored and "review_escalation_at" not in stored

    returned = flow.decide(flow.submit()["id"], "completeness", "refuse", reason="缺少图纸").get_json()
    assert returned["status"] == "returned" and returned["review_due_at"] is None
    again = client.post(f"/applications/{returned['id']}/resubmit", headers=flow.people["cs"],
                        json={k: v for k, v in application_body().items() if k != "unit_id"}).get_json()
    assert again["round"] == 2 and again["review_clock"] == {**again["review_clock"], "round": 2, "level": 0,
                                                              "step": "completeness", "hours": 8}
    assert due_of(again) == datetime.fromisoformat(again["reviews"][-1]["at"]) + timedelta(hours=8)


def test_the_scan_publishes_each_level_once_and_records_it_on_the_application(client, flow, db, as_):
    application = flow.submit()
    due = due_of(application)
    assert scan_overdue(db, due - timedelta(seconds=1)) == 0 and overdue_events(db) == []

    assert scan_overdue(db, due) == 1
    assert scan_overdue(db, due + timedelta(hours=1)) == 0  # a rerun publishes nothing new
    (first,) = overdue_events(db)
    assert first == {"application_id": application["id"], "unit_id": "1-1-101", "step": "completeness", "round": 1,
                     "level": 1, "due_at": due.isoformat(), "notify_roles": ["cs_supervisor"]}

    # A scan that missed a day announces levels 2 and 3 together, each once; after HQ nothing more.
    assert scan_overdue(db, due + timedelta(hours=48)) == 2
    assert scan_overdue(db, due + timedelta(days=30)) == 0
    events = overdue_events(db)
    assert [(e["level"], e["notify_roles"]) for e in events] == [
        (1, ["cs_supervisor"]), (2, ["project_manager"]), (3, ["hq_general_manager", "hq_management_representative"])]
    assert events[2]["due_at"] == (due + timedelta(hours=48)).isoformat()
    shown = client.get(f"/applications/{application['id']}", headers=flow.people["cs"]).get_json()
    assert shown["review_clock"]["level"] == 3 and [e["level"] for e in shown["review_escalations"]] == [1, 2, 3]
    assert "review_escalation_at" not in db.applications.find_one({"_id": application["id"]})


def test_the_next_step_and_the_next_round_climb_the_ladder_again(client, flow, db):
    application = flow.submit()
    assert scan_overdue(db, due_of(application)) == 1
    moved = flow.decide(application["id"], "completeness").get_json()  # now on drawings, a fresh clock
    assert moved["review_clock"]["level"] == 0
    assert scan_overdue(db, due_of(moved)) == 1
    assert [(e["step"], e["level"], e["notify_roles"]) for e in overdue_events(db)] == [
        ("completeness", 1, ["cs_supervisor"]), ("drawings", 1, ["engineering_supervisor"])]
    flow.decide(application["id"], "drawings")  # on approval now: the drawings' levels 2 and 3 never come
    assert scan_overdue(db, due_of(moved) + timedelta(hours=73)) == 3
    assert [(e["step"], e["level"]) for e in overdue_events(db)][2:] == [("approval", 1), ("approval", 2),
                                                                          ("approval", 3)]


def test_a_reviewed_application_is_never_announced_and_the_overdue_list_keeps_only_late_ones(client, flow, db):
    on_time, late = flow.submit(), flow.submit(unit_id="1-1-102")
    flow.decide(on_time["id"], "completeness")
    flow.decide(on_time["id"], "drawings")
    flow.decide(on_time["id"], "approval")
    db.applications.update_one({"_id": late["id"]}, {"$set": {"review_due_at": now() - timedelta(minutes=1)}})
    listed = client.get("/applications", headers=flow.people["cs"], query_string={"overdue": "true"}).get_json()
    assert [(a["id"], a["overdue"]) for a in listed["items"]] == [(late["id"], True)]
    assert scan_overdue(db, now() + timedelta(days=30)) == 3  # only the late one, up its ladder
    assert {e["application_id"] for e in overdue_events(db)} == {late["id"]}


def test_the_worker_scans_at_the_configured_interval(monkeypatch, db):
    from renovation.config import settings_from_env
    from renovation.worker import periodic_jobs
    monkeypatch.setenv("RENOVATION_SLA_SCAN_SECONDS", "15")
    (job,) = periodic_jobs(db, settings_from_env())
    assert (job.name, job.every_seconds) == ("review-overdue-scan", 15.0)
    monkeypatch.delenv("RENOVATION_SLA_SCAN_SECONDS")
    assert periodic_jobs(db, settings_from_env())[0].every_seconds == 60.0
