"""The HQ auditor is read-only (X-1, ID-7): generated from identity's OpenAPI document, every operation that
is not a GET answers 403 to an hq_auditor token, and nothing is written (kefulib.testing.read_only_probe)."""
from datetime import timedelta

import pytest
from identity.domain import Role
from identity.domain.scopes import scopes_for
from kefulib.testing.read_only_probe import probe_read_only

EVERY_SCOPE = ["identity:admin", "identity:read", "identity:write", "identity:archives"]
# Non-GET operations open to the auditor, and why; the probe lists them and the test pins the set.
EXEMPT = {
    "POST /access-log/verify": "a read sent as POST: the auditor's job is to verify the chain",
    "POST /staff/me/password": "the caller's own password, not project data",
}


@pytest.fixture
def records(client, units, as_role, clock):
    """Real ids to aim at: a unit with an owner, a borrowing request, an important event, a staff account."""
    keeper = as_role("p1", "cs_administrator")
    owner = client.post("/units/1-1-101/owner", json={"since": "2024-03-01", "name": "王小明"}, headers=keeper)
    request = client.post("/borrowing-requests", headers=as_role("p1", "technician"), json={
        "record_kind": "owner_archive", "purpose": "repair_dispatch", "fields": ["name"],
        "valid_until": (clock.at + timedelta(hours=1)).isoformat()})
    event = client.post("/important-events", headers=keeper, json={"kind": "major_complaint", "title": "t"})
    customer = client.post("/customers", headers=keeper, json={"unit_id": "1-1-101", "name": "王小明"})
    assert {r.status_code for r in (owner, request, event, customer)} == {201}
    return {"unit_id": "1-1-101", "owner_id": owner.get_json()["owner_id"], "request_id": request.get_json()["id"],
            "event_id": event.get_json()["id"], "customer_id": customer.get_json()["customer_id"],
            "tenant_id": "p1", "project_id": "p1", "project": "p1"}


@pytest.mark.parametrize("scopes", [sorted(scopes_for(Role.HQ_AUDITOR)), EVERY_SCOPE],
                         ids=["auditor-scopes", "every-scope"])
def test_attack_hq_auditor_calls_every_non_get_operation(client, db, token_factory, records, scopes):
    spec = client.get("/openapi.json").get_json()
    auditor = token_factory.headers("p1", scopes, ["hq_auditor"], subject="hq-auditor", hq=True)
    report = probe_read_only(client, spec, auditor, db, ids=records,
                             values={"role": "cs_assistant", "kind": "move_in", "action": "approve"}, exempt=EXEMPT)
    print("\n".join(report.probed))
    assert report.findings == []
    assert {line.split(":")[0] for line in report.exempted} == set(EXEMPT)
    assert "POST /important-events" in {p.split(" -> ")[0] for p in report.probed}
    assert "POST /borrowing-requests" in {p.split(" -> ")[0] for p in report.probed}


def test_attack_hq_auditor_records_an_important_event_and_a_borrowing_request(client, db, as_role, units, clock):
    auditor = as_role("p1", "hq_auditor", hq=True)
    event = client.post("/important-events", headers=auditor, json={"kind": "major_complaint", "title": "t"})
    request = client.post("/borrowing-requests", headers=auditor, json={
        "record_kind": "owner_archive", "purpose": "audit", "fields": ["name"],
        "valid_until": (clock.at + timedelta(hours=1)).isoformat()})
    assert event.status_code == request.status_code == 403
    assert "read-only" in event.get_json()["detail"] and request.mimetype == "application/problem+json"
    assert db.important_events.count_documents({}) == db.archive_approvals.count_documents({}) == 0
    # ... but still reads and verifies the log, and an auditor who also works in the project acts as staff
    assert client.post("/access-log/verify", json={}, headers=auditor).get_json()["ok"] is True
    both = as_role("p1", "cs_assistant", "hq_auditor", hq=True)
    assert client.post("/important-events", headers=both, json={"kind": "major_complaint", "title": "t"}
                       ).status_code == 201
