"""Customer notices and parcel messages on the real platform (issue 15), driven over REST: a notice drafted at the
desk, refused by the project manager with a reason, changed, resubmitted, approved and published to one building
reaches only that building's households (notifications reads them from identity's /hq/households), prints as a PDF
with its title, and a household opening its link is counted as a read on the notice in desk. A parcel received is
announced by SMS to its unit's household with the pickup code, and picked up with it; a wrong code is refused.

The SMS go to the local Aliyun server, which checks every request's signature as the provider documents it."""
import io
import re
import sys
import tempfile
import uuid
from pathlib import Path

import pytest
import requests
from kefulib.testing.fixtures import TEST_QUEUE_EXPIRES_MS, delete_queues_of, mongo_server
from kefulib.testing.processes import wait_for as _wait_for
from notifications.testing.providers import FakeAliyunSms
from pymongo import MongoClient
from pypdf import PdfReader

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from deploy.local.local_platform import SERVICES, LocalPlatform, free_ports  # noqa: E402

SIGN = "阳光花园物业"
TEMPLATES = {"SMS_NOTICE": ("sender", "title", "notice_url"),
             "SMS_PARCEL": ("sender", "kind", "shelf", "code", "hours")}
# Building 3 has two households, building 5 one: the notice goes to building 3 only.
OWNERS = {"3-1-101": "13811110101", "3-2-201": "13811110201", "5-1-101": "13855550101"}


def wait_for(predicate, timeout=90.0):
    return _wait_for(predicate, timeout=timeout, interval=0.3)


@pytest.fixture(scope="module")
def sms():
    with FakeAliyunSms(sign_names=(SIGN,), templates=TEMPLATES) as fake:
        yield fake


@pytest.fixture(scope="module")
def platform(amqp_url, sms):
    run_id = uuid.uuid4().hex[:10]
    local = LocalPlatform(
        mongo_url=mongo_server().url, amqp_url=amqp_url, log_dir=Path(tempfile.mkdtemp(prefix="kefu-e2e-dn-")),
        db_prefix=f"e2e_{run_id}", exchange=f"test.e2e.{run_id}", ports=free_ports(),
        extra_env={"QUEUE_EXPIRES_MS": str(TEST_QUEUE_EXPIRES_MS), "WEB_CONCURRENCY": "1", "LOG_LEVEL": "WARNING",
                   "NOTIFY_SMS_PROVIDER": "aliyun", "NOTIFY_ALIYUN_ACCESS_KEY_ID": sms.access_key_id,
                   "NOTIFY_ALIYUN_ACCESS_KEY_SECRET": sms.access_key_secret, "NOTIFY_ALIYUN_SMS_SIGN_NAME": SIGN,
                   "NOTIFY_ALIYUN_SMS_ENDPOINT": sms.url})
    try:
        local.start()
        yield local
    finally:
        local.stop()
        delete_queues_of(amqp_url, local.exchange)
        client = MongoClient(local.mongo_url)
        for service in SERVICES:
            client.drop_database(f"{local.db_prefix}_{service}")


@pytest.fixture(scope="module")
def staff(make_person, password_session):
    """The desk clerk and the project manager, each signed in through the staff app's password grant."""
    return {name: password_session(make_person(f"dn-{name}", f"Staff {name}", [role]))
            for name, role in (("desk", "cs_assistant"), ("pm", "project_manager"))}


@pytest.fixture(scope="module")
def estate(platform, staff):
    """Buildings 3 and 5 with their units and owners at identity; messages by SMS with the provider's templates
    and no quiet hours (the test runs whatever the hour)."""
    identity, pm = platform.url("identity"), staff["pm"]
    for building in ("3", "5"):
        assert pm.post(identity + "/buildings", json={"code": building, "floors": 10}).status_code == 201
    for unit_id, phone in OWNERS.items():
        building, floor, room = unit_id.split("-")
        made = pm.post(identity + "/units", json={"building": building, "floor": int(floor), "room": room})
        assert made.status_code == 201, made.text
        owner = pm.post(f"{identity}/units/{unit_id}/owner", json={"since": "2024-03-01", "name": f"业主{room}",
                                                                     "phone": phone})
        assert owner.status_code == 201, owner.text
    settings = pm.put(platform.url("notifications") + "/settings/messages", json={
        "sender_name": SIGN, "quiet_hours": {"start": "00:00", "end": "00:00"},
        "provider_templates": {"sms": {"notice": "SMS_NOTICE", "parcel": "SMS_PARCEL"}}})
    assert settings.status_code == 200, settings.text


def act(session, url, status=200, **body):
    response = session.post(url, json=body)
    assert response.status_code == status, response.text
    return response.json()


def test_a_notice_refused_then_approved_reaches_only_its_buildings_households_prints_and_counts_a_read(
        platform, staff, estate, sms):
    desk, notifications = platform.url("desk"), platform.url("notifications")
    clerk, pm = staff["desk"], staff["pm"]
    drafted = clerk.post(desk + "/notices", json={
        "title": "3栋停水通知", "body": "因二次供水设备检修,3栋将于本周五9:00–17:00停水,请提前储水。",
        "category": "outage", "audience": "buildings", "buildings": ["3"], "channels": ["message", "print"]})
    assert drafted.status_code == 201, drafted.text
    notice = f"{desk}/notices/{drafted.json()['id']}"
    act(clerk, notice + "/submit")
    refused = act(pm, notice + "/refuse", reason="请写明咨询电话")
    assert refused["status"] == "draft" and refused["refusal_reason"] == "请写明咨询电话"
    edited = clerk.patch(notice, json={"body": drafted.json()["body"] + "\n咨询电话:8888 6666"})
    assert edited.status_code == 200, edited.text
    act(clerk, notice + "/submit")
    assert act(pm, notice + "/approve", approver_name="李经理")["status"] == "approved"
    assert act(clerk, notice + "/publish")["status"] == "published"

    def notice_sms():
        return [m for m in sms.received if m.template == "SMS_NOTICE"]
    assert wait_for(lambda: len(notice_sms()) == 2)
    assert sorted(m.phone for m in notice_sms()) == sorted([OWNERS["3-1-101"], OWNERS["3-2-201"]])
    logged = pm.get(notifications + "/deliveries", params={"topic": "notice"}).json()
    assert logged["total"] == 2 and {d["status"] for d in logged["items"]} <= {"sent", "delivered"}
    assert all(re.fullmatch(r"1\d{2}\*{4}\d{4}", d["address"]) for d in logged["items"])  # 138****1234

    pdf = clerk.get(notice + "/pdf")
    assert pdf.status_code == 200 and pdf.headers["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "3栋停水通知" in text and "李经理" in text

    link = notice_sms()[0].params["notice_url"]
    assert link.startswith(notifications + "/n/")
    page = requests.get(link, timeout=10)
    assert page.status_code == 200 and "3栋停水通知" in page.text and "8888 6666" in page.text
    requests.get(link, timeout=10)  # opened twice: one household, one read
    assert wait_for(lambda: clerk.get(notice).json()["counts"]["read"] == 1)
    counts = clerk.get(notice).json()["counts"]
    assert counts["households"] == 2 and counts["sent"] + counts["delivered"] == 2 and counts["queued"] == 0


def test_a_parcel_is_announced_to_its_units_household_and_picked_up_with_the_code_a_wrong_one_refused(
        platform, staff, estate, sms):
    desk, clerk = platform.url("desk"), staff["desk"]
    received = clerk.post(desk + "/parcels", json={"kind": "parcel", "carrier": "顺丰", "tracking_number": "SF0001",
                                                   "unit_id": "5-1-101", "recipient_name": "业主101", "shelf": "C"})
    assert received.status_code == 201, received.text
    parcel_id, code = received.json()["id"], received.json()["pickup_code"]

    assert wait_for(lambda: any(m.template == "SMS_PARCEL" for m in sms.received))
    told = next(m for m in sms.received if m.template == "SMS_PARCEL")
    assert told.phone == OWNERS["5-1-101"]
    assert told.params == {"sender": SIGN, "kind": "包裹", "shelf": "C", "code": code, "hours": "每日 08:00–21:00"}
    logged = staff["pm"].get(platform.url("notifications") + "/deliveries", params={"topic": "parcel"}).json()
    assert code not in str(logged) and "******" in logged["items"][0]["text"]

    wrong_code = f"{(int(code) + 1) % 1_000_000:06d}"
    refused = clerk.post(f"{desk}/parcels/{parcel_id}/pickup-by-code", json={"code": wrong_code})
    assert refused.status_code == 409 and refused.json()["reason_code"] == "wrong_pickup_code"
    picked = clerk.post(f"{desk}/parcels/{parcel_id}/pickup-by-code", json={"code": told.params["code"]})
    assert picked.status_code == 200 and picked.json()["status"] == "picked_up"
