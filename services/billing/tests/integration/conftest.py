"""Fixtures for billing's integration tests: the app on a fresh database, tokens per role,
and shortcuts that put a project into a known state through the real handlers."""
from datetime import UTC, datetime

import pytest
from billing.app import create_app
from billing.consumers import build_consumers
from billing.domain import DocumentType
from billing.handlers.charges import charge_completed_repair
from billing.sequences import run_numbered
from kefulib.messaging import Event

READ_WRITE = ["billing:read", "billing:write"]


@pytest.fixture
def settings(settings_for):
    return settings_for("billing")


@pytest.fixture
def app(settings, token_factory):
    return create_app(settings, jwks_fetcher=lambda: token_factory.jwks)


@pytest.fixture
def db(app):
    return app.extensions["kefu"].db


@pytest.fixture
def consumer(app, settings):
    (consumer,) = build_consumers(app.extensions["kefu"].db, settings)
    consumer.declare()
    return consumer


def repair_completed(tenant="p1", ticket_id="t-1", *, unit_id="3-12-1203", round_=1, lines=None, quote_id=None,
                     quote_version=None, rework_of=None, completed_at="2026-11-20T08:00:00+00:00"):
    lines = lines if lines is not None else [
        {"catalogue_code": "REP-02", "description": "更换水龙头", "quantity": 1, "unit_price_fen": 3000, "materials_fen": 6000}]
    return Event("ticketing.repair.completed", tenant, actor="tech-1", data={
        "ticket_id": ticket_id, "unit_id": unit_id, "category": "general", "completed_at": completed_at,
        "customer_signed": True, "signed_by": "业主王先生", "quote_id": quote_id, "quote_version": quote_version,
        "lines": lines,
        "total_fen": sum(line["quantity"] * line["unit_price_fen"] + line["materials_fen"] for line in lines),
        "warranty_rework_of": rework_of, "round": round_,
    })


class Billing:
    """The API as a given role of a given project sees it."""

    def __init__(self, app, token_factory, db):
        self.client = app.test_client()
        self.tokens = token_factory
        self.db = db

    def headers(self, tenant="p1", roles=("finance_clerk",), scopes=READ_WRITE, key=None, hq=False):
        headers = self.tokens.headers(tenant, scopes, list(roles), subject=f"{tenant}-{'-'.join(roles) or 'x'}", hq=hq)
        if key is not None:
            headers["Idempotency-Key"] = key
        return headers

    def get(self, path, tenant="p1", roles=("finance_clerk",), **kwargs):
        return self.client.get(path, headers=self.headers(tenant, roles, hq=kwargs.pop("hq", False)), **kwargs)

    def post(self, path, json=None, tenant="p1", roles=("finance_clerk",), key=None):
        return self.client.post(path, json=json, headers=self.headers(tenant, roles, key=key))

    def put(self, path, json=None, tenant="p1", roles=("finance_clerk",)):
        return self.client.put(path, json=json, headers=self.headers(tenant, roles))

    def quote(self, ticket_id="t-1", lines=None, tenant="p1", accept=True):
        """A billing quote for a ticket, sent and (unless told otherwise) accepted as version 1."""
        lines = lines or [{"catalogue_code": "REP-02", "quantity": 1, "materials_fen": 6000}]
        quote = self.post("/quotes", {"ticket_id": ticket_id, "unit_id": "3-12-1203", "lines": lines}, tenant=tenant)
        assert quote.status_code == 201, quote.get_json()
        quote_id = quote.get_json()["id"]
        self.post(f"/quotes/{quote_id}/send", tenant=tenant)
        if accept:
            assert self.post(f"/quotes/{quote_id}/accept", {"version": 1}, tenant=tenant).status_code == 200
        return self.get(f"/quotes/{quote_id}", tenant=tenant).get_json()

    def outbox(self, type_):
        return [o["envelope"] for o in self.db.outbox.find({"routing_key": type_}).sort("created_at", 1)]

    def seed(self, tenant="p1"):
        response = self.post("/catalogue/seed", tenant=tenant, roles=("project_manager",))
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    def charge(self, tenant="p1", **event_kwargs):
        """A charge as the consumer makes it from a completed repair (without the broker)."""
        event = repair_completed(tenant, **event_kwargs)
        document = run_numbered(self.db, tenant, [DocumentType.SLIP],
                                lambda session: charge_completed_repair(self.db, event, session))
        return document

    def pay(self, charge_id, amount_fen, tenant="p1", key=None, method="cash_at_centre", roles=("cs_assistant",)):
        key = key or f"pay-{charge_id}-{amount_fen}-{datetime.now(UTC).timestamp()}"
        return self.post("/payments", {"charge_id": charge_id, "amount_fen": amount_fen, "method": method},
                         tenant=tenant, roles=roles, key=key)


@pytest.fixture
def billing(app, token_factory, db):
    return Billing(app, token_factory, db)
