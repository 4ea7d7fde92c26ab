"""The customer's answer by message (notifications.survey.answered, NT-4) completes the return visit exactly as a
call does, announcing visits.return_visit.completed; a visit a clerk already completed, or cancelled, keeps what it
has and the answer is dropped without a dead letter."""
from datetime import UTC, datetime

from hypothesis import given
from kefulib.messaging import Event
from kefulib.messaging.deadletters import list_dead_letters
from kefulib.testing.contracts import consumer_settings, deliver_twice, events

QUEUE = "visits.return-visits"
DONE = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)


def repair_completed(ticket):
    return Event("ticketing.repair.completed", "p1", {
        "ticket_id": ticket, "unit_id": "3-12-1203", "category": "general", "completed_at": DONE.isoformat(),
        "customer_signed": True, "signed_by": "业主", "quote_id": None, "quote_version": None, "lines": [],
        "total_fen": 0, "warranty_rework_of": None, "round": 1}, actor="tech-3")


def answered(visit, satisfaction=5, came_back=False, comment="", survey_id="survey-1"):
    return Event("notifications.survey.answered", "p1", {
        "survey_id": survey_id, "return_visit_id": visit["id"], "ticket_id": visit["ticket_id"], "round": visit["round"],
        "satisfaction": satisfaction, "comment": comment, "problem_came_back": came_back,
        "answered_at": DONE.isoformat()}, actor="customer")


def scheduled_visit(client, auth, consumers, publish, ticket="t-1"):
    publish(repair_completed(ticket))
    consumers[QUEUE].drain()
    (visit,) = client.get(f"/return-visits?ticket_id={ticket}", headers=auth()).get_json()["items"]
    return visit


def completions(db):
    return [o["envelope"] for o in db.outbox.find({"routing_key": "visits.return_visit.completed"})]


def test_a_happy_answer_completes_the_pending_visit_by_message_recorded_by_the_customer(client, db, auth, consumers,
                                                                                          publish):
    visit = scheduled_visit(client, auth, consumers, publish)
    publish(answered(visit, satisfaction=5, comment="师傅很专业"))
    assert consumers[QUEUE].drain() == 1
    done = client.get(f"/return-visits/{visit['id']}", headers=auth()).get_json()
    assert (done["status"], done["unhappy"], done["completed_by"]) == ("completed", False, "customer")
    assert done["outcome"] == {"method": "message", "satisfaction": 5, "problem_came_back": False,
                               "comments": "师傅很专业"}
    assert (done["history"][-1]["action"], done["history"][-1]["by"]) == ("completed", "customer")
    assert db.return_visits.find_one({"_id": visit["id"]})["history"][-1]["survey_id"] == "survey-1"
    (event,) = completions(db)
    assert event["actor"] == "customer" and event["data"]["method"] == "message"
    assert (event["data"]["ticket_id"], event["data"]["round"], event["data"]["unhappy"]) == ("t-1", 1, False)


def test_an_unhappy_answer_is_judged_by_the_projects_own_threshold(client, db, auth, consumers, publish):
    assert client.patch("/settings", json={"unhappy_at_or_below": 3},
                        headers=auth(roles=["project_manager"])).status_code == 200
    visit = scheduled_visit(client, auth, consumers, publish)
    publish(answered(visit, satisfaction=3))
    consumers[QUEUE].drain()
    (event,) = completions(db)
    assert event["data"]["unhappy"] is True and event["data"]["satisfaction"] == 3


def test_a_visit_a_clerk_completed_first_keeps_the_clerks_outcome(client, db, auth, consumers, publish,
                                                                   settings):
    visit = scheduled_visit(client, auth, consumers, publish)
    assert client.post(f"/return-visits/{visit['id']}/assign", json={"assignee": "cs-2"}, headers=auth()).status_code == 200
    assert client.post(f"/return-visits/{visit['id']}/complete", json={"method": "phone", "satisfaction": 4,
                       "problem_came_back": False}, headers=auth()).status_code == 200
    publish(answered(visit, satisfaction=1, came_back=True))
    assert consumers[QUEUE].drain() == 1
    kept = client.get(f"/return-visits/{visit['id']}", headers=auth()).get_json()
    assert kept["outcome"]["method"] == "phone" and kept["outcome"]["satisfaction"] == 4
    assert len(completions(db)) == 1  # only the clerk's
    assert list_dead_letters(settings.amqp_url, settings.topology.queue_name(QUEUE)) == []


def test_a_cancelled_visit_stays_cancelled(client, db, auth, consumers, publish, settings):
    visit = scheduled_visit(client, auth, consumers, publish)
    assert client.post(f"/return-visits/{visit['id']}/cancel", json={"reason": "owner withdrew the repair"},
                       headers=auth()).status_code == 200
    publish(answered(visit))
    consumers[QUEUE].drain()
    assert client.get(f"/return-visits/{visit['id']}", headers=auth()).get_json()["status"] == "cancelled"
    assert completions(db) == [] and list_dead_letters(settings.amqp_url, settings.topology.queue_name(QUEUE)) == []


def test_the_same_answer_delivered_twice_completes_once(client, db, auth, consumers, publish):
    visit = scheduled_visit(client, auth, consumers, publish)
    deliver_twice(consumers[QUEUE], answered(visit))
    assert len(completions(db)) == 1


@consumer_settings()
@given(event=events("notifications.survey.answered"))
def test_any_valid_answer_for_a_visit_visits_does_not_know_changes_nothing(consumers, db, event):
    deliver_twice(consumers[QUEUE], event)
    assert db.return_visits.count_documents({"tenant_id": event.tenant_id}) == 0
    assert db.outbox.count_documents({"tenant_id": event.tenant_id}) == 0
