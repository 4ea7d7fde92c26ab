"""The console's desk area 总服务台 in a real browser (Playwright driving the system Chromium) against the whole
platform started as processes: a clerk receives a parcel from the keyboard and sees its pickup code once; the
guard at the gate, on a phone-sized page, sees it arrive live and hands it over after a wrong and then the right
code; a spare key is refused to a person the owner did not authorise, with desk's reason in Chinese, and goes
out to the one named; a key past its return turns overdue on another desk's screen without a reload.
Screenshots of every desk screen at 1280 and 375 px go to .run/screenshots (copied to docs/screenshots)."""
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests
from playwright.sync_api import expect

from deploy.local import demo

from .conftest import E2E_PASSWORD as PASSWORD

PHONE = (375, 812)


@pytest.fixture(scope="module")
def people(platform, credentials, console):
    identity = platform.url("identity")
    demo.create_units(identity, credentials["client"])
    make = lambda username, role, name: demo.create_person(  # noqa: E731
        identity, credentials["hq_admin"], "demo", username, name, [role], PASSWORD)
    return {"clerk": make("desk.li", "cs_assistant", "李前台"), "guard": make("gate.zhao", "security", "赵保安")}



@pytest.fixture(scope="module")
def desk_api(platform, credentials):
    auth = {"Authorization": f"Bearer {demo.token(platform.url('identity'), credentials['client'])}"}
    base = platform.url("desk")

    def call(method, path, headers=None, **kwargs):
        return requests.request(method, base + path, headers={**auth, **(headers or {})}, timeout=10, **kwargs)
    return call


class Desk:
    """One person's browser at the desk, every console and page error collected."""

    def __init__(self, browser, url, person, viewport=(1280, 800), project="demo"):
        self.context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, locale="zh-CN")
        self.page = self.context.new_page()
        self.errors = []
        self.page.on("console", lambda msg: msg.type == "error" and self.errors.append(msg.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.url = url
        self.page.goto(url)
        expect(self.page.get_by_text("员工登录")).to_be_visible()
        self.page.keyboard.type(person["username"])
        self.page.keyboard.press("Tab")
        self.page.keyboard.type(PASSWORD)
        self.page.keyboard.press("Enter")
        if person.get("project", project) is None:  # HQ acts in any project: identity asks which, if there are two
            self.page.locator("[data-test=who], #choose-project").first.wait_for()
            if self.page.locator("#choose-project").count():
                self.page.locator(f"input[name=project][value={project}]").check()
                self.page.locator("#choose-project").click()
        expect(self.page.locator("[data-test=who]")).to_contain_text(person["name"])

    def open(self, tab):
        self.page.goto(f"{self.url}/desk/{tab}")
        expect(self.page.locator("[data-test=live]")).to_have_text("实时")  # the event stream is open

    def close(self, refusals=0):
        """No error in the browser's log but the refusals the test asked for: Chromium logs each 409 answer."""
        refused = [e for e in self.errors if e.endswith("status of 409 (CONFLICT)")]
        assert len(refused) == refusals, self.errors
        assert [e for e in self.errors if e not in refused] == [], self.errors
        self.context.close()


def tid(name):
    return f'[data-test="{name}"]'


def shot(page, name):
    folder = Path(__file__).resolve().parents[2] / ".run" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    page.mouse.move(1, 1)
    page.wait_for_timeout(300)  # no hover or fading transition left in the picture
    page.screenshot(path=str(folder / name), full_page=True)


def both_sizes(page, name):
    shot(page, f"{name}-1280.png")
    page.set_viewport_size({"width": PHONE[0], "height": PHONE[1]})
    shot(page, f"{name}-375.png")
    page.set_viewport_size({"width": 1280, "height": 800})


def test_a_parcel_received_at_the_desk_shows_its_code_once_arrives_live_at_the_gate_and_needs_the_right_code(
        console, people, browser, desk_api):
    guard = Desk(browser, console, people["guard"], viewport=PHONE)  # security's phone at the gate
    guard.open("parcels")
    clerk = Desk(browser, console, people["clerk"])
    clerk.open("parcels")
    page = clerk.page
    # Keyboard only: the carrier has focus; Enter on the last field saves.
    page.keyboard.type("顺丰")
    page.wait_for_timeout(150)
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.type("SF1234567890")
    page.keyboard.press("Tab")
    page.keyboard.type("1 2 201")  # as said on the phone; the type-ahead offers 1-2-201 first
    page.wait_for_timeout(200)
    page.keyboard.press("Enter")
    expect(page.locator(tid("parcel-unit") + " input")).to_have_value("1-2-201")
    page.keyboard.press("Tab")
    page.keyboard.type("周建国")
    page.keyboard.press("Tab")
    page.keyboard.type("C")
    page.keyboard.press("Enter")
    code_box = page.locator(tid("pickup-code"))
    expect(code_box).to_be_visible()
    code = code_box.inner_text().strip()
    assert re.fullmatch(r"[0-9]{6}", code), code
    expect(page.locator(tid("code-slip"))).to_contain_text("1-2-201 · 周建国 · 货架 C")
    shot(page, "desk-parcel-code-1280.png")
    page.locator(tid("code-told")).click()
    expect(code_box).to_have_count(0)

    (stored,) = desk_api("GET", "/parcels", params={"unit_id": "1-2-201", "status": "waiting"}).json()["items"]
    assert (stored["carrier"], stored["tracking_number"], stored["shelf"]) == ("顺丰", "SF1234567890", "C")
    assert "pickup_code" not in stored
    row = guard.page.locator(tid("parcel-" + stored["id"]))
    expect(row).to_be_visible(timeout=5000)  # desk.parcel.received over the stream: the guard did not reload
    expect(row).to_contain_text("1-2-201 · 周**")  # a list shows the family name only
    expect(row).to_contain_text("新到件")

    # At the gate: a wrong code is refused with the tries left, the right one hands it over.
    guard.page.locator(tid("open-pickup-" + stored["id"])).click()
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    guard.page.locator(tid("code-input")).fill(wrong)
    guard.page.keyboard.press("Enter")
    refused = guard.page.locator(tid("pickup-refused"))
    expect(refused).to_have_attribute("data-reason", "wrong_pickup_code")
    expect(refused).to_contain_text("取件码错误，还可再试 4 次")
    expect(row.locator(tid("attempts"))).to_contain_text("还可试 4 次")
    shot(guard.page, "desk-parcel-pickup-375.png")
    assert desk_api("GET", f"/parcels/{stored['id']}").json()["status"] == "waiting"
    guard.page.locator(tid("code-input")).fill(code)
    guard.page.keyboard.press("Enter")
    expect(row).to_have_count(0)  # the list shows what is waiting
    picked = desk_api("GET", f"/parcels/{stored['id']}").json()
    assert (picked["status"], picked["pickup"]["method"], picked["wrong_codes"]) == ("picked_up", "code", 1)
    expect(page.locator(tid("parcel-" + stored["id"]))).to_have_count(0)  # and the clerk's list followed, live

    page.locator(tid("filter-status")).click()
    page.get_by_role("option", name="已领取").click()
    expect(page.locator(tid("parcel-" + stored["id"]))).to_have_attribute("data-status", "picked_up")
    page.locator(tid("filter-status")).click()
    page.get_by_role("option", name="待领取").click()
    page.locator(tid("shelf-count-button")).click()
    expect(page.locator(tid("shelf-count"))).to_be_visible()
    both_sizes(page, "desk-parcels")
    guard.close(refusals=1)  # the wrong code
    clerk.close()


def at(hours):
    return (datetime.now(UTC) + timedelta(hours=hours)).isoformat()


def test_a_spare_key_is_refused_to_a_person_the_owner_did_not_authorise_and_an_overdue_key_shows_live(
        console, people, browser, desk_api):
    key = desk_api("POST", "/keys", json={"kind": "unit_spare", "label": "1-1-101 备用钥匙", "unit_id": "1-1-101",
                                         "hook": "A-7"}).json()
    plant = desk_api("POST", "/keys", json={"kind": "plant_room", "label": "水泵房", "hook": "B-1"}).json()
    guard = Desk(browser, console, people["guard"], viewport=PHONE)
    guard.open("keys")
    clerk = Desk(browser, console, people["clerk"])
    clerk.open("keys")
    page = clerk.page
    row = page.locator(tid("key-" + key["id"]))
    expect(row.locator(tid("authorisation"))).to_contain_text("无授权书")

    # The owner's written authorisation, entered at the desk.
    row.locator(tid("authorise-" + key["id"])).click()
    page.locator(tid("auth-name-0")).fill("周建国")
    page.locator(tid("auth-proof-0")).fill("4321")
    page.locator(tid("auth-document")).fill("授权书 2026-08")
    page.locator(tid("auth-save")).click()
    expect(row.locator(tid("authorisation"))).to_contain_text("周建国 证件尾号 4321")
    assert desk_api("GET", f"/keys/{key['id']}").json()["authorisation"]["persons"][0]["name"] == "周建国"

    # Someone else with the same last four: refused, in Chinese, nothing signed out.
    row.locator(tid("sign-out-" + key["id"])).click()
    page.keyboard.type("吴某")  # the holder's name has focus
    page.keyboard.press("Tab")
    page.keyboard.type("4321")
    page.keyboard.press("Enter")
    refused = page.locator(tid("sign-out-refused"))
    expect(refused).to_have_attribute("data-reason", "holder_not_authorised")
    expect(refused).to_contain_text("业主授权书中没有此人")
    assert desk_api("GET", f"/keys/{key['id']}").json()["status"] == "in"
    both_sizes(page, "desk-key-refused")

    # The person named: out, with the expected return the form started with (2 hours on).
    page.locator(tid("holder-name")).fill("周建国")
    page.locator(tid("holder-name")).press("Enter")
    expect(row).to_have_attribute("data-state", "out")
    stored = desk_api("GET", f"/keys/{key['id']}").json()
    assert (stored["status"], stored["holder"]["name"], stored["holder"]["id_last4"]) == ("out", "周建国", "4321")
    expected = datetime.fromisoformat(stored["expected_return_at"]) - datetime.now(UTC)
    assert timedelta(hours=1, minutes=50) < expected <= timedelta(hours=2, minutes=5)
    guard_row = guard.page.locator(tid("key-" + key["id"]))
    expect(guard_row).to_have_attribute("data-state", "out")  # the console's ping of a change at another desk

    # A key past its return: desk's worker flags it (desk.key.overdue) and both screens show it without a reload.
    signed = desk_api("POST", f"/keys/{plant['id']}/sign-outs", headers={"Idempotency-Key": "plant-1"}, json={
        "holder": {"name": "张师傅", "phone": "13800001111"}, "staff_id": "stf_demo", "expected_return_at": at(3 / 3600)})
    assert signed.status_code == 201, signed.text
    expect(guard.page.locator(tid("key-" + plant["id"]))).to_have_attribute("data-state", "overdue", timeout=30000)
    expect(page.locator(tid("key-" + plant["id"]))).to_have_attribute("data-state", "overdue")
    assert desk_api("GET", f"/keys/{plant['id']}").json()["overdue_flagged_at"]
    expect(guard.page.locator(tid("key-list") + " > div").first).to_have_attribute("data-test", "key-" + plant["id"])

    # The shift count: only the spare key's hook is ticked; the plant-room key is reported out and overdue.
    page.locator(tid("start-count")).click()
    page.locator(tid("present-" + key["id"])).click()  # on its hook, although the register has it out
    page.locator(tid("submit-count")).click()
    result = page.locator(tid("count-result"))
    expect(result.locator(tid("count-present_while_out"))).to_contain_text("A-7 1-1-101 备用钥匙")
    expect(result.locator(tid("count-overdue"))).to_contain_text("B-1 水泵房")
    shot(page, "desk-keys-1280.png")
    guard.page.reload()
    expect(guard.page.locator(tid("live"))).to_have_text("实时")
    shot(guard.page, "desk-keys-375.png")
    guard.close()
    clerk.close(refusals=1)  # the person not authorised


def test_a_phone_message_is_taken_fast_and_an_item_held_is_returned_against_signature(console, people, browser,
                                                                                      desk_api):
    clerk = Desk(browser, console, people["clerk"])
    clerk.open("messages")
    page = clerk.page
    page.keyboard.type("黄先生")  # the caller has focus; the time is now
    page.keyboard.press("Tab")
    page.keyboard.type("13712345678")
    page.locator(tid("matter")).fill("卫生间天花渗水，请工程部回电")
    page.locator(tid("for-department")).click()
    page.get_by_role("option", name="工程部").click()
    page.locator(tid("matter")).press("Enter")
    expect(page.locator(tid("caller"))).to_have_value("")  # saved: the form is blank for the next call
    (message,) = desk_api("GET", "/phone-messages", params={"for_department": "engineering"}).json()["items"]
    assert (message["caller_name"], message["status"]) == ("黄先生", "left")
    assert abs(datetime.fromisoformat(message["called_at"]) - datetime.now(UTC)) < timedelta(minutes=2)
    row = page.locator(tid("message-" + message["id"]))
    expect(row).to_contain_text("137****5678")  # masked in the list
    row.locator(tid("deliver-" + message["id"])).click()
    expect(row).to_have_attribute("data-status", "delivered")
    assert desk_api("GET", f"/phone-messages/{message['id']}").json()["delivered_to"] == "工程部"
    both_sizes(page, "desk-messages")

    clerk.open("items")
    page.keyboard.type("干洗衣物一袋")
    page.keyboard.press("Tab")
    page.keyboard.type("洁净干洗店")
    page.keyboard.press("Tab")
    page.keyboard.type("9-9-909")  # not one of the project's units: named before anything is sent
    page.locator(tid("item-stored")).fill("前台柜 2 号格")
    page.locator(tid("item-stored")).press("Enter")
    expect(page.get_by_text("本项目没有这个房号")).to_be_visible()
    assert desk_api("GET", "/held-items").json()["total"] == 0
    page.locator(tid("item-unit") + " input").fill("1-1-102")
    page.locator(tid("item-stored")).press("Enter")
    expect(page.get_by_text("本项目没有这个房号")).to_have_count(0)
    expect(page.locator(tid("item-list"))).to_contain_text("干洗衣物一袋")  # saved: the list reloaded with it
    (item,) = desk_api("GET", "/held-items").json()["items"]
    assert (item["for_unit_id"], item["stored_at"], item["status"]) == ("1-1-102", "前台柜 2 号格", "held")
    both_sizes(page, "desk-items")
    clerk.close()


PARKING = {"title": "车位管理服务费调整说明", "topic": "parking",
           "answer": "本次车位管理服务费的调整依据政府价格主管部门备案和业主大会表决结果进行，调价前已公示满三十日。",
           "questions": ["停车费怎么又涨了", "车位费上调的依据是什么"], "keywords": ["车位", "公示"]}


def test_a_clerk_at_intake_finds_the_standard_answer_from_the_callers_words_and_its_use_is_counted(
        platform, credentials, console, people, browser, desk_api):
    supervisor = Desk(browser, console, demo.create_person(
        platform.url("identity"), credentials["hq_admin"], "demo", "kb.sup", "口径主管", ["cs_supervisor"], PASSWORD))
    request = supervisor.page.request
    csrf = {"X-CSRF-Token": request.get(console + "/api/me").json()["csrf_token"]}
    created = request.post(console + "/api/desk/answers", data=PARKING, headers={**csrf, "Idempotency-Key": "kb-1"})
    assert created.ok, created.text()
    answer_id = created.json()["id"]
    assert request.post(f"{console}/api/desk/answers/{answer_id}/publish", data={"version": 1}, headers=csrf).ok
    supervisor.close()

    clerk = Desk(browser, console, people["clerk"])
    page = clerk.page
    page.goto(console + "/intake")
    panel = page.locator(tid("standard-answers"))
    panel.locator(tid("answers-q")).fill("停车费为什么涨价")  # not its title: desk's Chinese search finds it
    found = panel.locator(tid("answer-" + answer_id))
    expect(found).to_contain_text("车位管理服务费调整说明")
    expect(found).to_contain_text("停车")
    expect(found).to_contain_text("已采用 0 次")
    found.locator(tid("use-" + answer_id)).click()
    expect(found.locator(tid("use-" + answer_id))).to_have_text("已记录采用")
    expect(found).to_contain_text("已采用 1 次")
    assert desk_api("GET", f"/answers/{answer_id}").json()["uses"] == 1
    both_sizes(page, "intake-answers")
    clerk.open("answers")
    page.locator(tid("answers-q")).fill("车位费上调")
    expect(page.locator(tid("answer-" + answer_id))).to_be_visible()
    both_sizes(page, "desk-answers")
    clerk.close()
