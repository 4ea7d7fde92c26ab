"""Applications and their review (issue 16, step 1): CS completeness → engineering's drawings (flags kept for the
patrols) → the manager's approval, each by its own people, each refusal with a reason, resubmission; approval asks
billing for the fees by event. Bad input is a 422 naming the field with nothing written; another project's
application is a 404."""
from datetime import timedelta

import pytest

from .conftest import TODAY, application_body, field_errors, reason


def test_an_application_is_reviewed_in_three_steps_and_approval_asks_billing_for_the_fees(client, db, flow):
    application = flow.submit()
    assert (application["status"], application["round"], application["missing_papers"]) == ("submitted", 1, [])
    assert flow.decide(application["id"], "completeness").get_json()["status"] == "cs_checked"
    checked = flow.decide(application["id"], "drawings", flags=["wet_area_plumbing", "load_bearing_wall"]).get_json()
    assert checked["status"] == "drawings_checked" and checked["flags"] == ["wet_area_plumbing", "load_bearing_wall"]
    approved = flow.decide(application["id"], "approval").get_json()
    assert approved["status"] == "approved" and approved["permit"] is None
    assert [(r["step"], r["decision"]) for r in approved["reviews"]] == [
        ("completeness", "passed"), ("drawings", "passed"), ("approval", "passed")]
    fees = approved["fees"]
    assert [(line["fee"], line["quantity"], line["unit_price_fen"]) for line in fees["lines"]] == [
        ("deposit", 1, 200000), ("management_fee", 1, 50000), ("pass_fees", 3, 1000)]
    assert (fees["total_fen"], fees["charge_id"], fees["paid_fen"]) == (253000, None, 0)
    (event,) = [o["envelope"] for o in db.outbox.find({"routing_key": "renovation.fees.requested"})]
    assert event["data"] == {"application_id": application["id"], "unit_id": "1-1-101", "total_fen": 253000,
                             "lines": [{"description": "装修押金", "quantity": 1, "unit_price_fen": 200000},
                                       {"description": "装修管理费", "quantity": 1, "unit_price_fen": 50000},
                                       {"description": "装修出入证工本费", "quantity": 3, "unit_price_fen": 1000}]}
    # No personal data in the event: neither the owner's nor the contractor's name or phone.
    assert not {"周建国", "13900004321", "李师傅", "13700001111"} & set(str(event).split("'"))
    flagged = client.get("/applications?flagged=true", headers=flow.people["cs"]).get_json()
    assert [a["id"] for a in flagged["items"]] == [application["id"]]
    assert flagged["items"][0]["applicant"] == {"kind": "owner", "name": "周**", "phone": None}


def test_a_refusal_returns_the_application_with_its_reason_and_a_resubmission_starts_again(client, flow):
    application = flow.submit()
    flow.decide(application["id"], "completeness")
    assert "reason" in field_errors(flow.decide(application["id"], "drawings", "refuse"))
    returned = flow.decide(application["id"], "drawings", "refuse", reason="阳台外扩属违章搭建, 请修改图纸").get_json()
    assert returned["status"] == "returned"
    assert returned["returned"]["step"] == "drawings" and "违章" in returned["returned"]["reason"]
    again = client.post(f"/applications/{application['id']}/resubmit", headers=flow.people["cs"],
                        json={k: v for k, v in application_body(note="图纸已改").items() if k != "unit_id"})
    assert again.status_code == 200, again.get_json()
    again = again.get_json()
    assert (again["status"], again["round"], again["returned"]) == ("submitted", 2, None)
    assert [r["decision"] for r in again["reviews"]] == ["passed", "refused", "resubmitted"]
    assert reason(flow.decide(application["id"], "drawings")) == "not_at_this_step"


def test_each_step_is_taken_only_by_its_people_and_in_its_order(flow):
    application = flow.submit()
    assert reason(flow.decide(application["id"], "completeness", who="engineering")) == "role_not_allowed"
    assert reason(flow.decide(application["id"], "approval")) == "not_at_this_step"
    flow.decide(application["id"], "completeness")
    assert reason(flow.decide(application["id"], "drawings", who="cs")) == "role_not_allowed"
    flow.decide(application["id"], "drawings")
    assert reason(flow.decide(application["id"], "approval", who="engineering")) == "role_not_allowed"


def test_cs_passes_only_complete_papers_and_an_agent_needs_the_authorisation(client, flow, everything):
    application = flow.submit(applicant={"kind": "agent", "name": "周小明"}, owner_name="周建国")
    assert application["missing_papers"] == ["authorisation"]
    before = everything()
    refused = flow.decide(application["id"], "completeness")
    assert reason(refused) == "papers_missing" and refused.get_json()["missing"] == ["authorisation"]
    assert everything() == before
    refused_with_reason = flow.decide(application["id"], "completeness", "refuse", reason="缺授权委托书").get_json()
    assert refused_with_reason["returned"]["step"] == "completeness"


@pytest.mark.parametrize("changes,field", [
    ({"planned_start": (TODAY - timedelta(days=1)).isoformat()}, "planned_start"),
    ({"planned_end": (TODAY + timedelta(days=1)).isoformat()}, "planned_end"),
    ({"planned_end": (TODAY + timedelta(days=400)).isoformat()}, "planned_end"),
    ({"working_hours": {"start": "06:00", "end": "18:00"}}, "working_hours.start"),
    ({"working_hours": {"start": "08:00", "end": "21:30"}}, "working_hours.end"),
    ({"working_hours": {"start": "12:00", "end": "09:00"}}, "working_hours.end"),
    ({"working_hours": {"start": "8am", "end": "18:00"}}, "working_hours"),
    ({"applicant": {"kind": "agent", "name": "周小明"}}, "owner_name"),
    ({"workers_planned": 0}, "workers_planned"),
    ({"scope": {"items": ["roof_garden"]}}, "scope"),
    ({"attachments": [{"kind": "drawings"}]}, "attachments"),
    ({"unit_id": ""}, "unit_id"),
    ({"unit_id": "   "}, "unit_id"),
])
def test_bad_input_is_refused_naming_the_field_and_writes_nothing(client, flow, everything, changes, field):
    before = everything()
    response = client.post("/applications", headers=flow.people["cs"], json=application_body(**changes))
    assert any(named == field or named.startswith(field + ".") for named in field_errors(response))
    assert everything() == before


def test_another_projects_application_is_not_found(client, flow, as_):
    application = flow.submit()
    intruder = as_("project_manager", "cs_supervisor", tenant="p2")
    assert client.get(f"/applications/{application['id']}", headers=intruder).status_code == 404
    assert client.post(f"/applications/{application['id']}/reviews", headers=intruder,
                       json={"step": "completeness", "decision": "pass"}).status_code == 404
    assert client.get("/applications", headers=intruder).get_json()["total"] == 0


def test_security_reads_but_an_application_is_taken_in_at_the_cs_centre(client, flow, as_):
    assert reason(client.post("/applications", headers=as_("security"), json=application_body())) == "role_not_allowed"
    assert client.get("/applications", headers=as_("security", scopes=["renovation:read"])).status_code == 200
    assert client.post("/applications", headers=as_("cs_assistant", scopes=["renovation:read"]),
                       json=application_body()).status_code == 403


def test_the_openapi_document_is_served(client):
    spec = client.get("/openapi.json").get_json()
    assert {"/applications", "/applications/{application_id}", "/applications/{application_id}/reviews",
            "/applications/{application_id}/resubmit"} <= set(spec["paths"])


def test_only_a_returned_application_is_resubmitted_and_a_decided_one_is_not_reviewed_again(client, flow):
    application = flow.submit()
    body = {k: v for k, v in application_body().items() if k != "unit_id"}
    refused = client.post(f"/applications/{application['id']}/resubmit", headers=flow.people["cs"], json=body)
    assert reason(refused) == "not_allowed_now" and refused.get_json()["current_status"] == "submitted"
    approved = flow.approved(unit_id="1-1-102")
    again = flow.decide(approved["id"], "approval")
    assert reason(again) == "not_under_review" and again.get_json()["current_status"] == "approved"
