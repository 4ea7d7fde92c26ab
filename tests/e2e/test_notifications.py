"""Customers and staff told by message on the real platform (NT-1..NT-3), driven over REST; the messages arrive at
local provider servers (Aliyun SMS, SMTP) that check every request as the providers document it.

The platform is started here with its SMS and e-mail channels pointed at those servers. notifications reads each
customer's phone from ticketing (its own HQ client, scope ticketing:contact) when the message is due; the phone
is never in an event.

Quiet hours are tested with the project's own time zone: the project is set in a fixed-offset zone where it is
now 23:xx, so "received at 23:10" is now, without touching any clock.
"""
import json
import sys
import tempfile
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pika
import pytest
from kefulib.testing.fixtures import TEST_QUEUE_EXPIRES_MS, delete_queues_of, mongo_server
from kefulib.testing.processes import wait_for as _wait_for
from notifications.testing.providers import FakeAliyunSms, FakeSmtp
from pymongo import MongoClient

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from deploy.local.local_platform import SERVICES, LocalPlatform, free_ports  # noqa: E402

SIGN = "物业客服中心"
SMS_TEMPLATES = {"SMS_RECEIVED": ("sender", "title", "ref"), "SMS_DISPATCHED": ("sender", "ref", "technician", "window"),
                 "SMS_ARRIVED": ("sender", "technician", "ref"), "SMS_DONE": ("sender", "ref", "title")}
CODES = {"received": "SMS_RECEIVED", "dispatched": "SMS_DISPATCHED", "arrived": "SMS_ARRIVED", "done": "SMS_DONE"}


def wait_for(predicate, timeout=60.0):
    return _wait_for(predicate, timeout=timeout, interval=0.3)


def zone_where_it_is(hour: int) -> str:
    """A fixed-offset zone whose local time now is `hour`:xx (Etc/GMT-8 is UTC+8)."""
    offset = (hour - datetime.now(UTC).hour + 12) % 24 - 12
    return "Etc/GMT" + (f"{-offset:+d}" if offset else "")


@pytest.fixture(scope="module")
def sms():
    with FakeAliyunSms(sign_names=(SIGN,), templates=SMS_TEMPLATES) as fake:
        yield fake


@pytest.fixture(scope="module")
def smtp():
    with FakeSmtp() as server:
        yield server


@pytest.fixture(scope="module")
def platform(amqp_url, sms, smtp):
    run_id = uuid.uuid4().hex[:10]
    local = LocalPlatform(
        mongo_url=mongo_server().url, amqp_url=amqp_url, log_dir=Path(tempfile.mkdtemp(prefix="kefu-e2e-nt-")),
        db_prefix=f"e2e_{run_id}", exchange=f"test.e2e.{run_id}", ports=free_ports(),
        extra_env={"QUEUE_EXPIRES_MS": str(TEST_QUEUE_EXPIRES_MS), "WEB_CONCURRENCY": "1", "LOG_LEVEL": "WARNING",
                   "SLA_SCAN_SECONDS": "1",
                   "NOTIFY_SMS_PROVIDER": "aliyun", "NOTIFY_ALIYUN_ACCESS_KEY_ID": sms.access_key_id,
                   "NOTIFY_ALIYUN_ACCESS_KEY_SECRET": sms.access_key_secret, "NOTIFY_ALIYUN_SMS_SIGN_NAME": SIGN,
                   "NOTIFY_ALIYUN_SMS_ENDPOINT": sms.url, "NOTIFY_SMTP_HOST": smtp.host,
                   "NOTIFY_SMTP_PORT": str(smtp.port), "NOTIFY_SMTP_FROM": "kefu@example.com",
                   "NOTIFY_SMTP_SECURITY": "none"})
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
def people(make_person, password_session):
    """The demo project's clerk, supervisor and manager, each signed in through the staff app's password grant."""
    sessions, ids = {}, {}
    for name, role in (("desk", "cs_assistant"), ("sup", "cs_supervisor"), ("pm", "project_manager")):
        person = make_person(f"nt-{name}", f"Staff {name}", [role])
        ids[name], sessions[name] = person["id"], password_session(person)
    return sessions, ids


@pytest.fixture(scope="module")
def quiet_now(platform, people):
    """The demo project lives in a zone where it is 23:xx now, and sends SMS with these template codes."""
    sessions, _ = people
    zone = zone_where_it_is(23)
    response = sessions["pm"].put(platform.url("notifications") + "/settings/messages", json={
        "timezone": zone, "sender_name": SIGN, "provider_templates": {"sms": CODES}})
    assert response.status_code == 200, response.text
    return zone


def deliveries(platform, session, **query):
    response = session.get(platform.url("notifications") + "/deliveries", params=query)
    assert response.status_code == 200, response.text
    return response.json()["items"]


def new_ticket(platform, session, **body):
    response = session.post(platform.url("ticketing") + "/tickets", json={"channel": "phone", "unit_id": "1-2-301",
                                                                           **body})
    assert response.status_code == 201, response.text
    return response.json()


def republish_created_event(platform, ticket_id: str) -> None:
    """Publish ticketing's `ticket.created` for this ticket a second time, as a broker redelivers a message."""
    db = MongoClient(platform.mongo_url)[f"{platform.db_prefix}_ticketing"]
    doc = db["outbox"].find_one({"routing_key": "ticketing.ticket.created", "envelope.data.ticket_id": ticket_id})
    connection = pika.BlockingConnection(pika.URLParameters(platform.amqp_url))
    try:
        connection.channel().basic_publish(
            exchange=platform.exchange, routing_key=doc["routing_key"],
            body=json.dumps(doc["envelope"], ensure_ascii=False, default=str).encode(),
            properties=pika.BasicProperties(content_type="application/json", message_id=doc["envelope"]["id"],
                                            type=doc["envelope"]["type"]))
    finally:
        connection.close()


def test_at_night_an_urgent_repair_is_told_at_once_and_a_general_one_waits_for_eight(platform, people, quiet_now, sms):
    s, _ = people
    urgent = new_ticket(platform, s["desk"], kind="repair", title="水管爆裂", subtype="no_water_or_burst_pipe",
                        caller_name="王女士", callback_phone="13812341234")
    general = new_ticket(platform, s["desk"], kind="repair", title="门铃不响", caller_name="李先生",
                         callback_phone="13900001111")
    assert urgent["category"] == "urgent" and general["category"] == "general"
    assert wait_for(lambda: any(m.params.get("title") == "水管爆裂" for m in sms.received))
    told = next(m for m in sms.received if m.params.get("title") == "水管爆裂")
    assert (told.phone, told.template, told.sign_name) == ("13812341234", "SMS_RECEIVED", SIGN)
    assert told.params["ref"] == urgent["id"].replace("-", "")[:8].upper()
    # The general repair's message waits, held for quiet hours, until 08:00 in the project's zone. Its event may
    # be consumed after the urgent one's SMS went out: wait for its delivery to be recorded.
    [held] = wait_for(lambda: deliveries(platform, s["sup"], ticket_id=general["id"]))
    assert (held["status"], held["held_for"]) == ("queued", "quiet_hours")
    release = datetime.fromisoformat(held["next_attempt_at"]).astimezone(ZoneInfo(quiet_now))
    assert (release.hour, release.minute) == (8, 0) and timedelta(0) < release - datetime.now(UTC) < timedelta(hours=9)
    assert not any(m.phone == "13900001111" for m in sms.received)
    # The log shows what was sent, masked; the phone number itself is in no event ticketing published.
    [sent] = deliveries(platform, s["sup"], ticket_id=urgent["id"])
    assert (sent["status"], sent["channel"], sent["provider"], sent["address"]) == (
        "sent", "sms", "aliyun_sms", "138****1234")
    outbox = MongoClient(platform.mongo_url)[f"{platform.db_prefix}_ticketing"]["outbox"]
    assert not [d for d in outbox.find({"envelope.data.ticket_id": urgent["id"]}) if "13812341234" in str(d)]
    # ticketing's audit trail holds notifications' read of the contact.
    trail = s["pm"].get(platform.url("ticketing") + "/audit-trail").json()["items"]
    assert any(e["operation"] == "read" and urgent["id"] in e["record_ids"] for e in trail)

    # The same event delivered twice sends one message.
    republish_created_event(platform, urgent["id"])
    dispatched = s["sup"].post(platform.url("ticketing") + f"/tickets/{urgent['id']}/actions/dispatch", json={
        "department": "engineering", "assignee": "张师傅",
        "appointment_at": (datetime.now(UTC) + timedelta(minutes=30)).replace(second=0, microsecond=0).isoformat()})
    assert dispatched.status_code == 200, dispatched.text
    assert wait_for(lambda: any(m.template == "SMS_DISPATCHED" for m in sms.received))
    to_customer = [m for m in sms.received if m.phone == "13812341234"]
    assert [m.template for m in to_customer] == ["SMS_RECEIVED", "SMS_DISPATCHED"]
    assert to_customer[1].params["technician"] == "张师傅" and "–" in to_customer[1].params["window"]
    assert len(deliveries(platform, s["sup"], ticket_id=urgent["id"], topic="received")) == 1


def test_a_breach_reaches_the_inboxes_and_the_supervisors_e_mail(platform, people, quiet_now, smtp):
    s, ids = people
    notifications, ticketing = platform.url("notifications"), platform.url("ticketing")
    for name in ("sup", "pm"):
        assert s[name].put(notifications + "/staff-contacts/me",
                           json={"email": f"{name}@demo.example"}).status_code == 200
    assert wait_for(lambda: {h["staff_id"] for h in s["pm"].get(notifications + "/role-holders").json()["items"]}
                    >= {ids["sup"], ids["pm"]})
    assert s["pm"].put(ticketing + "/settings/sla", json={"policy": {"help_first_response": {"minutes": 1}}}
                       ).status_code == 200
    ticket = new_ticket(platform, s["desk"], kind="help_request", title="电梯困人", subtype="other",
                        reported_at=(datetime.now(UTC) - timedelta(seconds=170)).isoformat())
    # Levels 1 and 2 are both past due: the supervisor and then the manager get an item and an e-mail.
    assert wait_for(lambda: {r for m in smtp.received for r in m.rcpt_tos} >= {"sup@demo.example", "pm@demo.example"},
                    timeout=90)
    mails = {m.rcpt_tos[0]: m.message for m in smtp.received}
    assert ticket["id"] in mails["sup@demo.example"].get_content()
    assert "Escalation level 1" in mails["sup@demo.example"]["Subject"]
    assert "Escalation level 2" in mails["pm@demo.example"]["Subject"]
    for name, level in (("sup", 1), ("pm", 2)):
        items = s[name].get(notifications + "/inbox", params={"ticket_id": ticket["id"]}).json()["items"]
        assert [i["level"] for i in items] == [level]
