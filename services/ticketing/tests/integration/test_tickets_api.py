"""POST/GET /tickets against the real MongoDB, with tokens the service verifies."""
import pytest
from ticketing.app import create_app

WRITE = ["ticketing:write", "ticketing:read"]


@pytest.fixture
def app(settings_for, token_factory):
    return create_app(settings_for("ticketing"), jwks_fetcher=lambda: token_factory.jwks)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def db(app):
    return app.extensions["kefu"].db


def test_creating_a_ticket_stores_it_and_its_created_event_together(client, db, token_factory):
    response = client.post("/tickets", json={"kind": "repair", "title": "Kitchen tap leaks", "unit_id": "1-3-302"},
                           headers=token_factory.headers("p1", WRITE, subject="cs-1"))
    assert response.status_code == 201
    ticket = response.get_json()
    assert ticket["status"] == "received" and ticket["first_responder"] == "cs-1"
    stored = db.tickets.find_one({"_id": ticket["id"]})
    assert stored["tenant_id"] == "p1"
    event = db.outbox.find_one()
    assert event["routing_key"] == "ticketing.ticket.created"
    assert event["envelope"]["data"]["ticket_id"] == ticket["id"] and event["envelope"]["tenant_id"] == "p1"


@pytest.mark.parametrize("body, field", [
    ({"title": "no kind"}, "kind"),
    ({"kind": "teleport", "title": "x"}, "kind"),
    ({"kind": "repair"}, "title"),
    ({"kind": "repair", "title": ""}, "title"),
    ({"kind": "repair", "title": "x", "channel": "pigeon"}, "channel"),
    ({"kind": "repair", "title": "x", "unit_id": "u" * 65}, "unit_id"),
])
def test_bad_input_is_refused_naming_the_field_and_writes_nothing(client, db, token_factory, body, field):
    response = client.post("/tickets", json=body, headers=token_factory.headers("p1", WRITE))
    assert response.status_code == 422
    assert response.headers["Content-Type"] == "application/problem+json"
    assert field in response.get_json()["errors"]
    assert db.tickets.count_documents({}) == 0 and db.outbox.count_documents({}) == 0


def test_a_body_that_is_not_json_is_a_400_problem(client, db, token_factory):
    response = client.post("/tickets", data="{oops", content_type="application/json",
                           headers=token_factory.headers("p1", WRITE))
    assert response.status_code == 400 and response.get_json()["status"] == 400
    assert db.tickets.count_documents({}) == 0


def test_another_tenants_ticket_looks_missing(client, token_factory):
    created = client.post("/tickets", json={"kind": "inquiry", "title": "Opening hours?"},
                          headers=token_factory.headers("p1", WRITE)).get_json()
    other = token_factory.headers("p2", WRITE)
    missing = client.get("/tickets/does-not-exist", headers=other)
    foreign = client.get(f"/tickets/{created['id']}", headers=other)
    assert foreign.status_code == missing.status_code == 404
    assert foreign.get_json() == missing.get_json()
    assert client.get("/tickets", headers=other).get_json()["total"] == 0
    assert client.get(f"/tickets/{created['id']}", headers=token_factory.headers("p1", WRITE)).status_code == 200


def test_requests_without_a_token_or_scope_are_refused(client, token_factory):
    assert client.post("/tickets", json={"kind": "repair", "title": "x"}).status_code == 401
    read_only = token_factory.headers("p1", ["ticketing:read"])
    assert client.post("/tickets", json={"kind": "repair", "title": "x"}, headers=read_only).status_code == 403


def test_the_list_pages_and_filters_by_kind(client, token_factory):
    headers = token_factory.headers("p1", WRITE)
    for n in range(3):
        client.post("/tickets", json={"kind": "repair", "title": f"r{n}"}, headers=headers)
    client.post("/tickets", json={"kind": "complaint", "title": "noise"}, headers=headers)
    page = client.get("/tickets?kind=repair&page_size=2", headers=headers).get_json()
    assert [t["title"] for t in page["items"]] == ["r2", "r1"] and page["next_cursor"]
    assert page["total"] is None  # more follow: counting would read them all, so only on request
    counted = client.get("/tickets?kind=repair&page_size=2&with_total=true", headers=headers).get_json()
    assert counted["total"] == 3
    rest = client.get(f"/tickets?kind=repair&page_size=2&cursor={page['next_cursor']}", headers=headers).get_json()
    assert [t["title"] for t in rest["items"]] == ["r0"] and rest["next_cursor"] is None
    by_number = client.get("/tickets?kind=repair&page_size=2&page=2", headers=headers).get_json()
    assert [t["title"] for t in by_number["items"]] == ["r0"] and by_number["total"] == 3  # read from the start
    whole = client.get("/tickets", headers=headers).get_json()
    assert whole["total"] == 4 and whole["next_cursor"] is None  # the last page knows its total for free
    assert client.get("/tickets?page_size=0", headers=headers).status_code == 422
    bad = client.get("/tickets?cursor=not-ours", headers=headers)
    assert bad.status_code == 422 and "cursor" in bad.get_json()["errors"]


def test_the_service_serves_its_openapi_document_and_health(client):
    spec = client.get("/openapi.json").get_json()
    assert spec["openapi"].startswith("3.") and "/tickets" in spec["paths"]
    assert client.get("/livez").status_code == 200
    assert client.get("/readyz").get_json()["checks"] == {"mongodb": "ok", "rabbitmq": "ok"}


def test_concurrent_creates_with_one_idempotency_key_make_exactly_one_ticket_and_event(app, db, token_factory):
    import threading
    headers = token_factory.headers("p1", WRITE, subject="cs-1")
    body = {"kind": "repair", "title": "Kitchen tap leaks"}
    app.test_client().post("/tickets", json=body, headers={**headers, "Idempotency-Key": "warm-up"})
    results, start = [], threading.Barrier(6)

    def twin():
        start.wait()
        response = app.test_client().post("/tickets", json=body, headers={**headers, "Idempotency-Key": "twin"})
        results.append((response.status_code, response.get_json().get("id")))
    threads = [threading.Thread(target=twin) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    created = {ticket_id for status, ticket_id in results if status == 201}
    assert all(status in (201, 409) for status, _ in results) and len(created) == 1
    assert db.tickets.count_documents({}) == 2 and db.outbox.count_documents(
        {"routing_key": "ticketing.ticket.created"}) == 2
    again = app.test_client().post("/tickets", json=body, headers={**headers, "Idempotency-Key": "twin"})
    assert again.status_code == 201 and again.get_json()["id"] in created
    assert again.headers["Idempotent-Replayed"] == "true"
