"""Satisfaction survey campaigns and the desk's daily report on the real platform (issue 15), over HTTP and the
real broker: desk samples a campaign from the project's households (units announced by identity), notifications
sends each sampled household an SMS with its signed link, to the owner's phone it reads from identity's households
(its own client, scope identity:households); one household answers on the page, another's paper form is entered
at the desk, and the month's results show both answers by category; a second answer is refused either way. The
daily report counts a parcel and a ticket received today.

The SMS arrives at a local Aliyun server that checks every request as Aliyun documents it; the link is taken from
the message it received."""
import sys
import tempfile
import uuid
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import requests
from kefulib.testing.fixtures import TEST_QUEUE_EXPIRES_MS, delete_queues_of, mongo_server
from kefulib.testing.processes import wait_for as _wait_for
from notifications.testing.providers import FakeAliyunSms
from pymongo import MongoClient

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from deploy.local import demo as local_demo  # noqa: E402
from deploy.local.local_platform import SERVICES, LocalPlatform, free_ports  # noqa: E402

SIGN = "物业客服中心"
HOUSEHOLDS = {"7-1-101": "13811117101", "7-1-102": "13811117102"}
CATEGORIES = ["customer_service", "maintenance", "cleaning", "security"]


def wait_for(predicate, timeout=60.0):
    return _wait_for(predicate, timeout=timeout, interval=0.3)


@pytest.fixture(scope="module")
def sms():
    with FakeAliyunSms(sign_names=(SIGN,), templates={"SMS_SURVEY": ("sender", "title", "survey_url")}) as fake:
        yield fake


@pytest.fixture(scope="module")
def platform(amqp_url, sms):
    run_id = uuid.uuid4().hex[:10]
    local = LocalPlatform(
        mongo_url=mongo_server().url, amqp_url=amqp_url, log_dir=Path(tempfile.mkdtemp(prefix="kefu-e2e-sv-")),
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
def manager(platform, credentials, make_person, password_session):
    """The demo project's manager, signed in through the staff app's password grant; the project's households
    (building 7, each with its owner's phone) and its SMS template for surveys set up."""
    identity = platform.url("identity")
    session = password_session(make_person("sv-pm", "项目经理", ["project_manager"]))

    assert sorted(local_demo.create_units(identity, credentials["client"], {"7": {1: ["101", "102"]}})) == \
        sorted(HOUSEHOLDS)
    for unit_id, phone in HOUSEHOLDS.items():
        owner = session.post(f"{identity}/units/{unit_id}/owner", json={"since": "2020-01-01", "name": f"业主{unit_id}",
                                                                       "phone": phone})
        assert owner.status_code == 201, owner.text
    # No quiet hours: a survey SMS sent at night is held until 08:00 (test_notifications covers the hold), and
    # this test must not depend on the hour CI runs at.
    settings = session.put(platform.url("notifications") + "/settings/messages", json={
        "sender_name": SIGN, "quiet_hours": {"start": "00:00", "end": "00:00"}, "channels": ["sms"],
        "provider_templates": {"sms": {"satisfaction_survey": "SMS_SURVEY"}}})
    assert settings.status_code == 200, settings.text
    return session


def new_campaign(platform, session, period):
    """A campaign of every household of the project, once desk knows both units (identity's events are on their way
    while the owners are recorded): a campaign drawn too early is left behind under its own month."""
    response = session.post(platform.url("desk") + "/survey-campaigns", json={
        "name": "2031年顾客满意度调查", "period": period, "sample_ratio": "1", "categories": CATEGORIES})
    if response.status_code == 409 and response.json()["reason_code"] == "no_households":
        return None
    assert response.status_code == 201, response.text
    return response.json() if response.json()["sampled"] == len(HOUSEHOLDS) else None


def link_sent_to(sms, phone):
    def found():
        for message in sms.received:
            if message.phone.endswith(phone):
                return message.params["survey_url"]
        return None
    return wait_for(found)


def month_results(platform, session, period):
    response = session.get(platform.url("desk") + "/survey-results", params={"period": period})
    assert response.status_code == 200, response.text
    return response.json()


def test_a_campaign_answered_by_link_and_at_the_desk_shows_both_in_the_months_results(platform, manager, sms,
                                                                                        credentials, sign_in):
    desk = platform.url("desk")
    periods = iter(f"2031-{month:02d}" for month in range(1, 13))
    campaign = wait_for(lambda: new_campaign(platform, manager, next(periods)), timeout=30)
    period = campaign["period"]

    link = link_sent_to(sms, HOUSEHOLDS["7-1-101"])
    assert link.startswith(platform.url("notifications") + "/q/")
    form = requests.get(link, timeout=10)  # the owner's phone: no token, no cookie
    assert form.status_code == 200 and "2031年顾客满意度调查" in form.text
    assert all(label in form.text for label in ("客户服务", "工程维修", "保洁", "秩序维护/安保"))
    answered = requests.post(link, data={"rating_customer_service": "5", "rating_maintenance": "4",
                                         "rating_cleaning": "3", "rating_security": "5", "comment": "保安很负责"},
                             timeout=10)
    assert answered.status_code == 200 and "感谢您的评价" in answered.text

    paper = manager.post(f"{desk}/survey-campaigns/{campaign['id']}/answers", json={
        "unit_id": "7-1-102", "ratings": {"customer_service": 3, "maintenance": 2, "cleaning": 5, "security": 4},
        "comment": "纸质问卷"})
    assert paper.status_code == 201, paper.text

    results = wait_for(lambda: (r := month_results(platform, manager, period))["answered"] == 2 and r)
    assert (results["sampled"], results["answered_by_link"], results["answered_at_desk"]) == (2, 1, 1)
    assert results["response_rate"] == 1.0
    by = {c["category"]: c for c in results["categories"]}
    assert (by["customer_service"]["mean"], by["maintenance"]["mean"], by["cleaning"]["mean"],
            by["security"]["mean"]) == (4.0, 3.0, 4.0, 4.5)
    assert by["customer_service"]["distribution"] == {"1": 0, "2": 0, "3": 1, "4": 0, "5": 1}
    assert all(c["count"] == 2 for c in results["categories"])

    # A second answer from either household is refused, through the desk and through the link alike.
    for unit_id in HOUSEHOLDS:
        again = manager.post(f"{desk}/survey-campaigns/{campaign['id']}/answers", json={
            "unit_id": unit_id, "ratings": {c: 1 for c in CATEGORIES}})
        assert again.status_code == 409 and again.json()["reason_code"] == "already_answered", again.text
    twice = requests.post(link, data={f"rating_{c}": "1" for c in CATEGORIES}, timeout=10)
    assert twice.status_code == 409 and "您已参与过本次调查" in twice.text
    desk_households_link = link_sent_to(sms, HOUSEHOLDS["7-1-102"])
    closed = wait_for(lambda: (r := requests.post(desk_households_link, data={f"rating_{c}": "1" for c in CATEGORIES},
                                                  timeout=10)).status_code == 409 and r)
    assert "您已参与过本次调查" in closed.text
    assert month_results(platform, manager, period)["answered"] == 2

    # HQ sees the project's month among the company's.
    hq = sign_in(credentials["hq_admin"]["client_id"], credentials["hq_admin"]["client_secret"])
    company = hq.get(f"{desk}/hq/survey-results", params={"period": period}).json()
    assert [p["project"] for p in company["projects"]] == ["demo"] and company["company"]["answered"] == 2


def test_the_daily_report_counts_a_parcel_and_a_ticket_received_today(platform, manager):
    desk = platform.url("desk")
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()

    def report():
        response = manager.get(desk + "/reports/daily", params={"day": today})
        assert response.status_code == 200, response.text
        return response.json()

    before = report()
    parcel = manager.post(desk + "/parcels", json={"kind": "parcel", "carrier": "顺丰", "unit_id": "7-1-101",
                                                   "recipient_name": "业主", "shelf": "B"})
    assert parcel.status_code == 201, parcel.text
    ticket = manager.post(platform.url("ticketing") + "/tickets", json={
        "kind": "repair", "title": "楼道灯不亮", "unit_id": "7-1-101", "channel": "phone"})
    assert ticket.status_code == 201, ticket.text

    after = wait_for(lambda: (r := report())["came_in"]["tickets"] == before["came_in"]["tickets"] + 1 and r)
    assert after["came_in"]["parcels"] == before["came_in"]["parcels"] + 1
    assert after["came_in"]["tickets_by_kind"].get("repair", 0) == before["came_in"]["tickets_by_kind"].get("repair", 0) + 1
    assert after["still_open"]["parcels_waiting"] == before["still_open"]["parcels_waiting"] + 1
    assert after["still_open"]["tickets_unfinished"] == before["still_open"]["tickets_unfinished"] + 1
