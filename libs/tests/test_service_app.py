"""What create_service_app does for every service: domain errors answered as problems, the clock tests move."""
from datetime import UTC, datetime

import pytest
from flask_smorest import Blueprint
from kefulib.authn import require
from kefulib.clock import now
from kefulib.problems import Conflict
from kefulib.web import create_service_app

blp = Blueprint("rules", __name__)
FIXED = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)


class AlreadyClosed(Exception):
    """A service's own domain error, raised by a rule that knows nothing of HTTP."""


@blp.route("/close", methods=["POST"])
@require(scopes=["w"])
def close():
    raise AlreadyClosed("It was closed on Monday.")


@blp.route("/time", methods=["GET"])
@require(scopes=["w"])
def time():
    return {"now": now().isoformat()}


@pytest.fixture
def http(settings_for, token_factory):
    app = create_service_app(settings=settings_for("rules"), title="t", version="1", description="d", blueprints=[blp],
                             indexes=[], jwks_fetcher=lambda: token_factory.jwks,
                             domain_problems={AlreadyClosed: lambda error: Conflict(str(error), reason_code="closed")},
                             clock=lambda: FIXED)
    return app.test_client()


def test_a_domain_error_is_answered_as_the_problem_the_service_maps_it_to(http, token_factory):
    answer = http.post("/close", headers=token_factory.headers("p1", ["w"]))
    assert answer.status_code == 409 and answer.mimetype == "application/problem+json"
    assert answer.get_json() == {"type": "https://kefu.example/problems/conflict", "title": "Conflict", "status": 409,
                                 "detail": "It was closed on Monday.", "reason_code": "closed"}


def test_the_clock_given_to_the_app_is_the_one_handlers_read(http, token_factory):
    assert http.get("/time", headers=token_factory.headers("p1", ["w"])).get_json() == {"now": FIXED.isoformat()}


def test_outside_an_app_the_clock_is_the_systems():
    before = datetime.now(UTC)
    assert before <= now() <= datetime.now(UTC)
