"""The idempotency decorator on a tiny app backed by the real MongoDB."""
import uuid

import pytest
from flask_smorest import Blueprint
from kefulib.authn import require
from kefulib.idempotency import IDEMPOTENCY_INDEXES, idempotent
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
