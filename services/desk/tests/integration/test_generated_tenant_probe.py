"""The cross-tenant probe generated from desk's OpenAPI document (see kefulib.testing.tenant_probe), and the
read-only probe for the HQ auditor."""
from datetime import UTC, datetime, timedelta

import pytest
from kefulib.testing.read_only_probe import probe_read_only
from kefulib.testing.tenant_probe import Probe, operations, probe_service

from .conftest import RW, unit_created

LATER = (datetime.now(UTC) + timedelta(hours=4)).isoformat()
MARKERS = {"owner-marker-holder", "owner-marker-recipient", "owner-marker-caller", "owner-marker-item",
           "owner-marker-from", "owner-marker-owner", "13800009999", "owner-marker-answer", "owner-marker-question",
           "owner-marker-campaign", "owner-marker-comment", "owner-marker-notice"}


@pytest.fixture
def owned(client, token_factory, publish):
    """p1's records in every register, each carrying a marker only p1 may ever see."""
    desk = token_factory.headers("p1", RW, ["cs_assistant"], subject="s-owner-desk")
    manager = token_factory.headers("p1", RW, ["project_manager"], subject="s-owner-pm")
    publish(unit_created("1-1-101"), unit_created("1-1-102"))

    def created(path, body):
        response = client.post(path, headers=desk, json=body)
        assert response.status_code == 201, response.get_json()
        return response.get_json()["id"]

    key_id = created("/keys", {"kind": "unit_spare", "label": "owner-marker-label", "unit_id": "1-1-101", "hook": "A1"})
    holder = {"name": "owner-marker-holder", "phone": "13800009999"}
    assert client.put(f"/keys/{key_id}/authorisation", headers=desk,
                      json={"persons": [holder], "valid_until": LATER}).status_code == 200
    created(f"/keys/{key_id}/sign-outs", {"holder": holder, "expected_return_at": LATER})
    move_in_id = created("/move-ins", {"unit_id": "1-1-101", "date": datetime.now(UTC).date().isoformat(),
                                       "slot": "09:00-09:30", "owner_name": "owner-marker-owner",
                                       "clerk_id": "s-owner-desk"})
    assert client.post(f"/move-ins/{move_in_id}/start", headers=desk, json={}).status_code == 200
    spare_key_id = created("/keys", {"kind": "common_area", "label": "owner-marker-spare", "hook": "A2"})
    campaign = client.post("/survey-campaigns", headers=manager, json={
        "name": "owner-marker-campaign", "period": "2026-12", "sample_ratio": "1", "categories": ["cleaning"]})
    assert campaign.status_code == 201, campaign.get_json()
    campaign_id = campaign.get_json()["id"]
    assert client.post(f"/survey-campaigns/{campaign_id}/answers", headers=desk, json={
        "unit_id": "1-1-101", "ratings": {"cleaning": 4}, "comment": "owner-marker-comment"}).status_code == 201
    editor = token_factory.headers("p1", RW, ["cs_supervisor"], subject="s-owner-editor")
    answer = client.post("/answers", headers=editor, json={
        "title": "owner-marker-answer 停车费", "topic": "parking", "answer": "owner-marker-answer 车位费口径",
        "questions": ["owner-marker-question 停车费为什么涨价"], "keywords": ["停车费"]})
    assert answer.status_code == 201, answer.get_json()
    answer_id = answer.get_json()["id"]
    assert client.post(f"/answers/{answer_id}/publish", headers=editor, json={}).status_code == 200
    created(f"/answers/{answer_id}/uses", {"context": "intake", "ticket_id": "owner-marker-ticket"})
    notice_id = created("/notices", {"title": "owner-marker-notice", "body": "停水通知正文", "category": "outage",
                                     "audience": "buildings", "buildings": ["1"]})
    assert client.post(f"/notices/{notice_id}/submit", headers=desk, json={}).status_code == 200
    return {
        "notice_id": notice_id,
        "key_id": key_id,
        "campaign_id": campaign_id,
        "move_in_id": move_in_id,
        "answer_id": answer_id,
        "spare_key_id": spare_key_id,
        "count_id": created("/key-counts", {"present_key_ids": [spare_key_id]}),
        "parcel_id": created("/parcels", {"kind": "parcel", "unit_id": "1-1-101",
                                          "recipient_name": "owner-marker-recipient", "shelf": "A"}),
        "message_id": created("/phone-messages", {"caller_name": "owner-marker-caller", "callback_phone": "13800009999",
                                                  "matter": "owner-marker-matter", "for_staff_id": "s-owner-desk"}),
        "item_id": created("/held-items", {"description": "owner-marker-item", "from_whom": "owner-marker-from",
                                           "for_unit_id": "1-1-101", "stored_at": "shelf"}),
    }


def _probe(client, db, headers, owned):
    spec = client.get("/openapi.json").get_json()
    probe = Probe(owner_tenant="p1", ids=owned, secrets=MARKERS,
                  # A count that names the owner's key must be refused like one naming a key that exists nowhere.
                  bodies={"POST /key-counts": {"present_key_ids": [owned["spare_key_id"]]},
                          # The owner's sampled household that has not answered: only a missing campaign stops it.
                          "POST /survey-campaigns/{campaign_id}/answers": {"unit_id": "1-1-102",
                                                                          "ratings": {"cleaning": 5}}})
    secured = {f"{m.upper()} {p}" for m, p, op in operations(spec) if op.get("security", [{}])}
    return probe_service(client, spec, headers, probe, db), secured


def test_every_operation_answers_another_project_like_not_found(client, db, token_factory, owned):
    intruder = token_factory.headers("p2", RW, ["cs_supervisor", "project_manager"], subject="s-owner-desk")
    report, secured = _probe(client, db, intruder, owned)
    print("\n".join(report.probed))
    assert report.findings == []
    assert {line.split(" -> ")[0] for line in report.probed} == secured and len(report.probed) == len(secured)


def test_the_probe_reports_an_operation_that_answers_with_the_owners_data(client, db, token_factory, owned):
    """The probe itself is checked: aimed with the owner's own token, it must see the owner's records."""
    owner = token_factory.headers("p1", RW, ["cs_supervisor", "project_manager"], subject="s-owner-desk")
    report, _ = _probe(client, db, owner, owned)
    carrying = {f.split(": answer carries")[0] for f in report.findings if ": answer carries the owner's" in f}
    assert {"GET /keys", "GET /keys/{key_id}", "GET /parcels", "GET /phone-messages/{message_id}",
            "GET /held-items/{item_id}", "GET /key-counts/{count_id}", "GET /move-ins/{move_in_id}", "GET /answers",
            "GET /answers/{answer_id}", "GET /answers/{answer_id}/versions", "GET /answers/usage",
            "GET /survey-campaigns/{campaign_id}", "GET /survey-campaigns/{campaign_id}/households"} <= carrying
    assert "the owner's stored documents changed during the probe" in report.findings


def test_attack_the_hq_auditor_calls_every_non_get_operation(client, db, token_factory, owned):
    """X-1: the HQ auditor reads the desk's registers and changes nothing; every write is 403."""
    spec = client.get("/openapi.json").get_json()
    auditor = token_factory.headers("p1", ["desk:read", "desk:write"], ["hq_auditor"], subject="s-audit", hq=True)
    report = probe_read_only(client, spec, auditor, db, ids=owned)
    print("\n".join(report.probed))
    assert report.findings == [] and report.exempted == []
    assert {"POST /keys/{key_id}/sign-outs -> 403", "POST /parcels/{parcel_id}/pickup-by-code -> 403",
            "PUT /settings -> 403", "POST /answers/{answer_id}/uses -> 403",
            "POST /hq/answers -> 403"} <= set(report.probed)
    assert client.get("/keys", headers=auditor).status_code == 200
