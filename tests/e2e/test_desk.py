"""The front desk on the real platform (issue 15): an owner's spare key goes only to a person the owner
authorised, and a parcel is handed over against its pickup code, a wrong code refused; over HTTP, through
gunicorn, with an integration client signed in at identity."""
from datetime import UTC, datetime, timedelta

import pytest
import requests


@pytest.fixture(scope="module")
def demo(sign_in, credentials):
    return sign_in(credentials["client"]["client_id"], credentials["client"]["client_secret"])


def at(hours: float) -> str:
    return (datetime.now(UTC) + timedelta(hours=hours)).isoformat()


def test_a_spare_key_goes_out_to_the_person_the_owner_authorised_and_no_one_else(platform, demo):
    desk = platform.url("desk")
    key = demo.post(desk + "/keys", json={"kind": "unit_spare", "label": "5-2-802 备用钥匙", "unit_id": "5-2-802",
                                          "hook": "A-12"})
    assert key.status_code == 201, key.text
    key_id = key.json()["id"]
    authorised = demo.put(f"{desk}/keys/{key_id}/authorisation", json={
        "persons": [{"name": "周建国", "id_last4": "4321"}], "valid_until": at(24 * 30), "document_ref": "授权书 08"})
    assert authorised.status_code == 200, authorised.text

    stranger = demo.post(f"{desk}/keys/{key_id}/sign-outs", json={
        "holder": {"name": "吴某", "id_last4": "4321"}, "expected_return_at": at(2)})
    assert stranger.status_code == 409 and stranger.json()["reason_code"] == "holder_not_authorised"
    assert stranger.headers["Content-Type"] == "application/problem+json"

    named = demo.post(f"{desk}/keys/{key_id}/sign-outs", json={
        "holder": {"name": "周建国", "id_last4": "4321"}, "expected_return_at": at(2), "purpose": "业主出差,亲戚取钥匙"})
    assert named.status_code == 201, named.text
    assert demo.get(f"{desk}/keys/{key_id}").json()["status"] == "out"


def test_a_parcel_is_picked_up_with_its_code_and_a_wrong_code_is_refused(platform, demo):
    desk = platform.url("desk")
    received = demo.post(desk + "/parcels", json={"kind": "parcel", "carrier": "京东", "tracking_number": "JD0001",
                                                  "unit_id": "5-2-802", "recipient_name": "周建国", "shelf": "C"})
    assert received.status_code == 201, received.text
    parcel_id, code = received.json()["id"], received.json()["pickup_code"]
    wrong_code = f"{(int(code) + 1) % 1_000_000:06d}"

    refused = demo.post(f"{desk}/parcels/{parcel_id}/pickup-by-code", json={"code": wrong_code})
    assert refused.status_code == 409 and refused.json()["reason_code"] == "wrong_pickup_code"
    assert refused.json()["attempts_left"] == 4

    picked = demo.post(f"{desk}/parcels/{parcel_id}/pickup-by-code", json={"code": code})
    assert picked.status_code == 200, picked.text
    assert picked.json()["status"] == "picked_up" and "pickup_code" not in picked.json()


def test_the_desk_serves_its_openapi_and_is_ready(platform):
    assert requests.get(platform.url("desk") + "/openapi.json", timeout=5).json()["info"]["title"] == "kefu desk"
    assert requests.get(platform.url("desk") + "/readyz", timeout=5).status_code == 200
