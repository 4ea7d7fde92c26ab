"""Households told by the desk: a published notice fanned out to its building's households in bulk pages (resumable:
a worker dying mid fan-out neither loses nor doubles anyone), sent as SMS through the signature-checking fake Aliyun
server, its link's page counting one read per household, the counts reported to desk as throttled progress events;
and a parcel announced to its unit's household with the pickup code opened only for the SMS.

HouseholdBook stands in for identity's GET /hq/households (its own tests cover it; tests/e2e the real call)."""
import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from kefulib.messaging import Event, OutboxRelay
from kefulib.messaging.topology import close_quietly, open_channel
from kefulib.sealed import DEV_PICKUP_SEAL_KEY, pickup_code_context, seal
from notifications.channels.aliyun_sms import AliyunSms
from notifications.config import NotificationsConfig, survey_links, with_survey_links
from notifications.handlers.deliveries import Sender
from notifications.handlers.households import FanOut, report_progress
from notifications.households import ContactUnavailable
from notifications.testing.providers import FakeAliyunSms

SIGN = "物业客服中心"
TEMPLATES = {"SMS_NOTICE": ("sender", "title", "notice_url"), "SMS_PARCEL": ("sender", "kind", "shelf", "code", "hours")}


class HouseholdBook:
    """What identity's GET /hq/households answers: units of buildings with their contacts."""

    def __init__(self):
        self.units: list[dict] = []
        self.fail_on_page: int | None = None
        self.pages_read = 0

    def add(self, building, count, phone=True):
        for n in range(count):
            unit = f"{building}-{n // 10 + 1}-{len(self.units) + 1:04d}"
            contacts = [{"role": "owner", "name": "业主", "phone": f"139{len(self.units):08d}"},
                        {"role": "resident", "name": "住户", "phone": f"138{len(self.units):08d}"}] if phone else []
            self.units.append({"unit_id": unit, "building": building, "contacts": contacts})

    def page(self, project, building=None, page=1, page_size=200, purpose="customer_notice"):
        if self.fail_on_page == page:
            raise RuntimeError("the worker died here")
        self.pages_read += 1
        units = [u for u in self.units if building is None or u["building"] == building]
        return {"items": units[(page - 1) * page_size: page * page_size], "page": page, "page_size": page_size,
                "total": len(units)}

    def of_unit(self, project, unit_id, purpose="customer_notice"):
        return next((u for u in self.units if u["unit_id"] == unit_id), None)


class Unavailable(HouseholdBook):
    def page(self, *args, **kwargs):
        raise ContactUnavailable("identity unreachable")


@pytest.fixture
def sms():
    with FakeAliyunSms(sign_names=(SIGN,), templates=TEMPLATES) as fake:
        yield fake


@pytest.fixture
def book():
    return HouseholdBook()


@pytest.fixture
def sender(db, sms, book):
    channels = {"sms": AliyunSms(sms.access_key_id, sms.access_key_secret, SIGN, sms.url)}
    return Sender(db, NotificationsConfig(), channels, contacts=None, households=book)


@pytest.fixture
def configured(client, as_):
    response = client.put("/settings/messages", headers=as_("p1", "s-pm1", "project_manager"), json={
        "sender_name": SIGN, "quiet_hours": {"start": "00:00", "end": "00:00"},
        "provider_templates": {"sms": {"notice": "SMS_NOTICE", "parcel": "SMS_PARCEL"}}})
    assert response.status_code == 200, response.get_json()


@pytest.fixture
def progress_events(settings, db):
    """Relay notifications' outbox to the broker; the progress events a queue bound to them received. The queue is
    declared just before the relay runs (a connection left idle through a long fan-out would miss heartbeats)."""
    def received() -> list[dict]:
        connection, channel = open_channel(settings.amqp_url)
        try:
            queue = settings.topology.declare_consumer(channel, "notifications-progress-listener",
                                                       ["notifications.notice.progress"])
            OutboxRelay(db, settings.amqp_url, settings.topology).run_once()
            events = []
            while (got := channel.basic_get(queue, auto_ack=True))[0] is not None:
                events.append(json.loads(got[2]))
            return events
        finally:
            close_quietly(connection)
    return received


def published(notice_id="n-1", buildings=("3",)):
    return Event("desk.notice.published", "p1", {
        "notice_id": notice_id, "title": "停水通知", "body": "3栋12月5日停水。\n请提前储水。", "category": "outage",
        "all_buildings": not buildings, "buildings": list(buildings), "published_at": datetime.now(UTC).isoformat(),
        "ends_at": None}, actor="s-desk1")


def small_pages(db):
    """Pages of 200 rather than identity's 1,000, so a few hundred households make several pages."""
    db.notice_fanouts.update_many({}, {"$set": {"cursor.page_size": 200}})


def test_a_notice_reaches_each_household_of_its_building_once_even_when_the_fan_out_dies_midway(
        publish, db, settings, book, sender, sms, configured, client, progress_events):
    book.add("3", 450)
    book.add("3", 5, phone=False)
    book.add("5", 40)
    publish(published())
    links = survey_links(with_survey_links(settings))
    small_pages(db)

    book.fail_on_page = 2
    with pytest.raises(RuntimeError):
        FanOut(db, book, links).run_once()
    assert db.deliveries.count_documents({"topic": "notice"}) == 200  # the first page, written in one go
    # Its lease runs out; the next worker also redoes page 1 (as if it died before moving the cursor).
    db.notice_fanouts.update_one({}, {"$set": {"cursor": {"building": 0, "page": 1, "page_size": 200}}})
    book.fail_on_page = None
    later = lambda: datetime.now(UTC) + timedelta(minutes=2)  # noqa: E731
    assert FanOut(db, book, links, clock=later).run_once() == 255
    units = [d["unit_id"] for d in db.deliveries.find({"topic": "notice"})]
    assert len(units) == len(set(units)) == 455 and all(u.startswith("3-") for u in units)
    assert db.deliveries.count_documents({"topic": "notice", "status": "suppressed", "reason": "no_contact"}) == 5
    assert FanOut(db, book, links, clock=later).run_once() == 0  # done: nothing more

    sender.clock = later  # the second worker's pages were written "two minutes later"
    while sender.run_once():
        pass
    assert len(sms.received) == 450
    told = sms.received[0]
    assert told.template == "SMS_NOTICE" and told.params["title"] == "停水通知" and told.phone.startswith("138")
    assert db.deliveries.count_documents({"topic": "notice", "address": {"$ne": None}}) == 0  # phones not kept

    url = told.params["notice_url"]
    token = re.search(r"/n/([^/]+)$", url).group(1)
    page = client.get(f"/n/{token}")
    assert page.status_code == 200 and "停水通知" in page.get_data(as_text=True)
    assert "请提前储水" in page.get_data(as_text=True) and page.headers["Cache-Control"] == "no-store"
    client.get(f"/n/{token}")  # the same household again: still one read
    assert client.get(f"/n/{token[:-2]}xx").status_code == 404

    assert report_progress(db) == 1
    assert report_progress(db) == 0  # nothing changed: no event
    (event,) = progress_events()
    assert event["data"] == {"notice_id": "n-1", "seq": 1, "as_of": event["data"]["as_of"], "households": 455,
                             "queued": 0, "sent": 450, "delivered": 0, "failed": 0, "suppressed": 5, "read": 1}


def test_a_fan_out_waits_while_identity_is_unavailable_and_resumes_in_smaller_pages(publish, db, settings, book):
    book.add("3", 450)
    publish(published("n-2"))
    links = survey_links(with_survey_links(settings))
    small_pages(db)
    later = lambda: datetime.now(UTC) + timedelta(minutes=2)  # noqa: E731
    book.fail_on_page = 2  # the first page comes, then identity stops answering (ContactUnavailable below)
    with pytest.raises(RuntimeError):
        FanOut(db, book, links).run_once()
    assert FanOut(db, Unavailable(), links, clock=later).run_once() == 0
    fanout = db.notice_fanouts.find_one({"notice_id": "n-2"})
    # Page 2 of 200 is pages 3 and 4 of 100: the same households, asked for in halves.
    assert fanout["done"] is False and fanout["cursor"] == {"building": 0, "page": 3, "page_size": 100}
    assert fanout["lease_until"] > later() - timedelta(seconds=5)
    book.fail_on_page = None
    assert FanOut(db, book, links, clock=lambda: later() + timedelta(minutes=2)).run_once() == 250
    units = [d["unit_id"] for d in db.deliveries.find({"topic": "notice"})]
    assert len(units) == len(set(units)) == 450


def test_a_parcel_is_announced_to_its_units_household_with_the_code_opened_only_for_the_sms(
        publish, db, book, sender, sms, configured, client, as_):
    book.add("3", 3)
    unit = book.units[1]["unit_id"]
    sealed = seal(DEV_PICKUP_SEAL_KEY, pickup_code_context("p1", "parcel-1"), "042917")
    publish(Event("desk.parcel.received", "p1", {
        "parcel_id": "parcel-1", "unit_id": unit, "kind": "parcel", "shelf": "C", "pickup_hours": "每日 08:00–21:00",
        "received_at": datetime.now(UTC).isoformat(), "pickup_code_sealed": sealed}, actor="s-desk1"))
    assert sender.run_once() == 1
    (told,) = sms.received
    assert told.template == "SMS_PARCEL" and told.phone == book.units[1]["contacts"][1]["phone"]
    assert told.params == {"sender": SIGN, "kind": "包裹", "shelf": "C", "code": "042917", "hours": "每日 08:00–21:00"}
    stored = db.deliveries.find_one({"topic": "parcel"})
    assert "042917" not in json.dumps(stored, default=str) and "******" in stored["text"]
    shown = client.get("/deliveries?topic=parcel", headers=as_("p1", "s-sup1", "cs_supervisor")).get_json()
    assert "042917" not in json.dumps(shown)
