"""The steps that hand in a paper of the unit's renovation checklist (identity's RN-01…RN-12) publish it, each in its
own transaction through the outbox, without names, phones, ID numbers or the papers' references; a refused step
publishes nothing."""
from datetime import timedelta

from .conftest import TODAY, application_body

WORKER = {"name": "王师傅", "id_number": "110101199001011234", "photo_ref": "photo-1", "trade": "电工"}
PERSONAL = {"周建国", "13900004321", "李师傅", "13700001111", "王师傅", "110101199001011234", "赵看火", "13600001111",
            "楼道堆放", "scan-drawings"}


def published(db, event_type) -> list[dict]:
    return [o["envelope"]["data"] for o in db.outbox.find({"routing_key": event_type}).sort("created_at", 1)]


def no_personal_data(db) -> None:
    for row in db.outbox.find({"routing_key": {"$regex": r"^renovation\."}}):
        assert not PERSONAL & set(str(row["envelope"]["data"]).split("'")), row["routing_key"]


def test_submission_and_resubmission_name_the_papers_brought_by_kind(client, db, flow):
    application = flow.submit(attachments=[{"kind": k, "ref": f"scan-{k}"} for k in ("application_form", "drawings",
                                                                                     "drawings", "owner_id")])
    assert published(db, "renovation.application.submitted") == [{
        "application_id": application["id"], "unit_id": "1-1-101", "round": 1,
        "papers": ["application_form", "drawings", "owner_id"]}]
    refused = flow.decide(application["id"], "completeness", decision="refuse", reason="缺协议书")
    assert refused.status_code == 200, refused.get_json()
    body = {k: v for k, v in application_body(note="补齐").items() if k != "unit_id"}
    response = client.post(f"/applications/{application['id']}/resubmit", headers=flow.people["cs"], json=body)
    assert response.status_code == 200, response.get_json()
    second = published(db, "renovation.application.submitted")[1]
    assert (second["round"], len(second["papers"])) == (2, 7)
    no_personal_data(db)


def test_a_refused_submission_publishes_nothing(client, db, flow):
    response = client.post("/applications", headers=flow.people["cs"], json=application_body(workers_planned=0))
    assert response.status_code == 422
    assert db.outbox.count_documents({}) == 0


def test_passes_hot_work_violations_and_completion_each_publish_their_step(client, db, flow, permitted, as_):
    application = permitted()
    cs, tech = flow.people["cs"], as_("technician", subject="s-tech")
    url = f"/applications/{application['id']}"
    worker_pass = client.post(f"{url}/passes", headers=cs, json={"worker": WORKER}).get_json()
    assert published(db, "renovation.pass.issued") == [{
        "application_id": application["id"], "unit_id": "1-1-101", "pass_number": worker_pass["number"],
        "sequence": 1, "valid_from": worker_pass["valid_from"], "valid_until": worker_pass["valid_until"]}]

    hot = client.post(f"{url}/hot-work", headers=cs, json={
        "day": application["planned_start"], "start": "09:00", "end": "11:00", "location": "厨房",
        "fire_watch": {"name": "赵看火", "phone": "13600001111"}}).get_json()
    client.post(f"/hot-work/{hot['id']}/decision", headers=tech, json={"decision": "refuse", "reason": "无灭火器"})
    assert published(db, "renovation.hot_work.approved") == []  # refused: no 动火证
    again = client.post(f"{url}/hot-work", headers=cs, json={
        "day": application["planned_start"], "start": "09:00", "end": "11:00", "location": "厨房",
        "fire_watch": {"name": "赵看火"}, "extinguishers": 2}).get_json()
    client.post(f"/hot-work/{again['id']}/decision", headers=tech, json={"decision": "pass"})
    assert published(db, "renovation.hot_work.approved") == [{
        "application_id": application["id"], "unit_id": "1-1-101", "request_id": again["id"],
        "permit_label": application["permit"]["label"], "day": application["planned_start"]}]

    deadline = (TODAY + timedelta(days=7)).isoformat()
    patrol = client.post(f"{url}/patrols", headers=tech, json={"findings": "两处", "violations": [
        {"kind": "debris", "description": "楼道堆放", "deadline": deadline},
        {"kind": "illegal_building", "description": "阳台加建", "deadline": deadline}]}).get_json()
    assert published(db, "renovation.violation.recorded") == [{
        "application_id": application["id"], "unit_id": "1-1-101", "violation_id": v["id"], "kind": v["kind"],
        "notice_number": v["notice"]["number"], "deadline": deadline, "for_authorities": v["for_authorities"]}
        for v in patrol["violations"]]

    client.post(f"{url}/completion", headers=cs, json={"finished_on": TODAY.isoformat()})
    assert published(db, "renovation.completion.requested") == [{
        "application_id": application["id"], "unit_id": "1-1-101", "finished_on": TODAY.isoformat()}]
    client.post(f"{url}/completion/inspection", headers=tech, json={"decision": "pass"})
    assert published(db, "renovation.completion.accepted") == []  # a pass is still out: not accepted
    client.post(f"/passes/{worker_pass['id']}/return", headers=cs, json={})
    accepted = client.post(f"{url}/completion/inspection", headers=tech, json={"decision": "pass"})
    assert accepted.status_code == 200, accepted.get_json()
    assert published(db, "renovation.completion.accepted") == [{
        "application_id": application["id"], "unit_id": "1-1-101", "passes_returned": 1, "passes_revoked": 0}]
    no_personal_data(db)
