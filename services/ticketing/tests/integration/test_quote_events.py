"""Billing's quote events through the real broker into ticketing's `ticketing.quotes` consumer:
work is allowed, stopped and resumed by them; late, repeated and foreign ones change nothing."""
from kefulib.messaging.deadletters import list_dead_letters

DISPATCH = {"department": "engineering", "assignee": "tech-1"}
V2_LINES = [{"catalogue_code": "REP-02", "description": "更换水龙头", "quantity": 2, "unit_price_fen": 3000,
             "materials_fen": 12000}]


def on_site(desk):
    tid = desk.create(kind="repair", unit_id="1-3-302", paid_repair=True)["id"]
    desk.act(tid, "dispatch", **DISPATCH)
    desk.act(tid, "arrive")
    return tid


def test_a_revision_during_work_stops_it_until_the_new_version_is_accepted(desk, billing, events):
    tid = on_site(desk)
    billing("sent", tid, revision=2)
    billing("accepted", tid, revision=3, lines=V2_LINES[:1])
    desk.act(tid, "start_work")
    billing("revised", tid, version=2, revision=4, total_fen=18000)
    stopped = desk.get(f"/tickets/{tid}")
    assert stopped["status"] == "awaiting_quote_consent" and stopped["quote"]["accepted_version"] is None
    assert stopped["next_breach"] is None  # the clock waits with the customer
    billing("sent", tid, version=2, revision=5, total_fen=18000)
    billing("accepted", tid, version=2, revision=6, total_fen=18000, lines=V2_LINES)
    resumed = desk.get(f"/tickets/{tid}")
    assert resumed["status"] == "in_progress" and resumed["quote"]["accepted_version"] == 2
    desk.act(tid, "resolve", result="both taps replaced")
    desk.act(tid, "customer_sign_off", signed_by="Owner Wang")
    (completed,) = events("ticketing.repair.completed")
    assert (completed["data"]["quote_version"], completed["data"]["total_fen"]) == (2, 18000)
    assert completed["data"]["lines"] == V2_LINES


def test_start_work_after_a_revision_is_refused_with_the_reason(desk, billing):
    tid = on_site(desk)
    billing("sent", tid)
    billing("accepted", tid, revision=3)
    billing("revised", tid, version=2, revision=4)
    refused = desk.act(tid, "start_work", expect=409)
    assert "revised" in refused["detail"] and "accepts the new version" in refused["detail"]


def test_late_and_repeated_events_change_nothing(desk, billing):
    tid = on_site(desk)
    billing("sent", tid, revision=2)
    billing("accepted", tid, revision=3)
    billing("revised", tid, version=2, revision=4)
    before = desk.get(f"/tickets/{tid}")
    assert billing("accepted", tid, revision=3) == 1  # a redelivered, older acceptance of version 1
    after = desk.get(f"/tickets/{tid}")
    assert (after["status"], after["quote"]) == (before["status"], before["quote"])
    assert len(desk.get(f"/tickets/{tid}/history")["items"]) == 6  # receive, dispatch, arrive, 3 quote lines


def test_a_quote_for_a_ticket_this_project_does_not_have_is_ignored_not_dead_lettered(desk, billing, quote_consumer,
                                                                                    settings):
    theirs = on_site(desk)
    assert billing("sent", "no-such-ticket") == 1
    assert billing("sent", theirs, tenant="p2") == 1  # another project's billing naming p1's ticket
    assert desk.get(f"/tickets/{theirs}")["status"] == "on_site"
    assert list_dead_letters(settings.amqp_url, quote_consumer.queue) == []


def test_a_ticket_quoted_by_the_old_ticketing_pricing_follows_billings_quote_from_now_on(desk, db, billing):
    tid = on_site(desk)
    db.tickets.update_one({"_id": tid}, {"$set": {"quote": {"id": "old-ticketing-id", "status": "sent", "lines": [],
                                                            "total_fen": 100}}})
    billing("sent", tid, quote_id="q-new", revision=2)
    followed = desk.get(f"/tickets/{tid}")
    assert followed["quote"]["id"] == "q-new" and followed["status"] == "awaiting_quote_consent"
