"""Each kind of ticket driven from intake to closed through the REST API; repairs and complaints
close only through a return visit delivered by the real broker (TK-1..TK-10)."""

DISPATCH = {"department": "engineering", "assignee": "tech-1"}
LINES = [{"catalogue_code": "P-017", "description": "replace tap washer", "quantity": 2, "unit_price_fen": 1500,
          "materials_fen": 800}]


def test_a_paid_general_repair_follows_billings_quote_is_worked_signed_and_closed_by_a_happy_return_visit(
        desk, db, visits, billing, events):
    ticket = desk.create(kind="repair", unit_id="1-3-302", paid_repair=True, channel="phone")
    assert ticket["category"] == "general" and ticket["status"] == "received" and ticket["first_responder"] == "cs-1"
    tid = ticket["id"]
    desk.act(tid, "dispatch", **DISPATCH)
    desk.act(tid, "accept")
    desk.act(tid, "arrive")
    assert desk.act(tid, "send_quote", expect=422)["errors"].keys() == {"action"}  # billing prices, not ticketing
    assert billing("sent", tid, version=1, revision=2) == 1
    quoted = desk.get(f"/tickets/{tid}")
    assert quoted["status"] == "awaiting_quote_consent" and quoted["quote"]["total_fen"] == 3800
    assert desk.act(tid, "accept_quote", signed_by="Owner Wang", expect=422)["errors"].keys() == {"action"}
    billing("accepted", tid, version=1, revision=3, lines=LINES)
    assert desk.get(f"/tickets/{tid}")["quote"]["accepted_version"] == 1
    desk.act(tid, "start_work")
    desk.act(tid, "resolve", result="washers replaced, no drip")
    desk.act(tid, "close", expect=409)
    signed = desk.act(tid, "customer_sign_off", signed_by="Owner Wang")
    assert signed["status"] == "awaiting_return_visit"
    (completed,) = events("ticketing.repair.completed")
    assert completed["data"]["ticket_id"] == tid and completed["data"]["round"] == 1
    assert completed["data"]["lines"] == LINES and completed["data"]["total_fen"] == 3800
    assert (completed["data"]["quote_id"], completed["data"]["quote_version"]) == ("q-1", 1)
    assert completed["data"]["warranty_rework_of"] is None
    refused = desk.act(tid, "close", expect=409)
    assert "return visit" in refused["detail"]
    assert desk.act(tid, "return_visit_happy", expect=422)["errors"].keys() == {"action"}
    assert visits(tid) == 1
    closed = desk.get(f"/tickets/{tid}")
    assert closed["status"] == "closed" and closed["satisfaction"] == 5 and closed["next_breach"] is None
    history = desk.get(f"/tickets/{tid}/history")["items"]
    assert [h["action"] for h in history] == ["receive", "dispatch", "accept", "arrive", "send_quote", "accept_quote",
                                              "start_work", "resolve", "customer_sign_off", "return_visit_happy"]
    assert history[4]["actor"] == history[5]["actor"] == "billing-clerk"
    assert history[-1]["actor"] == "visits-clerk" and [h["seq"] for h in history] == list(range(1, 11))


def test_paid_work_cannot_start_before_the_customer_accepts_the_quote(desk, billing):
    tid = desk.create(kind="repair", paid_repair=True)["id"]
    desk.act(tid, "dispatch", **DISPATCH)
    desk.act(tid, "arrive")
    refused = desk.act(tid, "start_work", expect=409)
    assert "quote" in refused["detail"]
    billing("sent", tid, total_fen=5000)
    billing("declined", tid, revision=3, total_fen=5000)
    assert desk.get(f"/tickets/{tid}")["status"] == "on_site"
    assert "quote" in desk.act(tid, "start_work", expect=409)["detail"]


def test_an_urgent_repair_with_nobody_home_is_noted_and_rescheduled(desk):
    ticket = desk.create(kind="repair", subtype="burst_pipe_placeholder", dangerous=True, unit_id="2-1-101")
    assert ticket["category"] == "urgent" and set(ticket["deadlines"]) == {"on_site", "fixed"}
    tid = ticket["id"]
    desk.act(tid, "dispatch", appointment_at="2026-11-26T02:00:00+00:00", **DISPATCH)
    waiting = desk.act(tid, "record_nobody_home", note="note left on the door")
    assert waiting["status"] == "waiting_customer" and "on_site" in waiting["milestones"]
    moved = desk.act(tid, "reschedule", appointment_at="2026-11-27T02:00:00+00:00")
    assert moved["appointment_at"].startswith("2026-11-27")
    assert desk.act(tid, "resume")["status"] == "dispatched"


def test_a_tk5_category_makes_a_repair_urgent_and_category_overrides(desk):
    assert desk.create(kind="repair", subtype="lift_failure")["category"] == "urgent"
    assert desk.create(kind="repair", subtype="lift_failure", category="general")["category"] == "general"
    assert desk.create(kind="repair")["category"] == "general"


def test_a_complaint_is_analysed_resolved_and_closed_by_a_happy_return_visit(desk, db, visits, events):
    tid = desk.create(kind="complaint", unit_id="3-12-1203", title="Rude guard")["id"]
    assert "analyse" in desk.act(tid, "resolve", result="apologised", expect=409)["detail"]
    desk.post(f"/tickets/{tid}/complaint/analysis", {"cause": "staff_error", "outcome": "explanation_suffices"},
              method="put")
    resolved = desk.act(tid, "resolve", result="the supervisor apologised in person")
    assert resolved["status"] == "awaiting_return_visit"
    (event,) = events("ticketing.complaint.resolved")
    assert event["data"]["ticket_id"] == tid and event["data"]["round"] == 1 and event["data"]["non_conformance_id"] is None
    assert visits(tid, satisfaction=4) == 1
    assert desk.get(f"/tickets/{tid}")["status"] == "closed"


def test_an_unhappy_return_visit_reopens_the_repair_and_a_stale_visit_changes_nothing(desk, db, visits, events):
    tid = desk.create(kind="repair")["id"]
    for action, body in [("dispatch", DISPATCH), ("arrive", {}), ("start_work", {}), ("resolve", {"result": "fixed"}),
                         ("customer_sign_off", {"signed_by": "Owner Li"})]:
        desk.act(tid, action, **body)
    assert visits(tid, unhappy=True, satisfaction=2, problem_came_back=True) == 1
    reopened = desk.get(f"/tickets/{tid}")
    assert reopened["status"] == "reopened" and reopened["round"] == 2 and reopened["reopen_count"] == 1
    (event,) = events("ticketing.ticket.reopened")
    assert event["data"] == {"ticket_id": tid, "reason": "return visit: problem came back", "reopen_count": 1,
                             "round": 2}
    assert visits(tid, round=1) == 1  # a late copy about round 1 is ignored
    assert desk.get(f"/tickets/{tid}")["status"] == "reopened"
    for action, body in [("dispatch", DISPATCH), ("arrive", {}), ("start_work", {}), ("resolve", {"result": "pipe"}),
                         ("customer_sign_off", {"signed_by": "Owner Li"})]:
        desk.act(tid, action, **body)
    assert [e["data"]["round"] for e in events("ticketing.repair.completed")] == [1, 2]
    visits(tid, round=2)
    assert desk.get(f"/tickets/{tid}")["status"] == "closed"


def test_another_projects_return_visit_cannot_touch_the_ticket(desk, visits):
    tid = desk.create(kind="repair")["id"]
    for action, body in [("dispatch", DISPATCH), ("arrive", {}), ("start_work", {}), ("resolve", {"result": "ok"}),
                         ("customer_sign_off", {"signed_by": "Owner"})]:
        desk.act(tid, action, **body)
    visits(tid, tenant="p2")
    assert desk.get(f"/tickets/{tid}")["status"] == "awaiting_return_visit"


def test_an_inquiry_is_answered_and_closed(desk):
    tid = desk.create(kind="inquiry", title="Opening hours?")["id"]
    desk.act(tid, "respond", note="told by phone")
    assert "not possible while the ticket is received" in desk.act(tid, "close", expect=409)["detail"]
    desk.act(tid, "resolve", result="08:30-17:30")
    assert desk.act(tid, "close")["status"] == "closed"


def test_a_help_request_needs_its_type_and_is_dispatched_and_closed(desk):
    assert "subtype" in desk.post("/tickets", {"kind": "help_request", "title": "help"}, expect=422)["errors"]
    ticket = desk.create(kind="help_request", subtype="medical_emergency")
    assert set(ticket["deadlines"]) == {"first_response"}
    tid = ticket["id"]
    desk.act(tid, "dispatch", department="security", assignee="guard-2")
    desk.act(tid, "resolve", result="ambulance met at the gate")
    assert desk.act(tid, "close")["status"] == "closed"


def test_a_suggestion_is_acknowledged_and_closed(desk):
    tid = desk.create(kind="suggestion", title="More benches")["id"]
    desk.act(tid, "resolve", result="passed to the owners' committee")
    assert desk.act(tid, "close")["status"] == "closed"


def test_a_cancelled_ticket_needs_a_reason_and_accepts_no_more_actions(desk):
    tid = desk.create(kind="inquiry")["id"]
    assert "note" in desk.act(tid, "cancel", expect=422)["errors"]
    desk.act(tid, "cancel", note="duplicate")
    refused = desk.act(tid, "respond", note="x", expect=409)
    assert "cancelled" in refused["detail"] and refused["reason_code"] == "wrong_state"


def test_a_warranty_rework_is_linked_to_its_original_and_free(desk, db, visits, billing, events):
    original = desk.create(kind="repair", unit_id="5-2-201")["id"]
    for action, body in [("dispatch", DISPATCH), ("arrive", {}), ("start_work", {}), ("resolve", {"result": "ok"}),
                         ("customer_sign_off", {"signed_by": "Owner Zhao"})]:
        desk.act(original, action, **body)
    rework = desk.create(kind="repair", unit_id="5-2-201", rework_of=original)
    assert rework["rework_of"] == original and rework["under_warranty"] is True
    assert desk.get(f"/tickets/{original}")["reworks"] == [rework["id"]]
    billing("sent", rework["id"])  # quoted in billing by mistake: the free rework does not wait for it
    unmoved = desk.get(f"/tickets/{rework['id']}")
    assert unmoved["status"] == "received" and unmoved.get("quote") is None
    for action, body in [("dispatch", DISPATCH), ("arrive", {}), ("start_work", {}), ("resolve", {"result": "ok"}),
                         ("customer_sign_off", {"signed_by": "Owner Zhao"})]:
        desk.act(rework["id"], action, **body)
    last = events("ticketing.repair.completed")[-1]["data"]
    assert last["warranty_rework_of"] == original and last["total_fen"] == 0 and last["lines"] == []


def test_a_rework_must_name_a_signed_off_repair_of_the_same_project(desk, client, as_):
    unsigned = desk.create(kind="repair")["id"]
    assert "rework_of" in desk.post("/tickets", {"kind": "repair", "title": "t", "rework_of": unsigned}, 422)["errors"]
    foreign = client.post("/tickets", json={"kind": "repair", "title": "t", "rework_of": unsigned},
                          headers=as_("p2")).get_json()
    missing = client.post("/tickets", json={"kind": "repair", "title": "t", "rework_of": "nope"},
                          headers=as_("p2")).get_json()
    assert foreign == missing and foreign["status"] == 422


def test_reclassifying_a_repair_recomputes_its_deadlines(desk):
    ticket = desk.create(kind="repair")
    assert set(ticket["deadlines"]) == {"fixed"}
    urgent = desk.post(f"/tickets/{ticket['id']}/reclassify", {"category": "urgent", "note": "water everywhere"})
    assert urgent["category"] == "urgent" and set(urgent["deadlines"]) == {"on_site", "fixed"}
    assert urgent["deadlines"]["fixed"] < ticket["deadlines"]["fixed"]
    assert desk.get(f"/tickets/{ticket['id']}/history")["items"][-1]["action"] == "reclassify"
