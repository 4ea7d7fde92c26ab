"""Every POST that creates something accepts an Idempotency-Key, and a retry returns the first response."""
from kefulib.idempotency import HEADER

HTTP_METHODS = {"get", "put", "post", "patch", "delete"}


def creating_posts(spec):
    for path, item in spec["paths"].items():
        operation = item.get("post")
        if operation and "201" in operation.get("responses", {}):
            yield path, operation


def test_every_creating_post_in_every_service_declares_the_idempotency_key(specs):
    missing = [f"{service} POST {path}" for service, spec in specs.items() for path, operation in creating_posts(spec)
               if not any(p.get("in") == "header" and p.get("name") == HEADER for p in operation.get("parameters", []))]
    counted = sum(1 for spec in specs.values() for _ in creating_posts(spec))
    assert counted >= 30 and missing == []


def test_a_retried_create_returns_the_first_response_and_creates_once(apps, token_factory):
    client = apps["ticketing"].test_client()
    headers = {**token_factory.headers("p1", ["ticketing:read", "ticketing:write"], ["cs_assistant"]),
               HEADER: "retry-me-1"}
    body = {"kind": "repair", "title": "Tap drips"}
    first = client.post("/tickets", json=body, headers=headers)
    again = client.post("/tickets", json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.get_json()["id"] == first.get_json()["id"] and again.headers["Idempotent-Replayed"] == "true"
    listed = client.get("/tickets", headers=headers).get_json()
    assert listed["total"] == 1


def test_the_same_key_with_another_body_is_refused_naming_the_header(apps, token_factory):
    client = apps["visits"].test_client()
    headers = {**token_factory.headers("p1", ["visits:read", "visits:write"], ["project_manager"]), HEADER: "k-2"}
    first = client.post("/bookable-resources", json={"name": "Hall", "slot_minutes": 60,
                                                      "weekly_hours": {"0": [{"start": "09:00", "end": "10:00"}]}},
                        headers=headers)
    other = client.post("/bookable-resources", json={"name": "Gym", "slot_minutes": 60,
                                                      "weekly_hours": {"0": [{"start": "09:00", "end": "10:00"}]}},
                        headers=headers)
    assert first.status_code == 201
    assert other.status_code == 422 and HEADER in other.get_json()["errors"]
    assert client.get("/bookable-resources", headers=headers).get_json()["total"] == 1


def test_a_replayed_client_creation_never_shows_or_stores_the_secret_again(apps, token_factory):
    app = apps["identity"]
    client = app.test_client()
    hq = {**token_factory.headers("hq", ["identity:admin"], ["hq_admin"], subject="hq-admin", hq=True),
          HEADER: "new-client-1"}
    assert client.post("/tenants", json={"code": "p1", "name": "Project one"}, headers=hq).status_code == 201
    body = {"name": "Payments gateway", "scopes": ["billing:write"]}
    first = client.post("/tenants/p1/clients", json=body, headers=hq)
    again = client.post("/tenants/p1/clients", json=body, headers=hq)
    assert first.status_code == again.status_code == 201 and again.headers["Idempotent-Replayed"] == "true"
    secret = first.get_json()["client_secret"]
    assert secret and again.get_json()["client_secret"] is None
    assert again.get_json()["client_id"] == first.get_json()["client_id"]
    stored = list(app.extensions["kefu"].db["idempotent_requests"].find())
    assert stored and not any(secret.encode() in record["body"] for record in stored)
