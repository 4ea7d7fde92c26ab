"""Patrols 巡查 and violations (issue 16): a patrol's findings, the rectification notice 整改通知书 with its number
and deadline, the follow-up until rectified or escalated, illegal building for the authorities, and flagged units
due for patrol more often."""
from datetime import datetime, timedelta

from renovation.handlers.common import PROJECT_ZONE

from .conftest import field_errors, reason

TODAY = datetime.now(PROJECT_ZONE).date()  # the project's day, as the service counts patrols (not UTC's)
IN_A_WEEK = (TODAY + timedelta(days=7)).isoformat()


def test_a_patrol_serves_numbered_notices_followed_up_until_rectified_or_escalated(client, flow, permitted, as_,
                                                                                     everything):
    application = permitted()
    tech, manager = as_("technician", subject="s-tech"), flow.people["manager"]
    url = f"/applications/{application['id']}/patrols"
    before = everything()
    assert "findings" in field_errors(client.post(url, headers=tech, json={}))
    bad = field_errors(client.post(url, headers=tech, json={"findings": "x", "violations": [
        {"kind": "debris", "description": "楼道堆放", "deadline": (TODAY - timedelta(days=1)).isoformat()}]}))
    assert any("deadline" in name for name in bad)
    assert any("kind" in name for name in field_errors(client.post(url, headers=tech, json={
        "findings": "x", "violations": [{"kind": "nope", "description": "d", "deadline": IN_A_WEEK}]})))
    assert reason(client.post(url, headers=flow.people["cs"], json={"findings": "x"})) == "role_not_allowed"
    assert everything() == before

    patrol = client.post(url, headers=tech, json={
        "findings": "阳台外扩、楼道堆放", "photo_refs": ["ph-1", "ph-2"],
        "violations": [{"kind": "illegal_building", "description": "阳台外扩", "deadline": IN_A_WEEK},
                       {"kind": "debris", "description": "楼道堆放", "deadline": IN_A_WEEK}]})
    assert patrol.status_code == 201, patrol.get_json()
    body = patrol.get_json()
    label = application["permit"]["label"]
    assert [v["notice"]["number"] for v in body["violations"]] == [f"{label}-ZG01", f"{label}-ZG02"]
    illegal, debris = body["violations"]
    assert illegal["for_authorities"] and not debris["for_authorities"]
    assert illegal["notice"]["deadline"] == IN_A_WEEK and illegal["status"] == "open"
    # A second patrol goes on numbering within the permit.
    again = client.post(url, headers=tech, json={"findings": "复查", "violations": [
        {"kind": "hours", "description": "超时施工", "deadline": IN_A_WEEK}]}).get_json()
    assert again["violations"][0]["notice"]["number"] == f"{label}-ZG03"
    assert client.get(url, headers=tech).get_json()["total"] == 2

    rectified = client.post(f"/violations/{debris['id']}/follow-ups", headers=tech,
                            json={"outcome": "rectified", "note": "已清理", "photo_refs": ["ph-3"]})
    assert rectified.status_code == 200 and rectified.get_json()["status"] == "rectified"
    assert reason(client.post(f"/violations/{debris['id']}/follow-ups", headers=tech,
                              json={"outcome": "escalated"})) == "already_rectified"
    escalated = client.post(f"/violations/{illegal['id']}/follow-ups", headers=tech, json={"outcome": "escalated"})
    assert escalated.get_json()["status"] == "escalated"
    assert reason(client.post(f"/violations/{illegal['id']}/follow-ups", headers=tech,
                              json={"outcome": "rectified"})) == "role_not_allowed"
    assert "outcome" in field_errors(client.post(f"/violations/{illegal['id']}/follow-ups", headers=manager,
                                                 json={"outcome": "ignored"}))

    listed = client.get(f"/applications/{application['id']}/violations", headers=tech).get_json()
    assert listed["total"] == 3
    assert client.get("/violations", headers=tech, query_string={"for_authorities": "true"}).get_json()["total"] == 1
    assert client.get("/violations", headers=tech, query_string={"status": "open"}).get_json()["total"] == 1


def test_flagged_units_are_due_for_patrol_more_often_by_the_projects_interval(client, flow, permitted, as_):
    plain = permitted(unit_id="1-1-201")
    flagged = permitted(unit_id="1-1-202")
    client.application.extensions["kefu"].db.applications.update_one({"_id": flagged["id"]},
                                                                     {"$set": {"flags": ["load_bearing_wall"]}})
    tech, manager = as_("technician", subject="s-tech"), flow.people["manager"]
    assert client.get("/patrol-settings", headers=tech).get_json() == {"interval_days": 7, "flagged_interval_days": 2}
    assert "flagged_interval_days" in field_errors(client.put("/patrol-settings", headers=manager, json={
        "interval_days": 3, "flagged_interval_days": 5}))
    assert client.put("/patrol-settings", headers=tech, json={
        "interval_days": 5, "flagged_interval_days": 1}).status_code == 403
    assert client.put("/patrol-settings", headers=manager, json={
        "interval_days": 5, "flagged_interval_days": 1}).status_code == 200
    for application in (plain, flagged):
        assert client.post(f"/applications/{application['id']}/patrols", headers=tech,
                           json={"findings": "正常"}).status_code == 201

    def due_ids(days):
        answer = client.get("/patrols/due", headers=tech,
                            query_string={"by": (TODAY + timedelta(days=days)).isoformat()}).get_json()
        return [row["application_id"] for row in answer["items"]]

    assert due_ids(0) == []
    assert due_ids(1) == [flagged["id"]]
    assert due_ids(5) == [flagged["id"], plain["id"]]
    assert "by" in field_errors(client.get("/patrols/due", headers=tech, query_string={"by": "tomorrow"}))


def test_another_projects_patrols_and_violations_are_not_found(client, flow, permitted, as_):
    application = permitted()
    tech = as_("technician", subject="s-tech")
    violation = client.post(f"/applications/{application['id']}/patrols", headers=tech, json={
        "findings": "x", "violations": [{"kind": "other", "description": "d", "deadline": IN_A_WEEK}]}
    ).get_json()["violations"][0]
    intruder = as_("technician", tenant="p2")
    assert client.get(f"/applications/{application['id']}/patrols", headers=intruder).status_code == 404
    assert client.post(f"/applications/{application['id']}/patrols", headers=intruder,
                       json={"findings": "x"}).status_code == 404
    assert client.post(f"/violations/{violation['id']}/follow-ups", headers=intruder,
                       json={"outcome": "rectified"}).status_code == 404
    assert client.get("/violations", headers=intruder).get_json()["total"] == 0
