"""Renovation 装修 on the real platform (issue 16): a CS assistant takes an application in, engineering checks the
drawings, the project manager approves; renovation asks billing for the fees by event and billing charges them;
the cashier takes the payment over billing's REST; billing's payment event reaches renovation, which issues the
permit with number 1 of the project. Another project's people get 404 for the application. Each effect is read in
the service that owns it, by real staff signed in with the password grant; identity's renovation checklist (RN-01…
RN-12) of the unit follows renovation's events and shows every document received at the end."""
import time
import uuid
from datetime import UTC, datetime, timedelta

import pytest

TODAY = datetime.now(UTC).date()
PAPERS = ["application_form", "owner_id", "property_proof", "contractor_licence", "drawings", "agreement",
          "commitment"]


class Api:
    def __init__(self, platform, session):
        self.platform, self.session = platform, session

    def call(self, method, service, path, expect=200, key=None, **kwargs):
        headers = {"Idempotency-Key": key} if key else {}
        response = self.session.request(method, self.platform.url(service) + path, headers=headers, timeout=20,
                                        **kwargs)
        assert response.status_code == expect, (method, path, response.status_code, response.text)
        return response.json()

    def get(self, service, path, expect=200, **params):
        return self.call("GET", service, path, expect=expect, params=params)

    def post(self, service, path, body=None, expect=200, key=None):
        return self.call("POST", service, path, expect=expect, key=key, json=body if body is not None else {})


@pytest.fixture(scope="module")
def people(platform, hq_admin, make_person, password_session, sign_in, credentials):
    """The CS assistant, engineering, the manager and the cashier of demo; a CS supervisor of a second project; demo's
    integration client (it creates the units in identity)."""
    created = hq_admin.post(platform.url("identity") + "/tenants", json={"name": "Second project", "code": "second"})
    assert created.status_code == 201, created.text
    out = {"integration": Api(platform, sign_in(credentials["client"]["client_id"],
                                                credentials["client"]["client_secret"]))}
    for username, name, role, project in (("reno.cs", "客服小赵", "cs_assistant", "demo"),
                                          ("reno.eng", "工程老钱", "engineering_supervisor", "demo"),
                                          ("reno.pm", "经理孙", "project_manager", "demo"),
                                          ("reno.cashier", "财务李", "finance_clerk", "demo"),
                                          ("reno.other", "别处主管", "cs_supervisor", "second")):
        out[role if project == "demo" else "other"] = Api(platform, password_session(
            make_person(username, name, [role], project)))
    return out


def renovation_checklist(api, unit_id, expect=200):
    found = api.get("identity", f"/units/{unit_id}/checklists", expect=expect)
    return next((c for c in found.get("checklists", []) if c["kind"] == "renovation"), None)


def wait_for(read, done, seconds=30):
    deadline = time.monotonic() + seconds
    while True:
        value = read()
        if done(value) or time.monotonic() > deadline:
            return value
        time.sleep(0.3)


def test_an_approved_application_is_charged_in_billing_paid_there_and_permitted_with_number_1(people):
    cs, engineering, manager, cashier = (people[r] for r in ("cs_assistant", "engineering_supervisor",
                                                              "project_manager", "finance_clerk"))
    integration = people["integration"]
    integration.session.post(integration.platform.url("identity") + "/buildings", json={"code": "9"},
                             timeout=20)  # 201, or 409 when another test of the module made it
    unit_id = integration.post("identity", "/units", {"building": "9", "floor": 3,
                                                      "room": f"{uuid.uuid4().int % 9000 + 1000}"}, expect=201)["unit_id"]
    application = cs.post("renovation", "/applications", {
        "unit_id": unit_id, "applicant": {"kind": "owner", "name": "周建国", "phone": "13900004321"},
        "contractor": {"company": "安居装饰有限公司", "name": "李师傅", "phone": "13700001111"},
        "scope": {"items": ["flooring", "wet_area"], "description": "厨卫翻新"},
        "planned_start": (TODAY + timedelta(days=2)).isoformat(),
        "planned_end": (TODAY + timedelta(days=40)).isoformat(),
        "working_hours": {"start": "08:00", "end": "18:00"}, "workers_planned": 3,
        "attachments": [{"kind": kind, "ref": f"scan-{kind}"} for kind in PAPERS]},
        expect=201, key=f"reno-{uuid.uuid4()}")
    app_id = application["id"]
    # Each step by its own people: engineering may not pass the CS check.
    assert engineering.post("renovation", f"/applications/{app_id}/reviews",
                            {"step": "completeness", "decision": "pass"}, expect=409)["reason_code"] == "role_not_allowed"
    cs.post("renovation", f"/applications/{app_id}/reviews", {"step": "completeness", "decision": "pass"})
    engineering.post("renovation", f"/applications/{app_id}/reviews",
                     {"step": "drawings", "decision": "pass", "flags": ["wet_area_plumbing"]})
    approved = manager.post("renovation", f"/applications/{app_id}/reviews", {"step": "approval", "decision": "pass"})
    assert approved["status"] == "approved" and approved["fees"]["total_fen"] == 253000

    # billing charged the fees (its consumer of renovation.fees.requested); renovation learnt the charge.
    charged = wait_for(lambda: cs.get("renovation", f"/applications/{app_id}"),
                       lambda a: a["fees"]["charge_id"] is not None)
    charge_id = charged["fees"]["charge_id"]
    charge = cashier.get("billing", f"/charges/{charge_id}")
    assert (charge["source"], charge["renovation_id"], charge["unit_id"], charge["amount_fen"]) == (
        "renovation", app_id, unit_id, 253000)
    assert [line["description"] for line in charge["lines"]] == ["装修押金", "装修管理费", "装修出入证工本费"]
    assert charged["status"] == "approved" and charged["permit"] is None

    # Paid at billing's cashier over its REST; billing's payment event issues the permit.
    cashier.call("POST", "billing", "/payments", expect=201, key=f"reno-pay-{uuid.uuid4()}", json={
        "charge_id": charge_id, "amount_fen": 253000, "method": "cash_at_centre"})
    permitted = wait_for(lambda: cs.get("renovation", f"/applications/{app_id}"),
                         lambda a: a["status"] == "permitted")
    assert permitted["status"] == "permitted" and permitted["fees"]["paid_fen"] == 253000
    assert (permitted["permit"]["number"], permitted["permit"]["label"]) == (1, "DEMO-ZX-00001")
    assert cashier.get("billing", f"/charges/{charge_id}")["balance"]["outstanding_fen"] == 0
    statement = cashier.get("billing", f"/units/{unit_id}/statement")
    assert [(line["kind"], line["debit_fen"], line["credit_fen"]) for line in statement["lines"]] == [
        ("charge", 253000, 0), ("payment", 0, 253000)]

    # Three workers' passes within the permit, the ID numbers kept masked; the gate's answers; one handed back.
    passes = [cs.post("renovation", f"/applications/{app_id}/passes", {"worker": {
        "name": f"工人{n}", "id_number": f"11010119900101{n:04d}", "photo_ref": f"photo-{n}", "trade": "泥水工"}},
        expect=201, key=f"reno-pass-{uuid.uuid4()}") for n in range(1, 4)]
    assert [p["number"] for p in passes] == [f"DEMO-ZX-00001-W0{n}" for n in range(1, 4)]
    assert passes[0]["worker"]["id_masked"] == "**************0001"
    assert cs.post("renovation", f"/applications/{app_id}/passes", {"worker": {
        "name": "第四人", "id_number": "110101199001019999", "photo_ref": "p4"}}, expect=409,
        key=f"reno-pass-{uuid.uuid4()}")["reason_code"] == "passes_beyond_paid"
    start, end = permitted["permit"]["valid_from"], permitted["permit"]["valid_until"]
    after = (datetime.fromisoformat(end) + timedelta(days=1)).date().isoformat()

    def gate(day, hh_mm):
        at = datetime.fromisoformat(f"{day}T{hh_mm}:00+08:00").isoformat()
        return cs.get("renovation", "/passes/check", number=passes[1]["number"], at=at)["answer"]

    assert (gate(start, "09:30"), gate(start, "19:30"), gate(after, "09:30")) == ("valid", "outside_hours", "expired")
    cs.post("renovation", f"/passes/{passes[0]['id']}/return", {"note": "离场交回"})
    assert cs.get("renovation", f"/applications/{app_id}/passes")["counts"] == {"active": 2, "returned": 1,
                                                                                  "revoked": 0}
    entries = cs.get("renovation", f"/applications/{app_id}/gate-entries")
    assert [e["answer"] for e in entries["items"]] == ["expired", "outside_hours", "valid"]

    # A patrol finds two violations, each served a numbered notice; one is rectified, the other is not.
    deadline = (TODAY + timedelta(days=7)).isoformat()
    patrol = engineering.post("renovation", f"/applications/{app_id}/patrols", {
        "findings": "楼道堆放、外墙开孔", "photo_refs": ["ph-1"], "violations": [
            {"kind": "debris", "description": "楼道堆放", "deadline": deadline},
            {"kind": "facade", "description": "外墙开孔", "deadline": deadline}]}, expect=201)
    debris, facade = patrol["violations"]
    assert [debris["notice"]["number"], facade["notice"]["number"]] == ["DEMO-ZX-00001-ZG01", "DEMO-ZX-00001-ZG02"]
    engineering.post("renovation", f"/violations/{debris['id']}/follow-ups", {"outcome": "rectified", "note": "已清理"})

    # Hot work 动火 for a day of the permit and an extension 延期, each approved by its approver.
    hot = cs.post("renovation", f"/applications/{app_id}/hot-work", {
        "day": start, "start": "09:00", "end": "11:00", "location": "厨房", "method": "电焊",
        "fire_watch": {"name": "赵看火", "phone": "13600001111"}, "extinguishers": 2}, expect=201,
        key=f"reno-hot-{uuid.uuid4()}")
    engineering.post("renovation", f"/hot-work/{hot['id']}/decision", {"decision": "pass"})
    new_end = (datetime.fromisoformat(end) + timedelta(days=10)).date().isoformat()
    extension = cs.post("renovation", f"/applications/{app_id}/extensions", {"new_end": new_end, "reason": "材料延误"},
                        expect=201, key=f"reno-ext-{uuid.uuid4()}")
    manager.post("renovation", f"/extensions/{extension['id']}/decision", {"decision": "pass"})

    # Completion: accepted only once every pass is back, with one deduction for the unrectified violation.
    cs.post("renovation", f"/applications/{app_id}/completion", {"finished_on": TODAY.isoformat()})
    assert engineering.post("renovation", f"/applications/{app_id}/completion/inspection", {"decision": "pass"},
                            expect=409)["reason_code"] == "passes_not_returned"
    for worker_pass in passes[1:]:
        cs.post("renovation", f"/passes/{worker_pass['id']}/return", {"note": "完工交回"})
    accepted = engineering.post("renovation", f"/applications/{app_id}/completion/inspection", {
        "decision": "pass", "deductions": [{"violation_id": facade["id"], "amount_fen": 50000,
                                            "reason": "外墙开孔未整改"}]})
    assert accepted["status"] == "completed"
    assert accepted["completion"]["inspection"]["passes"] == {"active": 0, "returned": 3, "revoked": 0}
    assert accepted["completion"]["refund"]["refund_fen"] == 150000
    # billing credits the refunded deposit off the charge and refunds it; the statement shows both.
    statement = wait_for(lambda: cashier.get("billing", f"/units/{unit_id}/statement"),
                         lambda s: any(line["kind"] == "refund" for line in s["lines"]))
    assert sorted((line["kind"], line["debit_fen"], line["credit_fen"]) for line in statement["lines"]) == [
        ("charge", 253000, 0), ("credit_note", 0, 150000), ("payment", 0, 253000), ("refund", 150000, 0)]

    # identity's renovation checklist of the unit followed each step by renovation's events (never reading its data):
    # the papers, the permit, the workers' register, hot work, the extension, the violation record, the completion and
    # the returned passes: all twelve, nothing missing.
    checklist = wait_for(lambda: renovation_checklist(cs, unit_id),
                         lambda c: c is not None and len(c["received"]) == 12)
    assert checklist["received"] == [f"RN-{n:02d}" for n in range(1, 13)]
    assert checklist["conditions"] == ["completed", "extension", "hot_work", "violation"]
    assert checklist["missing"] == []
    assert renovation_checklist(people["other"], unit_id, expect=404) is None  # another project's unit: not found

    # A second project's people: the application and its review are not found, and their list is empty.
    other = people["other"]
    other.get("renovation", f"/applications/{app_id}", expect=404)
    other.post("renovation", f"/applications/{app_id}/reviews", {"step": "completeness", "decision": "pass"},
               expect=404)
    assert other.get("renovation", "/applications")["total"] == 0
    other.get("renovation", f"/applications/{app_id}/passes", expect=404)
    other.get("renovation", "/passes/check", expect=404, number=passes[1]["number"])
