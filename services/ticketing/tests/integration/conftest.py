"""Shared fixtures for ticketing's integration tests: the app and the closed-loop consumer (client, db and
consumers are kefulib.testing.service_tests')."""
import pytest
from kefulib.messaging import Event, OutboxRelay, add_to_outbox
from kefulib.store import run_in_transaction
from ticketing.app import create_app
from ticketing.consumers import CLOSED_LOOP_CONSUMER, QUOTES_CONSUMER

RW = ["ticketing:read", "ticketing:write"]


@pytest.fixture
def settings(settings_for):
    return settings_for("ticketing")


@pytest.fixture
def app(settings, token_factory):
    return create_app(settings, jwks_fetcher=lambda: token_factory.jwks)


@pytest.fixture
def consumer(consumers):
    return consumers[CLOSED_LOOP_CONSUMER]


@pytest.fixture
def quote_consumer(consumers):
    return consumers[QUOTES_CONSUMER]


@pytest.fixture
def as_(token_factory):
    """Headers for a person of a project: as_("p1", "cs-1", "cs_assistant")."""
    def make(tenant="p1", subject="cs-1", *roles, hq=False):
        return token_factory.headers(tenant, RW, list(roles), subject=subject, hq=hq)
    return make


class Desk:
    """Drives tickets over REST for one project and person."""

    def __init__(self, client, headers):
        self.client, self.headers = client, headers

    def create(self, **body):
        response = self.client.post("/tickets", json={"title": "t", **body}, headers=self.headers)
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    def act(self, ticket_id, action, expect=200, **body):
        response = self.client.post(f"/tickets/{ticket_id}/actions/{action}", json=body, headers=self.headers)
        assert response.status_code == expect, (action, response.get_json())
        return response.get_json()

    def get(self, path, expect=200):
        response = self.client.get(path, headers=self.headers)
        assert response.status_code == expect, response.get_json()
        return response.get_json()

    def post(self, path, body=None, expect=200, method="post"):
        response = getattr(self.client, method)(path, json=body or {}, headers=self.headers)
        assert response.status_code == expect, (path, response.get_json())
        return response.get_json()


@pytest.fixture
def desk(client, as_):
    return Desk(client, as_("p1", "cs-1", "cs_assistant", "project_manager"))


@pytest.fixture
def visits(mongo_client, settings, consumer):
    """Delivers visits.return_visit.completed through a real outbox, relay, broker and the consumer."""
    def complete(ticket_id, *, round=1, unhappy=False, satisfaction=5, tenant="p1", problem_came_back=False):
        outbox_db = mongo_client[settings.mongo_db + "_visits"]
        event = Event("visits.return_visit.completed", tenant, actor="visits-clerk", data={
            "return_visit_id": f"rv-{ticket_id}-{round}", "ticket_id": ticket_id, "round": round,
            "source": "repair_completed", "method": "phone", "satisfaction": satisfaction,
            "problem_came_back": problem_came_back, "unhappy": unhappy, "completed_at": "2026-11-25T08:00:00+00:00"})
        run_in_transaction(outbox_db, lambda s: add_to_outbox(outbox_db, event, s))
        OutboxRelay(outbox_db, settings.amqp_url, settings.topology).run_once()
        mongo_client.drop_database(outbox_db.name)
        return consumer.drain()
    return complete


@pytest.fixture
def events(db):
    """The events a type written to the outbox, oldest first."""
    def of(type_):
        return [o["envelope"] for o in db.outbox.find({"routing_key": type_}).sort("created_at", 1)]
    return of


@pytest.fixture
def everything(db):
    """Every document of every collection, to show a refused request wrote nothing."""
    def snapshot():
        return {name: sorted(map(repr, db[name].find({}))) for name in sorted(db.list_collection_names())}
    return snapshot


@pytest.fixture
def billing(mongo_client, settings, quote_consumer):
    """Delivers billing's quote events through a real outbox, relay, broker and ticketing's quote consumer."""
    def publish(change, ticket_id, *, quote_id="q-1", version=1, revision=2, total_fen=3800, lines=None, tenant="p1"):
        outbox_db = mongo_client[settings.mongo_db + "_billing"]
        data = {"quote_id": quote_id, "ticket_id": ticket_id, "unit_id": "1-3-302", "version": version,
                "quote_revision": revision, "total_fen": total_fen}
        if change == "accepted":
            data.update(lines=lines or [{"catalogue_code": "REP-02", "description": "更换水龙头", "quantity": 1,
                                         "unit_price_fen": total_fen, "materials_fen": 0}], recorded_via="phone")
        if change == "revised":
            data["previous_version"] = version - 1
        event = Event(f"billing.quote.{change}", tenant, actor="billing-clerk", data=data)
        run_in_transaction(outbox_db, lambda s: add_to_outbox(outbox_db, event, s))
        OutboxRelay(outbox_db, settings.amqp_url, settings.topology).run_once()
        mongo_client.drop_database(outbox_db.name)
        return quote_consumer.drain()
    return publish
