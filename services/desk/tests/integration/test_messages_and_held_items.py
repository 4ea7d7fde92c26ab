"""Phone messages (left → delivered → acknowledged, `for_me`, masked phones) and items held (returned against a
signature, overdue after the project's period) over REST."""
from datetime import UTC, datetime, timedelta

from .conftest import field_errors, reason

CALL = {"caller_name": "陈女士", "callback_phone": "13812345678", "unit_id": "2-5-501", "matter": "阳台漏水,请回电",
        "called_at": "2026-12-01T09:30:00+08:00"}


def leave(client, headers, **overrides):
    response = client.post("/phone-messages", headers=headers, json={**CALL, **overrides})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_a_message_for_a_person_is_delivered_then_acknowledged_by_them_only(client, desk, as_):
    message = leave(client, desk, for_staff_id="s-li")
    assert message["status"] == "left" and message["callback_phone"] == "13812345678"
    delivered = client.post(f"/phone-messages/{message['id']}/deliver", headers=desk, json={"delivered_to": "李工"})
    assert delivered.status_code == 200 and delivered.get_json()["delivered_to"] == "李工"
    assert reason(client.post(f"/phone-messages/{message['id']}/deliver", headers=desk,
                              json={"delivered_to": "李工"})) == "already_delivered"

    assert reason(client.post(f"/phone-messages/{message['id']}/acknowledge", headers=as_("p1", "s-wang"),
                              json={})) == "not_the_addressee"
    li = as_("p1", "s-li")
    done = client.post(f"/phone-messages/{message['id']}/acknowledge", headers=li, json={})
    assert done.status_code == 200 and done.get_json()["status"] == "acknowledged"
    assert client.post(f"/phone-messages/{message['id']}/acknowledge", headers=li, json={}).status_code == 200


def test_for_me_lists_the_signed_in_persons_messages_with_phones_masked(client, desk, as_):
    mine = leave(client, desk, for_staff_id="s-li")
    leave(client, desk, for_staff_id="s-wang")
    leave(client, desk, for_department="engineering")
    listed = client.get("/phone-messages?for_me=true", headers=as_("p1", "s-li")).get_json()
    assert [m["id"] for m in listed["items"]] == [mine["id"]]
    assert listed["items"][0]["callback_phone"] == "138****5678"
    assert client.get("/phone-messages?for_department=engineering", headers=desk).get_json()["total"] == 1


def test_a_department_message_acknowledged_in_ones_own_list_is_delivered_on_the_way(client, desk, as_):
    message = leave(client, desk, for_department="engineering")
    done = client.post(f"/phone-messages/{message['id']}/acknowledge", headers=as_("p1", "s-eng"), json={}).get_json()
    assert done["status"] == "acknowledged" and done["delivered_to"] == "s-eng" and done["delivered_at"]


def test_bad_messages_name_the_field_and_write_nothing(client, desk, everything):
    before = everything()
    assert field_errors(client.post("/phone-messages", headers=desk, json=CALL)) == {"for_staff_id"}
    assert field_errors(client.post("/phone-messages", headers=desk,
                                    json={**CALL, "for_staff_id": "s-li", "callback_phone": "call me"})) \
        == {"callback_phone"}
    assert field_errors(client.post("/phone-messages", headers=desk, json={"for_staff_id": "s-li"})) \
        == {"caller_name", "matter"}
    assert everything() == before


ITEM = {"description": "蛋糕一盒", "from_whom": "快递员", "for_unit_id": "2-5-501", "stored_at": "前台冰箱"}


def test_an_item_held_is_returned_against_a_signature_once(client, desk):
    item = client.post("/held-items", headers=desk, json=ITEM).get_json()
    assert item["status"] == "held" and item["overdue"] is False
    returned = client.post(f"/held-items/{item['id']}/return", headers=desk,
                           json={"collector": {"name": "陈女士", "phone": "13812345678"}})
    assert returned.status_code == 200, returned.get_json()
    assert returned.get_json()["returned_to"]["phone"] == "13812345678"
    listed = client.get("/held-items?status=returned", headers=desk).get_json()["items"]
    assert listed[0]["returned_to"]["phone"] == "138****5678"
    assert reason(client.post(f"/held-items/{item['id']}/return", headers=desk,
                              json={"collector": {"name": "陈女士", "id_last4": "0000"}})) == "already_returned"


def test_an_item_held_past_the_projects_period_is_overdue(client, desk, supervisor, db):
    old = client.post("/held-items", headers=desk, json=ITEM).get_json()
    client.post("/held-items", headers=desk, json={**ITEM, "description": "钥匙扣"})
    db.held_items.update_one({"_id": old["id"]}, {"$set": {"received_at": datetime.now(UTC) - timedelta(days=31)}})
    assert [i["id"] for i in client.get("/held-items?overdue=true", headers=desk).get_json()["items"]] == [old["id"]]
    assert client.put("/settings", headers=supervisor, json={"item_holding_days": 60}).get_json() == {
        "unclaimed_parcel_days": 7, "item_holding_days": 60, "move_in_target_minutes": 30,
        "timezone": "Asia/Shanghai", "letterhead": "物业服务中心", "pickup_hours": "每日 08:00–21:00"}
    assert client.get(f"/held-items/{old['id']}", headers=desk).get_json()["overdue"] is False


def test_bad_items_name_the_field_and_write_nothing(client, desk, everything):
    item = client.post("/held-items", headers=desk, json=ITEM).get_json()
    before = everything()
    assert field_errors(client.post("/held-items", headers=desk, json={**ITEM, "for_unit_id": None})) \
        == {"for_unit_id"}
    assert field_errors(client.post(f"/held-items/{item['id']}/return", headers=desk,
                                    json={"collector": {"name": "x"}})) == {"collector.id_last4"}
    assert everything() == before
