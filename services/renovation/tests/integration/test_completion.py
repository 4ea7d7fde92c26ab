"""Completion 竣工 (issue 16): the owner's application, the acceptance with every pass back, and the deposit's refund
asked of billing minus one deduction for the violation left unrectified, visible on the application."""
from datetime import UTC, datetime, timedelta

from .conftest import field_errors, reason
from .test_passes import WORKER

TODAY = datetime.now(UTC).date()
IN_A_WEEK = (TODAY + timedelta(days=7)).isoformat()


def test_completion_is_accepted_once_the_passes_are_back_and_the_deposit_refunded_less_deductions(
        client, db, flow, permitted, as_, everything):
    application = permitted()
    cs, tech = flow.people["cs"], as_("technician", subject="s-tech")
    app_url = f"/applications/{application['id']}"
    worker_pass = client.post(f"{app_url}/passes", headers=cs, json={"worker": WORKER}).get_json()
    found = client.post(f"{app_url}/patrols", headers=tech, json={"findings": "两处", "violations": [
        {"kind": "debris", "description": "楼道堆放", "deadline": IN_A_WEEK},
        {"kind": "facade", "description": "外墙开孔", "deadline": IN_A_WEEK}]}).get_json()["violations"]
    client.post(f"/violations/{found[0]['id']}/follow-ups", headers=tech, json={"outcome": "rectified"})
    inspection = f"{app_url}/completion/inspection"
    assert reason(client.post(inspection, headers=tech, json={"decision": "pass"})) == "completion_not_requested"
    assert "finished_on" in field_errors(client.post(f"{app_url}/completion", headers=cs, json={}))
    asked = client.post(f"{app_url}/completion", headers=cs, json={"finished_on": TODAY.isoformat(), "note": "完工"})
    assert asked.status_code == 200, asked.get_json()
    assert asked.get_json()["completion"]["status"] == "requested"
    assert reason(client.post(f"{app_url}/completion", headers=cs,
                              json={"finished_on": TODAY.isoformat()})) == "already_requested"
    # A pass still out stops the acceptance.
    out = client.post(inspection, headers=tech, json={"decision": "pass"})
    assert reason(out) == "passes_not_returned" and out.get_json()["passes_out"] == 1
    client.post(f"/passes/{worker_pass['id']}/return", headers=cs, json={})
    before = everything()
    deduction = {"violation_id": found[1]["id"], "amount_fen": 50_000, "reason": "外墙开孔未整改,修复费用"}
    assert "deductions.0.violation_id" in field_errors(client.post(inspection, headers=tech, json={
        "decision": "pass", "deductions": [{**deduction, "violation_id": found[0]["id"]}]}))
    assert "deductions" in field_errors(client.post(inspection, headers=tech, json={
        "decision": "pass", "deductions": [{**deduction, "amount_fen": 300_000}]}))
    assert reason(client.post(inspection, headers=cs, json={"decision": "pass"})) == "role_not_allowed"
    assert everything() == before

    accepted = client.post(inspection, headers=tech, json={"decision": "pass", "deductions": [deduction]})
    assert accepted.status_code == 200, accepted.get_json()
    body = accepted.get_json()
    assert body["status"] == "completed" and body["completion"]["status"] == "accepted"
    assert body["completion"]["inspection"]["passes"] == {"active": 0, "returned": 1, "revoked": 0}
    (kept,) = body["completion"]["deductions"]
    assert (kept["notice_number"], kept["amount_fen"], kept["reason"]) == (
        found[1]["notice"]["number"], 50_000, "外墙开孔未整改,修复费用")
    assert body["completion"]["refund"] == {**body["completion"]["refund"], "deposit_fen": 200_000,
                                            "deducted_fen": 50_000, "refund_fen": 150_000}
    (event,) = [o["envelope"] for o in db.outbox.find({"routing_key": "renovation.deposit.refund_requested"})]
    assert event["data"]["refund_fen"] == 150_000 and len(event["data"]["deductions"]) == 1
    assert reason(client.post(inspection, headers=tech, json={"decision": "pass"})) == "completion_not_requested"
    assert client.post(inspection, headers=as_("technician", tenant="p2"),
                       json={"decision": "pass"}).status_code == 404
    assert client.post(f"{app_url}/completion", headers=as_("cs_assistant", tenant="p2"),
                       json={"finished_on": TODAY.isoformat()}).status_code == 404


def test_a_refused_acceptance_says_why_and_the_owner_applies_again(client, flow, permitted, as_):
    application = permitted()
    cs, tech = flow.people["cs"], as_("technician", subject="s-tech")
    app_url = f"/applications/{application['id']}"
    client.post(f"{app_url}/completion", headers=cs, json={"finished_on": TODAY.isoformat()})
    assert "reason" in field_errors(client.post(f"{app_url}/completion/inspection", headers=tech,
                                                json={"decision": "refuse"}))
    refused = client.post(f"{app_url}/completion/inspection", headers=tech,
                          json={"decision": "refuse", "reason": "卫生间未闭水试验"}).get_json()
    assert refused["status"] == "permitted" and refused["completion"]["status"] == "refused"
    again = client.post(f"{app_url}/completion", headers=cs, json={"finished_on": TODAY.isoformat()})
    assert again.status_code == 200 and again.get_json()["completion"]["status"] == "requested"


def test_the_openapi_document_describes_the_completion_on_the_application(client):
    schemas = client.get("/openapi.json").get_json()["components"]["schemas"]
    application = next(s for name, s in schemas.items() if "completion" in s.get("properties", {}))
    assert "Completion" in str(application["properties"]["completion"])
    completion = next(s for name, s in schemas.items() if name.startswith("Completion") and "refund" in
                      s.get("properties", {}))
    assert {"deductions", "refund", "inspection"} <= set(completion["properties"])
