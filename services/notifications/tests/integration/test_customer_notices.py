"""Customer notices and staff e-mail on the real MongoDB and RabbitMQ, sent through the real channel adapters to
local provider servers (Aliyun SMS, SMTP) that check every request as the providers document it.

ticketing's contact endpoint is another service; here a `ContactBook` stands in for it (the end-to-end test in
tests/e2e drives the real one)."""
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from kefulib.messaging import Event
from notifications.channels.aliyun_sms import AliyunSms
from notifications.channels.smtp import SmtpEmail
from notifications.config import NotificationsConfig
from notifications.handlers.deliveries import Sender, receipt_token
from notifications.testing.providers import FakeAliyunSms, FakeSmtp
from notifications.ticket_contacts import ContactUnavailable

from .conftest import breached, granted

SMS_TEMPLATES = {"SMS_RECEIVED": ("sender", "title", "ref"), "SMS_DISPATCHED": ("sender", "ref", "technician", "window"),
                 "SMS_DONE": ("sender", "ref", "title")}
SETTINGS_ROLE = ("p1", "s-pm1", "project_manager")


class ContactBook:
    """What ticketing's GET /hq/tickets/{id}/contact would answer, per (project, ticket)."""

    def __init__(self):
        self.contacts: dict[tuple[str, str], dict] = {}
        self.down = False
        self.reads = 0

    def add(self, ticket_id, phone="13812341234", title="厨房水龙头漏水", project="p1"):
        self.contacts[(project, ticket_id)] = {"ticket_id": ticket_id, "callback_phone": phone, "title": title}

    def fetch(self, project, ticket_id):
        if self.down:
            raise ContactUnavailable("ticketing unreachable: ConnectionError")
        self.reads += 1
        return self.contacts.get((project, ticket_id))


def zone_where_it_is(hour: int) -> str:
    """A fixed-offset zone whose local time now is `hour`:xx (Etc/GMT-8 is UTC+8), so quiet hours are testable."""
    offset = (hour - datetime.now(UTC).hour + 12) % 24 - 12
    return "Etc/GMT" + (f"{-offset:+d}" if offset else "")


@pytest.fixture
def sms():
    with FakeAliyunSms(sign_names=("物业客服中心",), templates=SMS_TEMPLATES) as fake:
        yield fake


@pytest.fixture
def smtp():
    with FakeSmtp() as server:
        yield server


@pytest.fixture
def contacts():
    return ContactBook()


@pytest.fixture
def sender(db, sms, smtp, contacts):
    channels = {"sms": AliyunSms(sms.access_key_id, sms.access_key_secret, "物业客服中心", sms.url),
                "email": SmtpEmail(smtp.host, smtp.port, "kefu@example.com", security="none")}
    return Sender(db, NotificationsConfig(), channels, contacts)


@pytest.fixture
def configure(client, as_):
    def put(**settings):
        body = {"provider_templates": {"sms": {"received": "SMS_RECEIVED", "dispatched": "SMS_DISPATCHED",
                                               "done": "SMS_DONE"}}, **settings}
        response = client.put("/settings/messages", headers=as_(*SETTINGS_ROLE), json=body)
        assert response.status_code == 200, response.get_json()
        return response.get_json()
    return put


def created(ticket_id, kind="repair", category="general", tenant="p1"):
    return Event("ticketing.ticket.created", tenant, {"ticket_id": ticket_id, "kind": kind, "category": category,
                                                      "unit_id": "1-2-301", "channel": "phone",
                                                      "created_at": datetime.now(UTC).isoformat(),
                                                      "warranty_rework_of": None})


def log(client, as_, **filters):
    response = client.get("/deliveries", headers=as_("p1", "s-sup1", "cs_supervisor"), query_string=filters)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["items"]


def test_in_quiet_hours_an_urgent_repair_is_told_at_once_and_a_general_one_waits_for_eight(
        publish, sender, sms, contacts, configure, client, as_):
    zone = zone_where_it_is(23)
    configure(timezone=zone)
    contacts.add("t-urgent", title="水管爆裂")
    contacts.add("t-general")
    publish(created("t-urgent", category="urgent"), created("t-general"))
    assert sender.run_once() == 1  # only the urgent one is due
    [sent] = sms.received
    assert (sent.phone, sent.template, sent.sign_name) == ("13812341234", "SMS_RECEIVED", "物业客服中心")
    assert sent.params == {"sender": "物业客服中心", "title": "水管爆裂", "ref": "TURGENT"}
    by_ticket = {d["ticket_id"]: d for d in log(client, as_)}
    assert by_ticket["t-urgent"]["status"] == "sent" and by_ticket["t-urgent"]["address"] == "138****1234"
    assert "水管爆裂" in by_ticket["t-urgent"]["text"]
    held = by_ticket["t-general"]
    assert (held["status"], held["held_for"]) == ("queued", "quiet_hours")
    release = datetime.fromisoformat(held["next_attempt_at"]).astimezone(ZoneInfo(zone))
    assert (release.hour, release.minute) == (8, 0) and release > datetime.now(UTC)
    assert release - datetime.now(UTC) < timedelta(hours=10)
    # At 08:00 the held message goes.
    later = Sender(sender.db, sender.config, sender.channels, contacts, clock=lambda: release + timedelta(seconds=1))
    assert later.run_once() == 1 and len(sms.received) == 2


def test_a_delivery_whose_sender_died_mid_send_is_sent_when_its_lease_runs_out(
        publish, sender, sms, contacts, configure):
    """A sender that claimed a message and died leaves it `sending` until its lease ends; then another sends it."""
    from notifications.handlers.deliveries import LEASE
    from notifications.store import DELIVERIES
    configure(timezone=zone_where_it_is(12))
    contacts.add("t-lost")
    publish(created("t-lost"))
    claimed = sender._claim(datetime.now(UTC))  # what a sender does before it sends, and then it died
    assert claimed["status"] == "sending" and sms.received == []
    assert sender.run_once() == 0  # still leased
    later = Sender(sender.db, sender.config, sender.channels, contacts,
                   clock=lambda: datetime.now(UTC) + LEASE + timedelta(seconds=1))
    assert later.run_once() == 1 and len(sms.received) == 1
    assert sender.db[DELIVERIES].find_one({"_id": claimed["_id"]})["status"] == "sent"


def test_the_same_event_delivered_twice_sends_one_message(publish, sender, sms, contacts, configure, client, as_):
    configure(timezone=zone_where_it_is(12))
    contacts.add("t-1")
    event = created("t-1")
    publish(event)
    publish(event)
    sender.run_once()
    sender.run_once()
    assert len(sms.received) == 1 and len(log(client, as_, ticket_id="t-1")) == 1


def test_dispatch_names_the_technician_and_the_window(publish, sender, sms, contacts, configure):
    zone = zone_where_it_is(12)
    configure(timezone=zone)
    contacts.add("t-2")
    appointment = (datetime.now(UTC) + timedelta(days=1)).replace(minute=0, second=0, microsecond=0)
    publish(Event("ticketing.ticket.dispatched", "p1", {
        "ticket_id": "t-2", "kind": "repair", "category": "general", "unit_id": "1-2-301", "round": 1,
        "action": "dispatch", "from_state": "received", "to_state": "dispatched", "at": datetime.now(UTC).isoformat(),
        "department": "engineering", "assignee": "张师傅", "appointment_at": appointment.isoformat()}))
    sender.run_once()
    local = appointment.astimezone(ZoneInfo(zone))
    window = f"{local.month}月{local.day}日 {local:%H:%M}–{(local + timedelta(hours=2)):%H:%M}"
    assert sms.received[0].params == {"sender": "物业客服中心", "ref": "T2", "technician": "张师傅", "window": window}


def test_a_throttled_provider_is_retried_later_and_a_permanent_error_is_a_dead_letter(
        publish, sender, sms, contacts, configure, client, as_):
    configure(timezone=zone_where_it_is(12))
    contacts.add("t-3")
    contacts.add("t-4", phone="12345")
    sms.throttle_next(1)
    publish(created("t-3"))
    sender.run_once()
    [waiting] = log(client, as_, ticket_id="t-3")
    assert (waiting["status"], waiting["reason"], waiting["attempts"]) == ("queued", "isv.BUSINESS_LIMIT_CONTROL", 1)
    due = datetime.fromisoformat(waiting["next_attempt_at"])
    assert timedelta(seconds=25) < due - datetime.now(UTC) < timedelta(seconds=35)
    assert sender.run_once() == 0  # not yet due
    retry = Sender(sender.db, sender.config, sender.channels, contacts, clock=lambda: due + timedelta(seconds=1))
    assert retry.run_once() == 1
    [done] = log(client, as_, ticket_id="t-3")
    assert (done["status"], done["attempts"]) == ("sent", 2) and len(sms.received) == 1
    assert [h["status"] for h in done["history"]] == ["queued", "queued", "sent"]
    # A number the provider refuses is not retried: a dead letter the log shows.
    publish(created("t-4"))
    sender.run_once()
    [dead] = log(client, as_, ticket_id="t-4")
    assert (dead["status"], dead["dead_letter"], dead["reason"]) == ("failed", True, "isv.MOBILE_NUMBER_ILLEGAL")
    assert log(client, as_, dead_letter="true")[0]["id"] == dead["id"]


def test_ticketing_down_is_retried_not_lost(publish, sender, sms, contacts, configure, client, as_):
    configure(timezone=zone_where_it_is(12))
    contacts.add("t-5")
    contacts.down = True
    publish(created("t-5"))
    sender.run_once()
    [waiting] = log(client, as_, ticket_id="t-5")
    assert (waiting["status"], waiting["reason"]) == ("queued", "contact_unavailable")
    contacts.down = False
    due = datetime.fromisoformat(waiting["next_attempt_at"])
    Sender(sender.db, sender.config, sender.channels, contacts, clock=lambda: due + timedelta(seconds=1)).run_once()
    assert log(client, as_, ticket_id="t-5")[0]["status"] == "sent" and len(sms.received) == 1


def test_opt_outs_throttling_and_missing_contacts_are_suppressed_and_logged(
        publish, sender, sms, contacts, configure, client, as_):
    configure(timezone=zone_where_it_is(12), per_hour=1)
    clerk = as_("p1", "s-asst1", "cs_assistant")
    contacts.add("t-6", phone="13900000001")
    contacts.add("t-7", phone="13900000001")
    contacts.add("t-8", phone="+86 139-0000-0002")
    contacts.contacts[("p1", "t-9")] = {"ticket_id": "t-9", "callback_phone": None, "title": "x"}
    opted = client.post("/opt-outs", headers=clerk, json={"phone": "13900000002", "channel": "sms",
                                                           "reason": "业主来电要求不再发短信"})
    assert opted.status_code == 201 and opted.get_json()["phone"] == "139****0002"
    assert client.post("/opt-outs", headers=clerk, json={"phone": "139 0000 0002", "channel": "sms"}).get_json()[
        "id"] == opted.get_json()["id"]
    publish(created("t-6"))
    sender.run_once()
    publish(created("t-7"), created("t-8"), created("t-9"))
    sender.run_once()
    outcome = {d["ticket_id"]: (d["status"], d["reason"]) for d in log(client, as_)}
    assert outcome == {"t-6": ("sent", None), "t-7": ("suppressed", "throttled"),
                       "t-8": ("suppressed", "opted_out"), "t-9": ("suppressed", "no_contact")}
    assert [m.phone for m in sms.received] == ["13900000001"]
    # An urgent repair is told beyond the hourly limit.
    contacts.add("t-10", phone="13900000001")
    publish(created("t-10", category="urgent"))
    sender.run_once()
    assert [m.phone for m in sms.received] == ["13900000001", "13900000001"]
    assert "13900000002" not in client.get("/opt-outs", headers=clerk).get_data(as_text=True)


def test_a_topic_the_project_turned_off_is_logged_as_suppressed(publish, sender, sms, contacts, configure, client, as_):
    configure(timezone=zone_where_it_is(12), topics=["done"])
    contacts.add("t-11")
    publish(created("t-11"))
    sender.run_once()
    assert [(d["status"], d["reason"]) for d in log(client, as_)] == [("suppressed", "topic_off")]
    assert contacts.reads == 0 and sms.received == []


def test_a_breach_is_e_mailed_to_the_people_told_who_left_an_address(staff, publish, sender, smtp, client, as_):
    assert client.put("/staff-contacts/me", headers=as_("p1", "s-sup1", "cs_supervisor"),
                      json={"email": "sup1@example.com"}).status_code == 200
    publish(breached("t-12", 1), granted("s-sup1b", "cs_supervisor", "p1", "Sup Bis"))
    sender.run_once()
    [mail] = smtp.received
    assert mail.rcpt_tos == ["sup1@example.com"]
    assert "Escalation level 1" in mail.message["Subject"] and "t-12" in mail.message.get_content()
    staff_log = log(client, as_, audience="staff")
    # The second supervisor left no address: the inbox has the item, the log says why no e-mail went.
    assert sorted((d["status"], d["channel"], d["address"], d["reason"]) for d in staff_log) == [
        ("sent", "email", "s***@example.com", None), ("suppressed", None, None, "no_contact")]


def test_templates_are_checked_previewed_and_used(publish, sender, sms, contacts, configure, client, as_):
    configure(timezone=zone_where_it_is(12))
    manager = as_(*SETTINGS_ROLE)
    bad = client.put("/settings/templates/received/sms", headers=manager, json={"text": "您好 {name},{ref}"})
    assert bad.status_code == 422 and "text" in bad.get_json()["errors"]
    preview = client.post("/settings/templates/preview", headers=manager,
                          json={"topic": "received", "channel": "sms", "text": "【{sender}】{title}已登记,单号{ref}"})
    assert preview.get_json()["text"] == "【物业客服中心】厨房水龙头漏水已登记,单号3F2A9C1B"
    saved = client.put("/settings/templates/received/sms", headers=manager,
                       json={"text": "【{sender}】{title}已登记,单号{ref}"})
    assert saved.status_code == 200 and saved.get_json()["custom"] is True
    assert client.put("/settings/templates/received/sms", headers=as_("p1", "s-asst1", "cs_assistant"),
                      json={"text": "x"}).status_code == 403
    contacts.add("t-13")
    publish(created("t-13"))
    sender.run_once()
    assert log(client, as_)[0]["text"] == "【物业客服中心】厨房水龙头漏水已登记,单号T13"
    assert client.delete("/settings/templates/received/sms", headers=manager).get_json()["custom"] is False


def test_a_receipt_marks_the_message_delivered_and_a_wrong_token_is_a_missing_page(
        publish, sender, sms, contacts, configure, client, as_):
    configure(timezone=zone_where_it_is(12))
    contacts.add("t-14")
    publish(created("t-14"))
    sender.run_once()
    [sent] = log(client, as_)
    biz_id = sender.db["deliveries"].find_one({"_id": sent["id"]})["provider_message_id"]
    report = [{"phone_number": "13812341234", "success": True, "biz_id": biz_id, "out_id": sent["id"],
               "send_time": "2026-12-01 12:00:00", "report_time": "2026-12-01 12:00:05", "err_code": "DELIVERED",
               "err_msg": "用户接收成功", "sms_size": "1"}]
    token = receipt_token(NotificationsConfig().receipt_key, "aliyun")
    assert client.post("/receipts/aliyun/wrong-token", json=report).status_code == 404
    answer = client.post(f"/receipts/aliyun/{token}", json=report)
    assert answer.status_code == 200 and answer.get_json() == {"code": 0, "msg": "成功"}
    [delivered] = log(client, as_)
    assert delivered["status"] == "delivered" and delivered["delivered_at"]
    assert client.post(f"/receipts/aliyun/{token}", data="not json",
                       headers={"Content-Type": "application/json"}).status_code == 422


def test_settings_are_validated_naming_the_field_and_nothing_is_saved(client, as_):
    manager = as_(*SETTINGS_ROLE)
    for body, field in (({"quiet_hours": {"start": "25:00", "end": "08:00"}}, "quiet_hours.start"),
                        ({"timezone": "Mars/Olympus"}, "timezone"), ({"per_hour": 0}, "per_hour"),
                        ({"channels": ["pigeon"]}, "channels.0")):
        response = client.put("/settings/messages", headers=manager, json=body)
        assert response.status_code == 422 and field in response.get_json()["errors"], body
    assert client.get("/settings/messages", headers=manager).get_json()["per_hour"] == 6


def test_a_customer_bound_to_the_official_account_is_told_on_wechat_and_sms_once_opted_out_of_it(
        publish, db, sms, contacts, configure, client, as_):
    from notifications.channels.wechat import WeChatTemplate
    from notifications.testing.providers import FakeWeChat
    template_id = "ngqIpbwh8bUfcSsECmogfXcV14J0tQlEpBO27izEYtY"
    with FakeWeChat(templates=(template_id,)) as wechat:
        channels = {"sms": AliyunSms(sms.access_key_id, sms.access_key_secret, "物业客服中心", sms.url),
                    "wechat": WeChatTemplate(wechat.app_id, wechat.app_secret, wechat.url)}
        sender = Sender(db, NotificationsConfig(), channels, contacts)
        configure(timezone=zone_where_it_is(12), provider_templates={
            "sms": {"received": "SMS_RECEIVED"}, "wechat": {"received": template_id}})
        clerk = as_("p1", "s-asst1", "cs_assistant")
        bound = client.put("/customer-bindings", headers=clerk,
                           json={"phone": "13812341234", "wechat_openid": "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"})
        assert bound.status_code == 200 and bound.get_json()["wechat_openid"] == "oUpF…"
        contacts.add("t-20")
        publish(created("t-20"))
        sender.run_once()
        [told] = wechat.received
        assert (told.openid, told.template) == ("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", template_id)
        assert told.params == {"sender": "物业客服中心", "title": "厨房水龙头漏水", "ref": "T20"}
        assert sms.received == []
        # Opted out of WeChat: the next message goes by SMS, the project's next channel.
        client.post("/opt-outs", headers=clerk, json={"phone": "13812341234", "channel": "wechat"})
        contacts.add("t-21")
        publish(created("t-21"))
        sender.run_once()
        assert len(wechat.received) == 1 and [m.template for m in sms.received] == ["SMS_RECEIVED"]
        by_ticket = {d["ticket_id"]: d["channel"] for d in log(client, as_)}
        assert by_ticket == {"t-20": "wechat", "t-21": "sms"}


def test_without_any_channel_set_up_nothing_reads_the_customers_contact(publish, db, contacts, configure, client, as_):
    configure(timezone=zone_where_it_is(12))
    contacts.add("t-30")
    publish(created("t-30"))
    Sender(db, NotificationsConfig(), {}, contacts).run_once()
    assert [(d["status"], d["reason"]) for d in log(client, as_)] == [("suppressed", "no_channel")]
    assert contacts.reads == 0


def handed_over(incoming, signed_at, tenant="p1", handover_id="h-1"):
    return Event("ticketing.shift.handed_over", tenant, {"handover_id": handover_id, "outgoing": "s-day",
                                                         "incoming": incoming, "signed_at": signed_at})


def test_at_night_a_breach_wakes_the_person_on_duty_not_the_role_holders(
        staff, publish, sender, smtp, configure, client, as_):
    configure(timezone=zone_where_it_is(2))
    for person, address in (("s-sup1", "sup1@example.com"), ("s-night", "night@example.com")):
        client.put("/staff-contacts/me", headers=as_("p1", person, "cs_supervisor"), json={"email": address})
    # Two hand-overs, the later one delivered first: the night officer who signed last stays on duty.
    publish(handed_over("s-night", "2026-12-01T14:00:00+00:00", handover_id="h-2"),
            handed_over("s-evening", "2026-12-01T10:00:00+00:00", handover_id="h-1"))
    publish(breached("t-40", 1))
    sender.run_once()
    assert [m.rcpt_tos for m in smtp.received] == [["night@example.com"]]
    # The inbox still has the supervisor's item: the record of who was told does not change at night.
    assert client.get("/inbox", headers=as_("p1", "s-sup1", "cs_supervisor")).get_json()["unread"] == 1


def test_by_day_a_breach_is_e_mailed_to_the_role_holders_even_with_someone_on_duty(
        staff, publish, sender, smtp, configure, client, as_):
    configure(timezone=zone_where_it_is(12))
    client.put("/staff-contacts/me", headers=as_("p1", "s-sup1", "cs_supervisor"), json={"email": "sup1@example.com"})
    publish(handed_over("s-night", "2026-12-01T14:00:00+00:00"))
    publish(breached("t-41", 1))
    sender.run_once()
    assert [m.rcpt_tos for m in smtp.received] == [["sup1@example.com"]]
