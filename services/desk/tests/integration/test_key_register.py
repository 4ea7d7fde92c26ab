"""The key register over REST (DK-2): an owner's key goes out only to whom the owner authorised; returns, overdue
flags and desk.key.overdue through the real outbox, relay and broker; the shift count."""
from datetime import UTC, datetime, timedelta

from desk.handlers.key_counts import flag_overdue_keys

from .conftest import field_errors, reason

SOON = (datetime.now(UTC) + timedelta(hours=2)).isoformat()
IN_A_MONTH = (datetime.now(UTC) + timedelta(days=30)).isoformat()
WANG = {"name": "王小明", "id_last4": "123X"}


def add_key(client, headers, **overrides):
    body = {"kind": "unit_spare", "label": "3-12-1203 备用", "unit_id": "3-12-1203", "hook": "A-07", **overrides}
    response = client.post("/keys", headers=headers, json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def authorise(client, headers, key_id, *persons, valid_until=IN_A_MONTH):
    return client.put(f"/keys/{key_id}/authorisation", headers=headers,
                      json={"persons": list(persons), "valid_until": valid_until, "document_ref": "授权书 2026-118"})


def sign_out(client, headers, key_id, holder, **extra):
    return client.post(f"/keys/{key_id}/sign-outs", headers=headers,
                       json={"holder": holder, "expected_return_at": SOON, **extra})


def test_a_spare_key_goes_out_only_to_a_person_the_owner_authorised(client, desk):
    key = add_key(client, desk)
    assert reason(sign_out(client, desk, key["id"], WANG)) == "no_authorisation"
    assert authorise(client, desk, key["id"], WANG, {"name": "王小红", "phone": "13800001234"}).status_code == 200

    assert reason(sign_out(client, desk, key["id"], {"name": "李四", "id_last4": "123X"})) == "holder_not_authorised"
    loan = sign_out(client, desk, key["id"], {"name": "王 小明", "id_last4": "123x"}, purpose="开门给装修工")
    assert loan.status_code == 201, loan.get_json()

    shown = client.get(f"/keys/{key['id']}", headers=desk).get_json()
    assert shown["status"] == "out" and shown["holder"]["name"] == "王 小明" and shown["loan_id"] == loan.get_json()["id"]
    assert reason(sign_out(client, desk, key["id"], WANG)) == "key_already_out"
    # The people the owner named: their phones in full on the key, masked in the register's list.
    assert shown["authorisation"]["persons"][1]["phone"] == "13800001234"
    (listed,) = [k for k in client.get("/keys", headers=desk).get_json()["items"] if k["id"] == key["id"]]
    assert listed["authorisation"]["persons"][1]["phone"] == "138****1234"


def test_an_expired_authorisation_refuses_the_sign_out(client, desk, db):
    key = add_key(client, desk)
    assert authorise(client, desk, key["id"], WANG).status_code == 200
    db.keys.update_one({"_id": key["id"]},
                       {"$set": {"authorisation.valid_until": datetime.now(UTC) - timedelta(minutes=1)}})
    assert reason(sign_out(client, desk, key["id"], WANG)) == "authorisation_expired"


def test_the_projects_own_keys_go_to_staff(client, desk):
    key = add_key(client, desk, kind="plant_room", label="水泵房", unit_id=None, hook="B-01")
    holder = {"name": "张工", "id_last4": "0001"}
    assert reason(sign_out(client, desk, key["id"], holder)) == "staff_only"
    assert sign_out(client, desk, key["id"], holder, staff_id="s-tech1").status_code == 201
    assert reason(authorise(client, desk, key["id"], WANG)) == "not_an_owner_key"


def test_a_returned_key_is_back_in_and_its_loan_closed(client, desk):
    key = add_key(client, desk, kind="common_area", label="天台", unit_id=None, hook="C-3")
    assert reason(client.post(f"/keys/{key['id']}/return", headers=desk, json={})) == "key_not_out"
    sign_out(client, desk, key["id"], {"name": "保安甲", "phone": "13900001111"}, staff_id="s-sec1")
    returned = client.post(f"/keys/{key['id']}/return", headers=desk, json={"note": "完好"})
    assert returned.status_code == 200 and returned.get_json()["returned_by"] == "s-desk1"
    assert client.get(f"/keys/{key['id']}", headers=desk).get_json()["status"] == "in"
    (loan,) = client.get(f"/keys/{key['id']}/loans", headers=desk).get_json()["items"]
    assert loan["returned_at"] and loan["holder"]["phone"] == "139****1111"


def test_bad_input_names_the_field_and_writes_nothing(client, desk, everything):
    key = add_key(client, desk)
    before = everything()
    assert field_errors(client.post("/keys", headers=desk, json={"kind": "unit_spare", "label": "x", "hook": "1"})) \
        == {"unit_id"}
    assert field_errors(client.post("/keys", headers=desk, json={"kind": "safe", "label": "x", "hook": "1"})) \
        == {"kind"}
    assert field_errors(authorise(client, desk, key["id"], {"name": "无证明"})) == {"persons.0.id_last4"}
    assert field_errors(authorise(client, desk, key["id"], WANG, valid_until="2020-01-01T00:00:00+00:00")) \
        == {"valid_until"}
    assert field_errors(client.post(f"/keys/{key['id']}/sign-outs", headers=desk,
                                    json={"holder": WANG, "expected_return_at": "2026-12-01T10:00:00"})) \
        == {"expected_return_at"}
    assert field_errors(client.post("/key-counts", headers=desk, json={"present_key_ids": "all"})) \
        == {"present_key_ids"}
    assert everything() == before


def test_overdue_keys_are_listed_flagged_once_and_announced_through_the_broker(client, desk, db, published):
    late = add_key(client, desk, kind="plant_room", label="配电房", unit_id=None, hook="B-02")
    on_time = add_key(client, desk, kind="plant_room", label="电梯机房", unit_id=None, hook="B-03")
    for key in (late, on_time):
        sign_out(client, desk, key["id"], {"name": "电工", "id_last4": "7788"}, staff_id="s-elec1")
    due = datetime.now(UTC) - timedelta(minutes=5)
    db.keys.update_one({"_id": late["id"]}, {"$set": {"expected_return_at": due}})

    overdue = client.get("/keys?overdue=true", headers=desk).get_json()["items"]
    assert [k["id"] for k in overdue] == [late["id"]] and overdue[0]["overdue"] is True
    assert flag_overdue_keys(db) == 1
    assert flag_overdue_keys(db) == 0  # once per sign-out

    (event,) = published()
    assert event["type"] == "desk.key.overdue" and event["tenant_id"] == "p1"
    assert event["data"]["key_id"] == late["id"] and event["data"]["holder_staff_id"] == "s-elec1"
    assert "电工" not in str(event)
    assert client.get(f"/keys/{late['id']}", headers=desk).get_json()["overdue_flagged_at"]


def test_the_shift_count_says_which_keys_are_out_overdue_and_missing(client, desk, db):
    on_hook = add_key(client, desk, kind="common_area", label="会所", unit_id=None, hook="C-1")
    lost = add_key(client, desk, kind="common_area", label="泳池", unit_id=None, hook="C-2")
    out = add_key(client, desk, kind="common_area", label="天台", unit_id=None, hook="C-3")
    sign_out(client, desk, out["id"], {"name": "保安甲", "id_last4": "1111"}, staff_id="s-sec1")
    db.keys.update_one({"_id": out["id"]}, {"$set": {"expected_return_at": datetime.now(UTC) - timedelta(hours=1)}})

    counted = client.post("/key-counts", headers=desk, json={"present_key_ids": [on_hook["id"]],
                                                              "handover_ref": "duty-log-2026-12-01-night"})
    assert counted.status_code == 201, counted.get_json()
    found = counted.get_json()
    assert [k["key_id"] for k in found["present"]] == [on_hook["id"]]
    assert [k["key_id"] for k in found["out"]] == [out["id"]] == [k["key_id"] for k in found["overdue"]]
    assert [(k["key_id"], k["label"], k["hook"]) for k in found["missing"]] == [(lost["id"], "泳池", "C-2")]
    assert client.get(f"/key-counts/{found['id']}", headers=desk).get_json()["missing"] == found["missing"]
    assert client.get("/key-counts", headers=desk).get_json()["total"] == 1


def test_a_count_naming_another_projects_key_is_refused_without_repeating_its_id(client, desk, as_, everything):
    theirs = add_key(client, as_("p2", "s-other"), kind="other", label="p2", unit_id=None, hook="Z")
    before = everything()
    refused = client.post("/key-counts", headers=desk, json={"present_key_ids": [theirs["id"]]})
    assert field_errors(refused) == {"present_key_ids"} and theirs["id"] not in refused.get_data(as_text=True)
    assert everything() == before
