"""Hot work 动火 and extensions 延期 (issue 16): their own requests and approvals; hot work within the permit's dates
and hours with a fire-watch person; an approved extension moves the permit's end, and the passes follow."""
from datetime import date, timedelta

from .conftest import field_errors, reason
from .test_passes import WORKER, _at


def test_hot_work_within_the_permit_with_a_fire_watch_is_approved_or_refused(client, flow, permitted, as_,
                                                                              everything):
    application = permitted()
    cs, tech = flow.people["cs"], as_("technician", subject="s-tech")
    url = f"/applications/{application['id']}/hot-work"
    start = application["planned_start"]
    body = {"day": start, "start": "09:00", "end": "11:00", "location": "厨房", "method": "电焊",
            "fire_watch": {"name": "赵看火", "phone": "13600001111"}, "extinguishers": 2}
    before = everything()
    assert "fire_watch" in field_errors(client.post(url, headers=cs, json={
        k: v for k, v in body.items() if k != "fire_watch"}))
    assert "start" in field_errors(client.post(url, headers=cs, json={**body, "start": "07:00"}))
    late = (date.fromisoformat(application["planned_end"]) + timedelta(days=1)).isoformat()
    assert "day" in field_errors(client.post(url, headers=cs, json={**body, "day": late}))
    assert everything() == before
    asked = client.post(url, headers=cs, json=body)
    assert asked.status_code == 201, asked.get_json()
    hot_work = asked.get_json()
    assert hot_work["status"] == "requested" and hot_work["fire_watch"]["name"] == "赵看火"
    decide = f"/hot-work/{hot_work['id']}/decision"
    assert reason(client.post(decide, headers=cs, json={"decision": "pass"})) == "role_not_allowed"
    assert "reason" in field_errors(client.post(decide, headers=tech, json={"decision": "refuse"}))
    approved = client.post(decide, headers=tech, json={"decision": "pass"})
    assert approved.status_code == 200 and approved.get_json()["status"] == "approved"
    assert reason(client.post(decide, headers=tech, json={"decision": "pass"})) == "already_decided"
    assert client.get(url, headers=cs, query_string={"status": "approved"}).get_json()["total"] == 1


def test_an_approved_extension_moves_the_permit_and_its_passes(client, db, flow, permitted, as_):
    application = permitted()
    cs, manager = flow.people["cs"], flow.people["manager"]
    worker_pass = client.post(f"/applications/{application['id']}/passes", headers=cs,
                              json={"worker": WORKER}).get_json()
    old_end = date.fromisoformat(application["planned_end"])
    new_end = (old_end + timedelta(days=10)).isoformat()
    url = f"/applications/{application['id']}/extensions"
    assert "new_end" in field_errors(client.post(url, headers=cs, json={"new_end": old_end.isoformat(),
                                                                         "reason": "工期延误"}))
    assert "reason" in field_errors(client.post(url, headers=cs, json={"new_end": new_end}))
    extension = client.post(url, headers=cs, json={"new_end": new_end, "reason": "材料延误"}).get_json()
    assert extension["previous_end"] == old_end.isoformat()
    after_old_end = (old_end + timedelta(days=1)).isoformat()

    def answer():
        return client.get("/passes/check", headers=cs, query_string={
            "number": worker_pass["number"], "at": _at(after_old_end, "09:30")}).get_json()["answer"]

    assert answer() == "expired"
    decide = f"/extensions/{extension['id']}/decision"
    assert reason(client.post(decide, headers=as_("technician"), json={"decision": "pass"})) == "role_not_allowed"
    assert client.post(decide, headers=manager, json={"decision": "pass"}).status_code == 200
    assert client.get(f"/applications/{application['id']}", headers=cs).get_json()["permit"]["valid_until"] == new_end
    assert answer() == "valid"
    (event,) = [o["envelope"] for o in db.outbox.find({"routing_key": "renovation.permit.extended"})]
    assert event["data"]["valid_until"] == new_end and event["data"]["passes_moved"] == 1
    intruder = as_("project_manager", tenant="p2")
    assert client.post(decide, headers=intruder, json={"decision": "pass"}).status_code == 404
    assert client.get(url, headers=intruder).status_code == 404
