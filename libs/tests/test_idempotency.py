"""The idempotency decorator on a tiny app backed by the real MongoDB."""
import threading
import uuid

import pytest
from flask_smorest import Blueprint
from kefulib.authn import require
from kefulib.idempotency import IDEMPOTENCY_INDEXES, IDEMPOTENCY_KEYS, idempotent
from kefulib.store import run_in_transaction
from kefulib.web import context, create_service_app
from marshmallow import Schema, fields

blp = Blueprint("things", __name__)


class ThingIn(Schema):
    name = fields.String(required=True)


class ThingOut(Schema):
    id = fields.String(attribute="_id")
    name = fields.String()


@blp.route("/things", methods=["POST"])
@require(scopes=["w"])
@idempotent()
@blp.arguments(ThingIn)
@blp.response(201, ThingOut)
def create_thing(body):
    thing = {"_id": uuid.uuid4().hex, **body}
    context().db.things.insert_one(thing)
    return thing


@blp.route("/things-in-a-transaction", methods=["POST"])
@require(scopes=["w"])
@idempotent()
@blp.arguments(ThingIn)
@blp.response(201, ThingOut)
def create_thing_in_a_transaction(body):
    thing = {"_id": uuid.uuid4().hex, **body}
    db = context().db

    def work(session):
        db.things.insert_one(thing, session=session)
        db.thing_events.insert_one({"thing": thing["_id"]}, session=session)
    run_in_transaction(db, work)
    return thing


@blp.route("/things-retried", methods=["POST"])
@require(scopes=["w"])
@idempotent()
@blp.arguments(ThingIn)
@blp.response(201, ThingOut)
def create_thing_after_a_failed_transaction(body):
    """Catches a transaction that failed and makes another, as a retry loop does."""
    thing = {"_id": uuid.uuid4().hex, **body}
    db = context().db

    def fails(session):
        db.things.insert_one({"_id": "half-done", "name": "never kept"}, session=session)
        raise LookupError("a rule found something missing")
    try:
        run_in_transaction(db, fails)
    except LookupError:
        run_in_transaction(db, lambda session: db.things.insert_one(thing, session=session))
    return thing


@pytest.fixture
def client(settings_for, token_factory):
    app = create_service_app(settings=settings_for("idem"), title="t", version="1", description="d", blueprints=[blp],
                             indexes=IDEMPOTENCY_INDEXES, jwks_fetcher=lambda: token_factory.jwks)
    return app.test_client(), app.extensions["kefu"].db


def test_a_retry_with_the_same_key_returns_the_first_response_and_creates_nothing_more(client, token_factory):
    http, db = client
    headers = {**token_factory.headers("p1", ["w"]), "Idempotency-Key": "k-1"}
    first = http.post("/things", json={"name": "a"}, headers=headers)
    again = http.post("/things", json={"name": "a"}, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.get_json() == first.get_json() and again.headers["Idempotent-Replayed"] == "true"
    assert db.things.count_documents({}) == 1


def test_the_same_key_with_another_body_is_refused_naming_the_header(client, token_factory):
    http, db = client
    headers = {**token_factory.headers("p1", ["w"]), "Idempotency-Key": "k-2"}
    http.post("/things", json={"name": "a"}, headers=headers)
    refused = http.post("/things", json={"name": "b"}, headers=headers)
    assert refused.status_code == 422 and "Idempotency-Key" in refused.get_json()["errors"]
    assert db.things.count_documents({}) == 1


def test_keys_are_separate_per_tenant(client, token_factory):
    http, db = client
    for tenant in ("p1", "p2"):
        http.post("/things", json={"name": "a"}, headers={**token_factory.headers(tenant, ["w"]), "Idempotency-Key": "k"})
    assert db.things.count_documents({}) == 2


def test_a_request_that_failed_validation_can_be_retried_with_the_same_key(client, token_factory):
    http, db = client
    headers = {**token_factory.headers("p1", ["w"]), "Idempotency-Key": "k-3"}
    assert http.post("/things", json={}, headers=headers).status_code == 422
    assert http.post("/things", json={"name": "a"}, headers=headers).status_code == 201
    assert db.things.count_documents({}) == 1


TRANSACTIONAL = "/things-in-a-transaction"


def test_a_transactional_view_keeps_its_record_in_its_own_transaction_and_replays_it(client, token_factory):
    http, db = client
    headers = {**token_factory.headers("p1", ["w"]), "Idempotency-Key": "tx-1"}
    responses = [http.post(TRANSACTIONAL, json={"name": "a"}, headers=headers) for _ in range(3)]
    assert [r.status_code for r in responses] == [201, 201, 201]
    assert responses[1].get_json() == responses[2].get_json() == responses[0].get_json()
    assert responses[2].headers["Idempotent-Replayed"] == "true"
    assert db.things.count_documents({}) == db.thing_events.count_documents({}) == 1
    record = db[IDEMPOTENCY_KEYS].find_one({"tenant_id": "p1"})
    assert record["state"] == "done" and record["status"] == 201
    refused = http.post(TRANSACTIONAL, json={"name": "b"}, headers=headers)
    assert refused.status_code == 422 and "Idempotency-Key" in refused.get_json()["errors"]
    assert db.things.count_documents({}) == 1


@pytest.mark.parametrize("path", ["/things", TRANSACTIONAL])
def test_concurrent_twins_create_exactly_one_thing(client, token_factory, path):
    http, db = client
    app = http.application
    headers = {**token_factory.headers("p1", ["w"])}
    http.post(path, json={"name": "warm"}, headers={**headers, "Idempotency-Key": f"warm-{path}"})
    statuses, start = [], threading.Barrier(6)

    def twin():
        start.wait()
        response = app.test_client().post(path, json={"name": "twin"}, headers={**headers, "Idempotency-Key": "same"})
        statuses.append((response.status_code, response.get_json().get("id")))
    threads = [threading.Thread(target=twin) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert db.things.count_documents({"name": "twin"}) == 1
    created = {thing_id for status, thing_id in statuses if status == 201}
    assert all(status in (201, 409) for status, _ in statuses) and len(created) == 1


def test_a_view_that_retries_a_failed_transaction_keeps_each_its_own_and_its_key_in_two_steps(client, token_factory):
    http, db = client
    headers = token_factory.headers("p1", ["w"])
    for n in range(3):
        responses = [http.post("/things-retried", json={"name": f"n{n}"}, headers={**headers, "Idempotency-Key": f"r{n}"})
                     for _ in range(2)]
        assert [r.status_code for r in responses] == [201, 201] and responses[1].headers["Idempotent-Replayed"] == "true"
    assert db.things.count_documents({}) == 3 and db.things.count_documents({"_id": "half-done"}) == 0
