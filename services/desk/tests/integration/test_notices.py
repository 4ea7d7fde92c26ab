"""Customer notices over REST: draft, the manager's refusal with a reason and approval, publish with its event through
the real broker, the PDF, archive, and the counts notifications reports back (its progress events through the real
broker into desk's consumer)."""
import io
from datetime import UTC, datetime, timedelta

from desk.worker import build_consumers
from kefulib.messaging import Event, OutboxRelay, add_to_outbox
from kefulib.store import run_in_transaction
from pypdf import PdfReader

from .conftest import field_errors, reason

NOTICE = {"title": "停水通知", "body": "因二次供水设备检修,3栋将于12月5日9:00–17:00停水。\n请提前储水,不便之处敬请谅解。",
          "category": "outage", "audience": "buildings", "buildings": ["3"], "channels": ["message", "print"]}


def draft(client, headers, **overrides):
    response = client.post("/notices", headers=headers, json={**NOTICE, **overrides})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def act(client, headers, notice_id, action, body=None, status=200):
    response = client.post(f"/notices/{notice_id}/{action}", headers=headers, json=body or {})
    assert response.status_code == status, response.get_json()
    return response.get_json()


def test_a_notice_refused_with_a_reason_is_changed_resubmitted_approved_published_and_printed(
        client, desk, as_, published, settings):
    manager = as_("p1", "s-pm1", "project_manager")
    notice = draft(client, desk)
    assert notice["status"] == "draft" and notice["counts"]["households"] == 0
    act(client, desk, notice["id"], "submit")
    assert reason(client.patch(f"/notices/{notice['id']}", headers=desk, json={"title": "改"})) == "not_a_draft"
    assert client.post(f"/notices/{notice['id']}/approve", headers=desk, json={}).status_code == 403  # not the PM

    refused = act(client, manager, notice["id"], "refuse", {"reason": "请写明停水范围和联系电话"})
    assert refused["status"] == "draft" and refused["refusal_reason"] == "请写明停水范围和联系电话"
    edited = client.patch(f"/notices/{notice['id']}", headers=desk,
                          json={"body": NOTICE["body"] + "\n咨询电话:8888 6666"}).get_json()
    assert edited["body"].endswith("8888 6666") and edited["buildings"] == ["3"]
    act(client, desk, notice["id"], "submit")
    approved = act(client, manager, notice["id"], "approve", {"approver_name": "李经理"})
    assert approved["status"] == "approved" and approved["refusal_reason"] is None
    assert client.put("/settings", headers=manager, json={"letterhead": "幸福物业 · 阳光花园管理处"}).status_code == 200

    shown = act(client, desk, notice["id"], "publish")
    assert shown["status"] == "published" and shown["published_at"]
    (event,) = published()
    assert event["type"] == "desk.notice.published"
    assert event["data"] == {"notice_id": notice["id"], "title": "停水通知", "body": edited["body"],
                             "category": "outage", "all_buildings": False, "buildings": ["3"],
                             "published_at": event["data"]["published_at"], "ends_at": None}
    assert reason(client.post(f"/notices/{notice['id']}/publish", headers=desk, json={})) == "not_approved"

    pdf = client.get(f"/notices/{notice['id']}/pdf", headers=desk)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    for expected in ("停水通知", "幸福物业", "李经理", "咨询电话"):
        assert expected in text, text

    archived = act(client, desk, notice["id"], "archive")
    assert archived["status"] == "archived"
    (event,) = published()
    assert event["type"] == "desk.notice.archived"
    assert event["data"] == {"notice_id": notice["id"], "archived_at": event["data"]["archived_at"],
                             "was_published": True}
    assert notice["id"] not in [n["id"] for n in client.get("/notices", headers=desk).get_json()["items"]]
    assert [n["id"] for n in client.get("/notices?status=archived", headers=desk).get_json()["items"]] == [notice["id"]]


def test_the_author_cannot_approve_their_own_notice(client, as_):
    manager = as_("p1", "s-pm1", "project_manager")
    notice = draft(client, manager)
    act(client, manager, notice["id"], "submit")
    assert reason(client.post(f"/notices/{notice['id']}/approve", headers=manager, json={})) == "own_notice"


def test_a_notice_past_its_end_date_is_archived_when_read(client, desk, as_, db):
    manager = as_("p1", "s-pm1", "project_manager")
    notice = draft(client, desk, audience="all", buildings=[],
                   ends_at=(datetime.now(UTC) + timedelta(days=1)).isoformat())
    act(client, desk, notice["id"], "submit")
    act(client, manager, notice["id"], "approve")
    act(client, desk, notice["id"], "publish")
    db.notices.update_one({"_id": notice["id"]}, {"$set": {"ends_at": datetime.now(UTC) - timedelta(minutes=1)}})
    assert client.get(f"/notices/{notice['id']}", headers=desk).get_json()["status"] == "archived"
    assert [n["id"] for n in client.get("/notices?status=archived", headers=desk).get_json()["items"]] == [notice["id"]]
    assert client.get("/notices?status=published", headers=desk).get_json()["items"] == []
    assert reason(client.post(f"/notices/{notice['id']}/archive", headers=desk, json={})) == "already_archived"


def test_bad_notices_are_refused_naming_the_field_and_write_nothing(client, desk, everything):
    before = everything()
    assert "buildings" in field_errors(client.post("/notices", headers=desk, json={**NOTICE, "buildings": []}))
    assert "buildings" in field_errors(client.post("/notices", headers=desk, json={**NOTICE, "audience": "all"}))
    assert "ends_at" in field_errors(client.post("/notices", headers=desk, json={
        **NOTICE, "ends_at": (datetime.now(UTC) - timedelta(days=1)).isoformat()}))
    assert "category" in field_errors(client.post("/notices", headers=desk, json={**NOTICE, "category": "spam"}))
    assert everything() == before


def test_counts_from_notifications_show_on_the_notice_and_a_late_report_does_not_roll_them_back(
        client, desk, db, settings, mongo_client):
    notice = draft(client, desk)
    consumers = build_consumers(db, settings)
    for consumer in consumers:
        consumer.declare()

    def report(seq, **counts):
        outbox = mongo_client[settings.mongo_db + "_notifications"]
        event = Event("notifications.notice.progress", "p1", actor=None, data={
            "notice_id": notice["id"], "seq": seq, "as_of": datetime.now(UTC).isoformat(),
            **{name: 0 for name in ("households", "queued", "sent", "delivered", "failed", "suppressed", "read")},
            **counts})
        run_in_transaction(outbox, lambda s: add_to_outbox(outbox, event, s))
        OutboxRelay(outbox, settings.amqp_url, settings.topology).run_once()
        mongo_client.drop_database(outbox.name)
        return sum(consumer.drain() for consumer in consumers)

    report(2, households=120, sent=100, queued=20, read=7)
    report(1, households=120, queued=120)  # older, arriving late
    counts = client.get(f"/notices/{notice['id']}", headers=desk).get_json()["counts"]
    assert counts == {"households": 120, "queued": 20, "sent": 100, "delivered": 0, "failed": 0, "suppressed": 0,
                      "read": 7}
