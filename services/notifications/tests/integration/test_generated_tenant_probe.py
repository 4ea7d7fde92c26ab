"""The cross-tenant probe generated from notifications' OpenAPI document (see kefulib.testing.tenant_probe)."""
import pytest
from kefulib.testing.read_only_probe import probe_read_only
from kefulib.testing.tenant_probe import Probe, operations, probe_service

from .conftest import RW, breached


@pytest.fixture
def owned(db, publish, staff):
    """p1's items: one for its supervisor; the probe aims at it with p2's people."""
    publish(breached("t-owner-marker-1", 1))
    (item,) = db.inbox_items.find({"tenant_id": "p1"})
    return {"item_id": item["_id"]}


def _probe(client, db, headers, owned):
    spec = client.get("/openapi.json").get_json()
    probe = Probe(owner_tenant="p1", ids={"item_id": owned["item_id"]}, secrets={"t-owner-marker-1", "Sup One"})
    secured = {f"{m.upper()} {p}" for m, p, op in operations(spec) if op.get("security", [{}])}
    return probe_service(client, spec, headers, probe, db), secured


@pytest.mark.parametrize("subject", ["p2-intruder", "s-sup1"])
def test_every_operation_answers_another_project_like_not_found(client, db, token_factory, owned, subject):
    # Also the owner's own subject signed in to another project: items follow the project signed in to.
    intruder = token_factory.headers("p2", RW, ["cs_supervisor", "project_manager"], subject=subject)
    report, secured = _probe(client, db, intruder, owned)
    print("\n".join(report.probed))
    assert report.findings == []
    assert {line.split(" -> ")[0] for line in report.probed} == secured and len(report.probed) == len(secured)


def test_the_probe_reports_an_operation_that_answers_with_the_owners_data(client, db, token_factory, owned):
    """The probe itself is checked: aimed with the owner's own token, it must see the item."""
    owner = token_factory.headers("p1", RW, ["cs_supervisor", "project_manager"], subject="s-sup1")
    report, _ = _probe(client, db, owner, owned)
    carrying = {f.split(": answer carries")[0] for f in report.findings if ": answer carries the owner's" in f}
    assert {"GET /inbox", "GET /inbox/{item_id}", "POST /inbox/{item_id}/read", "GET /role-holders"} <= carrying
    assert "the owner's stored documents changed during the probe" in report.findings


def test_attack_the_hq_auditor_calls_every_non_get_operation(client, db, token_factory, owned):
    """X-1: the HQ auditor changes nothing, not even the state of an inbox item; every write is 403."""
    spec = client.get("/openapi.json").get_json()
    auditor = token_factory.headers("p1", RW, ["hq_auditor"], subject="s-sup1", hq=True)
    report = probe_read_only(client, spec, auditor, db, ids={"item_id": owned["item_id"]})
    print("\n".join(report.probed))
    assert report.findings == [] and report.exempted == []
    assert {"POST /inbox/{item_id}/read -> 403", "POST /inbox/{item_id}/done -> 403"} <= set(report.probed)
