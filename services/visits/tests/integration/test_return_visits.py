"""visits consumes ticketing.ticket.created from the real broker and shows placeholders per tenant."""
from kefulib.messaging import Event

READ = ["visits:read"]


def ticket_created(tenant="p1", ticket_id="t-1", kind="repair"):
    # The whole event as ticketing's schema has it (the outbox checks it in tests).
    return Event("ticketing.ticket.created", tenant, {
        "ticket_id": ticket_id, "kind": kind, "category": "general" if kind == "repair" else None, "unit_id": None,
        "channel": "phone", "created_at": "2026-11-25T08:00:00+00:00", "warranty_rework_of": None}, actor="cs-1")


def test_a_created_ticket_gets_a_pending_return_visit_for_its_own_tenant_only(client, consumers, publish, auth):
    publish(ticket_created("p1", "t-1"))
    assert consumers["visits.return-visits"].drain() == 1
    mine = client.get("/return-visits?ticket_id=t-1", headers=auth("p1", READ)).get_json()
    assert [(v["ticket_id"], v["status"], v["scheduled"]) for v in mine["items"]] == [("t-1", "pending", False)]
    theirs = client.get("/return-visits", headers=auth("p2", READ)).get_json()
    assert theirs["items"] == [] and theirs["total"] == 0


def test_inquiry_tickets_created_in_bulk_get_no_placeholder_but_complaints_do(client, consumers, publish, auth):
    # Was: one placeholder per inquiry, which never gets a return visit (VS-3: repairs and complaints only).
    publish(*[ticket_created("p1", f"q-{n}", "inquiry") for n in range(5)], ticket_created("p1", "c-1", "complaint"))
    assert consumers["visits.return-visits"].drain() == 6
    for n in range(5):
        assert client.get(f"/return-visits?ticket_id=q-{n}", headers=auth("p1", READ)).get_json()["total"] == 0
    assert client.get("/return-visits?ticket_id=c-1", headers=auth("p1", READ)).get_json()["total"] == 1


def test_the_same_event_delivered_twice_creates_one_placeholder(db, consumers, publish):
    event = ticket_created()
    publish(event)
    publish(event)  # a relay that crashed before marking it published sends it again
    assert consumers["visits.return-visits"].drain() == 2
    assert db.return_visits.count_documents({}) == 1


def test_bad_filters_are_refused_naming_the_field(client, auth):
    response = client.get("/return-visits?status=lost", headers=auth("p1", READ))
    assert response.status_code == 422 and "status" in response.get_json()["errors"]
    response = client.get("/return-visits?overdue=perhaps", headers=auth("p1", READ))
    assert response.status_code == 422 and "overdue" in response.get_json()["errors"]
