"""Parcels, mail and newspapers over REST (DK-3): the code shown once, desk.parcel.received through the real
broker, pickup by code or signature, the five-wrong-codes lock and its unlock, unclaimed ones, the shelf count."""
from datetime import UTC, datetime, timedelta

import pytest
from kefulib.sealed import Unsealable, pickup_code_context, unseal

from .conftest import field_errors, reason

LABEL = {"kind": "parcel", "carrier": "顺丰", "tracking_number": "SF1234567890", "unit_id": "3-12-1203",
         "recipient_name": "王小明", "shelf": "A"}


def receive(client, headers, **overrides):
    response = client.post("/parcels", headers=headers, json={**LABEL, **overrides})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def with_code(client, headers, parcel_id, code):
    return client.post(f"/parcels/{parcel_id}/pickup-by-code", headers=headers, json={"code": code})


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_a_parcel_received_gets_a_code_shown_once_and_is_announced_without_names(client, desk, db, published,
                                                                                 settings):
    parcel = receive(client, desk)
    code = parcel["pickup_code"]
    assert len(code) == 6 and code.isdigit() and parcel["status"] == "waiting"

    stored = db.parcels.find_one({"_id": parcel["id"]})
    assert code not in str(stored) and stored["pickup_code_hash"]
    shown = client.get(f"/parcels/{parcel['id']}", headers=desk).get_json()
    assert "pickup_code" not in shown and "pickup_code_hash" not in shown
    trail = db.audit_trail.find_one({"record_ids": parcel["id"], "operation": "insert"})
    assert trail is not None and code not in str(trail)

    (event,) = published()
    assert event["type"] == "desk.parcel.received"
    sealed = event["data"].pop("pickup_code_sealed")
    assert event["data"] == {"parcel_id": parcel["id"], "unit_id": "3-12-1203", "kind": "parcel",
                             "shelf": LABEL["shelf"], "pickup_hours": "每日 08:00–21:00",
                             "received_at": event["data"]["received_at"]}
    assert "王小明" not in str(event) and code not in str(event) and code not in sealed
    # Sealed for this project's parcel only: it opens with the shared key and this context, not another parcel's.
    key = settings.extra["pickup_seal_key"]
    assert unseal(key, pickup_code_context("p1", parcel["id"]), sealed) == code
    with pytest.raises(Unsealable):
        unseal(key, pickup_code_context("p2", parcel["id"]), sealed)
    with pytest.raises(Unsealable):
        unseal("another-key-of-at-least-32-characters!!", pickup_code_context("p1", parcel["id"]), sealed)


def test_a_retried_receipt_creates_nothing_more_and_does_not_repeat_the_code(client, desk, db):
    headers = {**desk, "Idempotency-Key": "parcel-retry-1"}
    first = client.post("/parcels", headers=headers, json=LABEL)
    again = client.post("/parcels", headers=headers, json=LABEL)
    assert first.status_code == again.status_code == 201 and again.headers["Idempotent-Replayed"] == "true"
    assert again.get_json()["id"] == first.get_json()["id"] and again.get_json()["pickup_code"] is None
    assert db.parcels.count_documents({}) == 1


def test_the_right_code_hands_the_parcel_over_and_a_wrong_one_is_refused_and_counted(client, desk):
    parcel = receive(client, desk)
    refused = with_code(client, desk, parcel["id"], wrong(parcel["pickup_code"]))
    assert reason(refused) == "wrong_pickup_code" and refused.get_json()["attempts_left"] == 4
    assert client.get(f"/parcels/{parcel['id']}", headers=desk).get_json()["wrong_codes"] == 1

    picked = with_code(client, desk, parcel["id"], parcel["pickup_code"])
    assert picked.status_code == 200, picked.get_json()
    assert picked.get_json()["status"] == "picked_up" and picked.get_json()["pickup"]["method"] == "code"
    assert reason(with_code(client, desk, parcel["id"], parcel["pickup_code"])) == "already_picked_up"


def test_five_wrong_codes_lock_the_parcel_until_a_supervisor_unlocks_it(client, desk, supervisor):
    parcel = receive(client, desk)
    bad = wrong(parcel["pickup_code"])
    codes = [reason(with_code(client, desk, parcel["id"], bad)) for _ in range(5)]
    assert codes == ["wrong_pickup_code"] * 4 + ["parcel_locked"]
    assert reason(with_code(client, desk, parcel["id"], parcel["pickup_code"])) == "parcel_locked"
    assert reason(client.post(f"/parcels/{parcel['id']}/pickup-by-signature", headers=desk,
                              json={"collector": {"name": "王小明", "id_last4": "123X"}, "reason": "忘记取件码"})) \
        == "parcel_locked"

    assert client.post(f"/parcels/{parcel['id']}/unlock", headers=desk, json={"reason": "x"}).status_code == 403
    unlocked = client.post(f"/parcels/{parcel['id']}/unlock", headers=supervisor, json={"reason": "住户本人,已核实"})
    assert unlocked.status_code == 200 and unlocked.get_json()["locked"] is False
    assert unlocked.get_json()["attempts_left"] == 5
    assert with_code(client, desk, parcel["id"], parcel["pickup_code"]).status_code == 200


def test_a_lost_code_is_replaced_by_a_signature_with_the_reason_recorded(client, desk):
    parcel = receive(client, desk, kind="mail")
    picked = client.post(f"/parcels/{parcel['id']}/pickup-by-signature", headers=desk,
                         json={"collector": {"name": "王小红", "id_last4": "5566"}, "reason": "短信删了"})
    assert picked.status_code == 200, picked.get_json()
    assert picked.get_json()["pickup"] == {"method": "signature", "collector_name": "王小红",
                                           "collector_id_last4": "5566", "reason": "短信删了"}


def test_bad_input_names_the_field_and_writes_nothing(client, desk, everything):
    parcel = receive(client, desk)
    before = everything()
    assert field_errors(client.post("/parcels", headers=desk, json={**LABEL, "kind": "crate"})) == {"kind"}
    assert field_errors(client.post("/parcels", headers=desk, json={"kind": "mail"})) \
        == {"unit_id", "recipient_name", "shelf"}
    assert field_errors(with_code(client, desk, parcel["id"], "12ab56")) == {"code"}
    assert field_errors(client.post(f"/parcels/{parcel['id']}/pickup-by-signature", headers=desk,
                                    json={"collector": {"name": "王小红"}})) == {"collector.id_last4", "reason"}
    assert everything() == before


def test_parcels_waiting_past_the_projects_days_are_unclaimed(client, desk, supervisor, db):
    old = receive(client, desk, shelf="B")
    new = receive(client, desk, shelf="B")
    db.parcels.update_one({"_id": old["id"]}, {"$set": {"received_at": datetime.now(UTC) - timedelta(days=8)}})
    listed = client.get("/parcels?unclaimed=true", headers=desk).get_json()["items"]
    assert [p["id"] for p in listed] == [old["id"]] and listed[0]["unclaimed"] is True

    assert client.put("/settings", headers=supervisor, json={"unclaimed_parcel_days": 10}).status_code == 200
    assert client.get("/parcels?unclaimed=true", headers=desk).get_json()["items"] == []
    assert field_errors(client.put("/settings", headers=supervisor, json={"unclaimed_parcel_days": 0})) \
        == {"unclaimed_parcel_days"}
    assert client.get(f"/parcels/{new['id']}", headers=desk).get_json()["unclaimed"] is False


def test_the_shelf_count_lists_what_should_be_on_each_shelf(client, desk, db):
    a1 = receive(client, desk, shelf="A")
    b1 = receive(client, desk, shelf="B", kind="newspaper")
    gone = receive(client, desk, shelf="A")
    with_code(client, desk, gone["id"], gone["pickup_code"])
    db.parcels.update_one({"_id": b1["id"]}, {"$set": {"received_at": datetime.now(UTC) - timedelta(days=9)}})

    count = client.get("/parcels/shelf-count", headers=desk).get_json()
    assert count["total"] == 2 and count["unclaimed_after_days"] == 7
    assert [(s["shelf"], s["count"], s["unclaimed"], [p["parcel_id"] for p in s["parcels"]])
            for s in count["shelves"]] == [("A", 1, 0, [a1["id"]]), ("B", 1, 1, [b1["id"]])]


def test_the_list_shows_the_family_name_only_and_the_parcel_itself_the_whole_name(client, desk):
    parcel = receive(client, desk)
    listed = client.get("/parcels", headers=desk).get_json()["items"]
    assert [p["recipient_name"] for p in listed if p["id"] == parcel["id"]] == ["王**"]
    assert "王小明" not in str(listed)
    assert client.get(f"/parcels/{parcel['id']}", headers=desk).get_json()["recipient_name"] == "王小明"
