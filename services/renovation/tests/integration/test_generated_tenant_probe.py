"""The cross-tenant probe generated from renovation's OpenAPI document (see kefulib.testing.tenant_probe), and the
read-only probe for the HQ auditor."""
from datetime import date, timedelta

import pytest
from kefulib.testing.read_only_probe import probe_read_only
from kefulib.testing.tenant_probe import Probe, operations, probe_service

from .conftest import RW, application_body

MARKERS = {"owner-marker-applicant", "owner-marker-contractor", "13800009999", "owner-marker-photo",
           "owner-marker-findings", "owner-marker-violation", "owner-marker-place", "owner-marker-watch",
           "owner-marker-reason"}


@pytest.fixture
def owned(client, token_factory, permitted):
    """p1's application and a worker's pass on a permitted one, carrying markers only p1 may ever see."""
    desk = token_factory.headers("p1", RW, ["cs_assistant"], subject="s-owner-desk")
    body = application_body(applicant={"kind": "owner", "name": "owner-marker-applicant", "phone": "13800009999"},
                            contractor={"company": "owner-marker-contractor", "name": "李师傅", "phone": "13700001111"})
    created = client.post("/applications", headers=desk, json=body)
    assert created.status_code == 201, created.get_json()
    application = permitted(unit_id="1-1-102")
    worker_pass = client.post(f"/applications/{application['id']}/passes", headers=desk, json={"worker": {
        "name": "owner-marker-worker", "id_number": "110101199001011234", "photo_ref": "owner-marker-photo"}})
    assert worker_pass.status_code == 201, worker_pass.get_json()
    tech = token_factory.headers("p1", RW, ["technician"], subject="s-owner-tech")
    patrol = client.post(f"/applications/{application['id']}/patrols", headers=tech, json={
        "findings": "owner-marker-findings", "photo_refs": ["owner-marker-photo"], "violations": [
            {"kind": "illegal_building", "description": "owner-marker-violation",
             "deadline": application["planned_start"]}]})
    assert patrol.status_code == 201, patrol.get_json()
    return {"application_id": created.get_json()["id"], "pass_id": worker_pass.get_json()["id"],
            "violation_id": patrol.get_json()["violations"][0]["id"], **_works(client, desk, application)}


def _works(client, desk, application) -> dict:
    hot_work = client.post(f"/applications/{application['id']}/hot-work", headers=desk, json={
        "day": application["planned_start"], "start": "09:00", "end": "10:00", "location": "owner-marker-place",
        "fire_watch": {"name": "owner-marker-watch"}})
    extension = client.post(f"/applications/{application['id']}/extensions", headers=desk, json={
        "new_end": (date.fromisoformat(application["planned_end"]) + timedelta(days=5)).isoformat(),
        "reason": "owner-marker-reason"})
    assert hot_work.status_code == extension.status_code == 201, (hot_work.get_json(), extension.get_json())
    return {"hot_work_id": hot_work.get_json()["id"], "extension_id": extension.get_json()["id"]}


def _probe(client, db, headers, owned):
    spec = client.get("/openapi.json").get_json()
    # The gate's check asks by the pass's number: the owner's number must be refused like a number nowhere.
    number = db.passes.find_one({"_id": owned["pass_id"]})["number"]
    probe = Probe(owner_tenant="p1", ids=owned, secrets=MARKERS, values={"number": number})
    secured = {f"{m.upper()} {p}" for m, p, op in operations(spec) if op.get("security", [{}])}
    return probe_service(client, spec, headers, probe, db), secured


def test_every_operation_answers_another_project_like_not_found(client, db, token_factory, owned):
    intruder = token_factory.headers("p2", RW, ["cs_supervisor", "project_manager", "engineering_supervisor"],
                                     subject="s-owner-desk")
    report, secured = _probe(client, db, intruder, owned)
    print("\n".join(report.probed))
    assert report.findings == []
    assert {line.split(" -> ")[0] for line in report.probed} == secured and len(report.probed) == len(secured)


def test_the_probe_reports_an_operation_that_answers_with_the_owners_data(client, db, token_factory, owned):
    """The probe itself is checked: aimed with the owner's own token, it must see the owner's records."""
    owner = token_factory.headers("p1", RW, ["cs_supervisor", "project_manager", "engineering_supervisor"],
                                  subject="s-owner-desk")
    report, _ = _probe(client, db, owner, owned)
    carrying = {f.split(": answer carries")[0] for f in report.findings if ": answer carries the owner's" in f}
    assert {"GET /applications/{application_id}"} <= carrying


def test_attack_the_hq_auditor_calls_every_non_get_operation(client, db, token_factory, owned):
    """X-1: the HQ auditor reads renovation and changes nothing; every write is 403."""
    spec = client.get("/openapi.json").get_json()
    auditor = token_factory.headers("p1", RW, ["hq_auditor"], subject="s-audit", hq=True)
    report = probe_read_only(client, spec, auditor, db, ids=owned)
    print("\n".join(report.probed))
    assert report.findings == [] and report.exempted == []
    assert {"POST /applications -> 403", "POST /applications/{application_id}/reviews -> 403",
            "POST /passes/{pass_id}/return -> 403", "POST /passes/{pass_id}/revoke -> 403",
            "POST /applications/{application_id}/patrols -> 403", "POST /violations/{violation_id}/follow-ups -> 403",
            "PUT /patrol-settings -> 403", "PUT /review-settings -> 403", "POST /hot-work/{hot_work_id}/decision -> 403",
            "POST /extensions/{extension_id}/decision -> 403",
            "POST /applications/{application_id}/completion/inspection -> 403"} <= set(report.probed)
    assert client.get("/applications", headers=auditor).status_code == 200
