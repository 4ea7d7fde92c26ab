"""The cross-tenant probe generated from billing's OpenAPI document (see kefulib.testing.tenant_probe)."""
import uuid

import pytest
from kefulib.testing.read_only_probe import probe_read_only
from kefulib.testing.tenant_probe import Probe, probe_service

from .conftest import READ_WRITE
from .test_tenant_isolation_and_bad_input import ROLES, world  # noqa: F401 - the fixture that makes one of everything in p1

MARKER = "#p1-only-marker-7f3c2a"  # "#" sorts before ids, so a finding's first three leaks show it
MARKED_ITEM = "MRK-01"
EVERY_ROLE = ["finance_clerk", "project_manager", "cs_assistant", "cs_administrator", "cs_supervisor",
              "integration_client"]


@pytest.fixture
def owner(billing, world):  # noqa: F811
    """World's records of p1, plus a catalogue item, a quote and a commission carrying a marker only p1 may read,
    and a held charge for the probe's charge_id."""
    item = billing.post("/catalogue/items", {"code": MARKED_ITEM, "kind": "paid", "category": "pets", "name_zh": MARKER,
                                             "price_fen": 4200, "unit": "元/次"}, roles=ROLES)
    quote = billing.post("/quotes", {"ticket_id": "t-2", "unit_id": "u-1", "lines": [
        {"catalogue_code": MARKED_ITEM, "quantity": 1}]})
    order = billing.post("/commissions", {"unit_id": "u-1", "description": MARKER, "prepaid_fen": 100}, roles=ROLES)
    assert (item.status_code, quote.status_code, order.status_code) == (201, 201, 201)
    # A held charge, so that another project releasing or cancelling it would show as a changed document.
    held = billing.charge("p1", ticket_id="t-3", unit_id="u-1", quote_id="unknown-quote")
    assert held["status"] == "held"
    return {**world, "charge": held["_id"]}


def probe_for(records):
    """Every path parameter of billing's API gets a real value of p1, and so do the body fields that name p1's
    catalogue (`lines`, `category`). Catalogue codes and categories are plain values, not ids: they are names
    every project picks for itself (the seed gives all the same ones), so p2 creating a category that p1 also
    has is no finding."""
    return Probe(owner_tenant="p1",
                 ids={"quote_id": records["quote"], "charge_id": records["charge"], "payment_id": records["payment"],
                      "refund_id": records["refund"], "credit_id": records["credit"], "order_id": records["order"],
                      "number": records["number"], "unit_id": "u-1", "ticket_id": "t-1"},
                 values={"code": MARKED_ITEM, "category": "pets",
                         "lines": [{"catalogue_code": MARKED_ITEM, "quantity": 1}]},
                 secrets={MARKER})


class OneKeyPerRequest:
    """The test client as an integrator uses it: a new Idempotency-Key on every request.

    The engine sends the same headers for the request with the owner's id and for the one with a
    missing id; with one fixed key the second is refused as a key reused with another body (422),
    which is the service being right, not a leak.
    """

    def __init__(self, client):
        self.client = client

    def __getattr__(self, method):
        send = getattr(self.client, method)

        def with_fresh_key(path, headers, **kwargs):
            return send(path, headers={**headers, "Idempotency-Key": f"{headers['Idempotency-Key']}-{uuid.uuid4().hex}"},
                        **kwargs)
        return with_fresh_key


def intruder_headers(billing):
    """Project p2 with every role that acts in billing and both scopes (not HQ: HQ reads across projects by design)."""
    headers = billing.tokens.headers("p2", READ_WRITE, EVERY_ROLE, subject="p2-intruder")
    return {**headers, "Idempotency-Key": "probe-intruder"}


def test_every_operation_answers_another_project_like_not_found(billing, db, owner):
    spec = billing.client.get("/openapi.json").get_json()
    report = probe_service(OneKeyPerRequest(billing.client), spec, intruder_headers(billing), probe_for(owner), db)
    print("\n".join(report.probed))
    assert report.findings == []


def test_the_probe_reports_an_operation_that_answers_with_the_owners_data(billing, db, owner):
    """The probe itself is checked: aimed with the owner's own token, it must see the records."""
    spec = billing.client.get("/openapi.json").get_json()
    own = {**billing.tokens.headers("p1", READ_WRITE, EVERY_ROLE, subject="p1-owner"), "Idempotency-Key": "probe-owner"}
    findings = probe_service(OneKeyPerRequest(billing.client), spec, own, probe_for(owner), db).findings
    for path in ("/quotes/{quote_id}", "/charges/{charge_id}", "/payments/{payment_id}", "/commissions/{order_id}"):
        assert any(f.startswith(f"GET {path}: answer carries the owner's") for f in findings), path
    assert any(f.startswith("GET /catalogue/items/{code}: answer carries the owner's") and MARKER in f for f in findings)
    assert any(f.startswith("GET /commissions: answer carries the owner's") and MARKER in f for f in findings)
    assert "the owner's stored documents changed during the probe" in findings


@pytest.mark.parametrize("path,key,field,record", [
    ("/refunds", "rf-world-1", "payment_id", "payment"),
    ("/credit-notes", "cn-world-1", "charge_id", "charge"),
])
def test_another_project_replaying_the_owners_idempotency_key_gets_no_replay(billing, world, path, key, field,  # noqa: F811
                                                                            record):
    """The very request p1 made in `world` (same key, same body) sent by p2 is a missing id, never p1's stored answer."""
    body = {field: world[record], "amount_fen": 500, "reason": "x"}
    theirs = billing.client.post(path, json=body, headers={**intruder_headers(billing), "Idempotency-Key": key})
    assert theirs.status_code == 404 and "Idempotent-Replayed" not in theirs.headers
    assert world["payment"] not in theirs.get_data(as_text=True)


def test_attack_the_hq_auditor_calls_every_non_get_operation(billing, db, owner):
    """X-1: the HQ auditor reads and changes nothing; every write answers 403 and the database is unchanged."""
    spec = billing.client.get("/openapi.json").get_json()
    auditor = {**billing.tokens.headers("p1", READ_WRITE, ["hq_auditor"], subject="hq-auditor", hq=True),
               "Idempotency-Key": "auditor-probe"}
    report = probe_read_only(billing.client, spec, auditor, db, ids=probe_for(owner).ids,
                             values=probe_for(owner).values)
    print("\n".join(report.probed))
    assert report.findings == [] and report.exempted == []
    assert {"POST /payments -> 403", "POST /refunds -> 403", "POST /catalogue/items -> 403"} <= set(report.probed)
