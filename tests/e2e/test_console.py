"""The staff console end to end, in a real browser (Playwright driving the system Chromium) against the
whole platform started as processes: sign-in through identity's page, intake by keyboard only, the
ticket live on a supervisor's board through Server-Sent Events, dispatch by drag and drop, and no event
or card of one project ever reaching a person of another."""
import itertools
import json
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import requests
from kefulib.testing.processes import wait_for
from playwright.sync_api import expect

from deploy.local import demo

from .conftest import E2E_PASSWORD as PASSWORD


@pytest.fixture(scope="module")
def people(platform, credentials, console):
    """Project demo: a clerk, a supervisor, a technician; project other: its own supervisor."""
    identity = platform.url("identity")
    other = platform.bootstrap("other", "Other project")
    demo.create_units(identity, credentials["client"])
    demo.create_units(identity, other["client"], {"9": {1: ["101"]}})
    make = lambda tenant, username, role, name: demo.create_person(  # noqa: E731
        identity, credentials["hq_admin"], tenant, username, name, [role], PASSWORD)
    return {"clerk": make("demo", "clerk.li", "cs_assistant", "李客服"),
            "supervisor": make("demo", "boss.wang", "engineering_supervisor", "王主管"),
            "technician": make("demo", "tech.zhang", "technician", "张师傅"),
            "outsider": make("other", "boss.zhao", "cs_supervisor", "赵主管"),
            "other_client": other["client"]}



class Console:
    """One person's browser context with every console error and page error collected."""

    def __init__(self, browser, url, viewport=(1280, 800)):
        self.context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, locale="zh-CN")
        self.page = self.context.new_page()
        self.errors = []
        self.page.on("console", lambda msg: msg.type == "error" and self.errors.append(msg.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.url = url

    def sign_in(self, person):
        self.page.goto(self.url)  # no session: straight to identity's sign-in page
        expect(self.page.get_by_text("员工登录")).to_be_visible()
        self.page.keyboard.type(person["username"])  # the username field has focus
        self.page.keyboard.press("Tab")
        self.page.keyboard.type(PASSWORD)
        self.page.keyboard.press("Enter")
        expect(self.page.locator("[data-test=who]")).to_contain_text(person["name"])
        return self

    def cookie_header(self):
        return "; ".join(f"{c['name']}={c['value']}" for c in self.context.cookies(self.url))


def tid(name):
    return f'[data-test="{name}"]'


def api(platform, client):
    return {"Authorization": f"Bearer {demo.token(platform.url('identity'), client)}"}


def choose(page, text):
    """Pick in a filterable select by typing, then Enter (the first match is highlighted)."""
    page.keyboard.type(text)
    page.wait_for_timeout(150)
    page.keyboard.press("Enter")


def test_an_urgent_repair_taken_by_keyboard_reaches_the_board_live_and_is_dispatched_by_drag(
        platform, credentials, console, people, browser):
    supervisor = Console(browser, console).sign_in(people["supervisor"])
    expect(supervisor.page.locator("[data-test=live]")).to_have_text("实时")
    expect(supervisor.page.locator(tid("tech-" + people["technician"]["username"]))).to_be_visible()
    outsider = Console(browser, console).sign_in(people["outsider"])
    expect(outsider.page.locator("[data-test=live]")).to_have_text("实时")

    clerk = Console(browser, console).sign_in(people["clerk"])
    page = clerk.page
    page.goto(console + "/intake")
    expect(page.locator("[data-test=deadline-preview]")).to_be_visible()
    # Keyboard only from here: the caller's name has focus.
    page.keyboard.type("王女士")
    page.keyboard.press("Tab")
    page.keyboard.type("13812341234")
    page.keyboard.press("Tab")
    choose(page, "1栋")
    expect(page.locator("[data-test=floor] input")).to_be_enabled()
    page.keyboard.press("Tab")
    choose(page, "2")
    expect(page.locator("[data-test=room] input")).to_be_enabled()
    page.keyboard.press("Tab")
    choose(page, "201")
    page.keyboard.press("Tab")  # the kind: 报修 already
    page.keyboard.press("Tab")
    choose(page, "停水")
    expect(page.locator("[data-test=urgent-hint]")).to_be_visible()
    expect(page.locator("[data-test=deadline-preview]")).to_contain_text("急修")
    page.keyboard.press("Tab")  # dangerous
    page.keyboard.press("Tab")
    page.keyboard.type("厨房水管爆裂")
    page.keyboard.press("Control+Enter")
    saved = page.locator("[data-test=saved]")
    expect(saved).to_be_visible()
    saved_at = time.monotonic()
    ticket_id = saved.locator("a").get_attribute("href").rsplit("/", 1)[1]

    card = supervisor.page.locator(tid("card-" + ticket_id))
    expect(card).to_be_visible(timeout=1000)  # pushed over SSE: the board does not poll
    assert time.monotonic() - saved_at < 1.0
    expect(card).to_contain_text("急修")
    expect(card).to_contain_text("1-2-201")
    expect(card).to_contain_text("138****1234")
    expect(card.locator("[data-test=sla]")).to_have_attribute("data-level", "ok")

    stored = requests.get(f"{platform.url('ticketing')}/tickets/{ticket_id}", headers=api(platform, credentials["client"]),
                          timeout=10).json()
    assert (stored["category"], stored["unit_id"], stored["channel"]) == ("urgent", "1-2-201", "phone")
    assert (stored["caller_name"], stored["callback_phone"]) == ("王女士", "13812341234")

    technician = supervisor.page.locator(tid("tech-" + people["technician"]["username"]))
    card.drag_to(technician)
    dispatched_card = supervisor.page.locator("[data-test=column-dispatched] " + tid("card-" + ticket_id))
    expect(dispatched_card).to_contain_text("张师傅")
    stored = requests.get(f"{platform.url('ticketing')}/tickets/{ticket_id}", headers=api(platform, credentials["client"]),
                          timeout=10).json()
    assert (stored["status"], stored["assignee"], stored["department"]) == ("dispatched", people["technician"]["id"],
                                                                            "engineering")

    # The other project's supervisor saw none of it.
    expect(outsider.page.locator(tid("card-" + ticket_id))).to_have_count(0)
    shot(supervisor.page, "board-1280.png")
    for who in (supervisor, outsider, clerk):
        assert who.errors == [], who.errors
        who.context.close()


def test_a_person_of_another_project_gets_no_event_and_no_ticket_of_this_one(platform, credentials, console, people,
                                                                             browser):
    outsider = Console(browser, console).sign_in(people["outsider"])
    cookie = outsider.cookie_header()
    received, connected = [], threading.Event()

    def listen():
        with requests.get(console + "/api/events", headers={"Cookie": cookie}, stream=True, timeout=(5, 20)) as stream:
            for line in stream.iter_lines(decode_unicode=True):
                if line.startswith(": connected"):
                    connected.set()
                if line.startswith("data: "):
                    received.append(json.loads(line[6:]))
                if len(received) >= 1 and any(e["data"].get("unit_id") == "9-1-101" for e in received):
                    return

    listener = threading.Thread(target=listen, daemon=True)
    listener.start()
    assert connected.wait(10)
    ours = requests.post(f"{platform.url('ticketing')}/tickets", headers=api(platform, credentials["client"]), json={
        "kind": "repair", "title": "demo's own", "unit_id": "1-1-101", "channel": "phone"}, timeout=10).json()
    time.sleep(1.0)  # ample time for demo's event to arrive, were it to leak
    theirs = requests.post(f"{platform.url('ticketing')}/tickets", headers=api(platform, people["other_client"]), json={
        "kind": "repair", "title": "other's own", "unit_id": "9-1-101", "channel": "phone"}, timeout=10).json()
    listener.join(10)
    ids = [e["data"].get("ticket_id") for e in received]
    assert theirs["id"] in ids, received  # the stream works for their own project ...
    assert ours["id"] not in ids  # ... and never carried demo's event
    assert all(e["data"].get("unit_id") != "1-1-101" for e in received)

    # Nor do the pages or the API through the console show demo's tickets.
    page = outsider.page
    page.goto(console + "/board")
    expect(page.locator("[data-test=live]")).to_have_text("实时")
    expect(page.locator(tid("card-" + theirs["id"]))).to_be_visible()
    expect(page.locator(tid("card-" + ours["id"]))).to_have_count(0)
    direct = requests.get(f"{console}/api/ticketing/tickets/{ours['id']}", headers={"Cookie": cookie}, timeout=10)
    assert direct.status_code == 404
    assert outsider.errors == [], outsider.errors
    outsider.context.close()


def test_a_change_without_the_csrf_token_is_refused_and_sign_out_revokes(platform, console, people, browser):
    clerk = Console(browser, console).sign_in(people["clerk"])
    cookie = clerk.cookie_header()
    forged = requests.post(f"{console}/api/ticketing/tickets", headers={"Cookie": cookie},
                           json={"kind": "inquiry", "title": "forged"}, timeout=10)
    assert forged.status_code == 403
    session_cookie = next(c for c in clerk.context.cookies(console) if c["name"] == "kefu_console")
    assert session_cookie["httpOnly"] and session_cookie["sameSite"] == "Lax"
    clerk.page.locator("[data-test=sign-out]").click()
    expect(clerk.page.get_by_text("您已退出登录")).to_be_visible()
    after = requests.get(f"{console}/api/me", headers={"Cookie": cookie}, timeout=10)
    assert after.status_code == 401
    assert clerk.errors == [], clerk.errors
    clerk.context.close()


def shot(page, name):
    """Screenshots of the screens for the README (docs/screenshots/), refreshed by each run."""
    folder = Path(__file__).resolve().parents[2] / ".run" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / name), full_page=True)


def test_a_lost_answer_keeps_the_form_and_the_retry_creates_the_ticket_once(platform, credentials, console, people,
                                                                             browser):
    clerk = Console(browser, console).sign_in(people["clerk"])
    page = clerk.page
    keys, lost = [], []

    def lose_first_answer(route):
        keys.append(route.request.headers.get("idempotency-key"))
        if not lost:  # the ticket is created, but its answer never reaches the browser
            route.fetch()
            lost.append(True)
            route.abort("connectionreset")
        else:
            route.continue_()

    page.goto(console + "/intake")
    page.route("**/api/ticketing/tickets", lambda route: lose_first_answer(route) if route.request.method == "POST"
               else route.continue_())
    page.locator(tid("title")).fill("重试只建一张单")
    page.locator(tid("caller-name")).fill("孙先生")
    page.locator(tid("submit")).click()
    expect(page.locator(tid("intake-error"))).to_contain_text("网络异常")
    expect(page.locator(tid("title"))).to_have_value("重试只建一张单")  # nothing typed is lost
    page.locator(tid("submit")).click()
    expect(page.locator(tid("saved"))).to_be_visible()
    assert len(keys) == 2 and keys[0] and keys[0] == keys[1]
    found = requests.get(f"{platform.url('ticketing')}/tickets", headers=api(platform, credentials["client"]),
                         params={"page_size": 200}, timeout=10).json()["items"]
    assert [t["caller_name"] for t in found if t["title"] == "重试只建一张单"] == ["孙先生"]
    clerk.errors = [e for e in clerk.errors if "ERR_CONNECTION_RESET" not in e]  # the fault this test injects
    assert clerk.errors == [], clerk.errors
    clerk.context.close()


def _zone_with_room_today(now):
    """A zone where 'now + 15 min' is still today, so the visit lands in today's queue at any hour of the run."""
    for zone in ("Asia/Shanghai", "Europe/London", "America/Los_Angeles"):
        local = now.astimezone(ZoneInfo(zone))
        if local.hour < 23:
            return zone
    raise AssertionError("unreachable: the three zones are 8 hours apart")


def test_a_completed_repair_reaches_the_return_visit_queue_live_and_a_satisfied_call_closes_it(
        platform, credentials, console, people, browser):
    ticketing = platform.url("ticketing")
    demo_api = api(platform, credentials["client"])
    manager = Console(browser, console).sign_in(demo.create_person(
        platform.url("identity"), credentials["hq_admin"], "demo", "pm.chen", "陈经理", ["project_manager"], PASSWORD))
    zone = _zone_with_room_today(datetime.now(UTC))
    # The shortest delay visits allows (15 min), so the visit is due today; changed through the console as the
    # project manager, the role visits requires for its settings.
    csrf = manager.page.request.get(console + "/api/me").json()["csrf_token"]
    changed = manager.page.request.patch(console + "/api/visits/settings", headers={"X-CSRF-Token": csrf},
                                         data={"return_visit_after_repair_hours": 0.25, "timezone": zone})
    assert changed.ok, changed.text()
    manager.context.close()

    clerk = Console(browser, console).sign_in(people["clerk"])
    page = clerk.page
    page.locator("nav").get_by_text("回访").click()
    expect(page.locator("[data-test=call-script]")).to_contain_text("请问问题有没有再次出现")
    expect(page.locator("[data-test=empty]").or_(page.locator("[data-test^=visit-]")).first).to_be_visible()

    ticket = requests.post(f"{ticketing}/tickets", headers=demo_api, timeout=10, json={
        "kind": "repair", "title": "卫生间地漏堵塞", "unit_id": "1-1-101", "channel": "phone"}).json()
    for action, body in [("dispatch", {"department": "engineering", "assignee": people["technician"]["id"]}),
                         ("accept", {}), ("arrive", {}), ("start_work", {}), ("resolve", {"result": "已疏通"}),
                         ("customer_sign_off", {"signed_by": "业主王女士"})]:
        answer = requests.post(f"{ticketing}/tickets/{ticket['id']}/actions/{action}", headers=demo_api, json=body,
                               timeout=10)
        assert answer.status_code == 200, (action, answer.text)
    assert answer.json()["status"] == "awaiting_return_visit"

    row = page.locator(tid("visit-" + ticket["id"]))
    expect(row).to_be_visible(timeout=10000)  # arrived through the event stream: the page was not reloaded
    expect(row).to_contain_text("卫生间地漏堵塞")
    expect(row).to_contain_text("1-1-101")
    (visit,) = [v for v in requests.get(platform.url("visits") + "/return-visits", headers=demo_api, timeout=10,
                                        params={"ticket_id": ticket["id"]}).json()["items"] if v["scheduled"]]
    due = datetime.fromisoformat(visit["due_at"]).astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")
    expect(row.locator("[data-test=due]")).to_contain_text(due)
    expect(row.locator("[data-test=overdue]")).to_have_count(0)
    shot(page, "return-visits-1280.png")
    page.set_viewport_size({"width": 375, "height": 812})
    shot(page, "return-visits-375.png")
    page.set_viewport_size({"width": 1280, "height": 800})

    row.locator(tid("score-5")).click()
    row.locator(tid("comments")).fill("师傅很快就修好了")
    row.locator(tid("save")).click()
    expect(page.locator(tid("done-" + ticket["id"])).locator("[data-test=happy]")).to_be_visible()
    expect(row).to_have_count(0)

    stored = requests.get(platform.url("visits") + f"/return-visits/{visit['id']}", headers=demo_api, timeout=10).json()
    assert (stored["status"], stored["assignee"]) == ("completed", people["clerk"]["id"])  # assigned to the caller
    assert stored["outcome"] == {"method": "phone", "satisfaction": 5, "problem_came_back": False,
                                 "comments": "师傅很快就修好了"}
    closed = wait_for(lambda: (t := requests.get(f"{ticketing}/tickets/{ticket['id']}", headers=demo_api,
                                                 timeout=10).json())["status"] == "closed" and t)
    assert closed["status"] == "closed"
    page.goto(console + "/tickets/" + ticket["id"])
    expect(page.locator("[data-test=status]")).to_have_text("已结案")
    assert clerk.errors == [], clerk.errors
    clerk.context.close()


def test_an_sla_breach_lights_the_supervisors_bell_live_and_done_in_the_inbox_clears_it(
        platform, credentials, console, people, browser):
    """Real settings only: the project's help-request first-response limit is 1 minute and the call was taken
    70 s ago (`reported_at`), so ticketing's worker (scanning every second here) breaches level 1 at once."""
    identity, ticketing = platform.url("identity"), platform.url("ticketing")
    make = lambda username, role, name: demo.create_person(  # noqa: E731
        identity, credentials["hq_admin"], "demo", username, name, [role], PASSWORD)
    sup = make("sup.chen", "cs_supervisor", "陈主管")
    manager = Console(browser, console).sign_in(make("pm.zhou", "project_manager", "周经理"))
    csrf = manager.page.request.get(console + "/api/me").json()["csrf_token"]
    changed = manager.page.request.put(console + "/api/ticketing/settings/sla", headers={"X-CSRF-Token": csrf},
                                       data={"policy": {"help_first_response": {"minutes": 1}}})
    assert changed.ok, changed.text()
    # notifications learns who holds cs_supervisor from identity's events; the breach must find 陈主管 there
    assert wait_for(lambda: any(h["staff_id"] == sup["id"] for h in manager.page.request.get(
        console + "/api/notifications/role-holders", params={"role": "cs_supervisor"}).json()["items"]), timeout=30)
    manager.context.close()

    supervisor = Console(browser, console).sign_in(sup)
    clerk = Console(browser, console).sign_in(people["clerk"])  # same project, on no ladder: their bell stays 0
    bell, clerks_bell = supervisor.page.locator(tid("bell")), clerk.page.locator(tid("bell"))
    for page in (supervisor.page, clerk.page):
        expect(page.locator("[data-test=live]")).to_have_text("实时")  # the board's stream is open
    expect(bell).to_have_attribute("data-unread", "0")

    def breach(title, unit, seconds_ago=70):
        created = requests.post(f"{ticketing}/tickets", headers=api(platform, credentials["client"]), timeout=10, json={
            "kind": "help_request", "subtype": "medical_emergency", "title": title, "unit_id": unit, "channel": "phone",
            "reported_at": (datetime.now(UTC) - timedelta(seconds=seconds_ago)).isoformat()})
        assert created.status_code == 201, created.text
        return created.json()["id"]

    first = breach("大堂有住户摔倒", "1-1-101")
    expect(bell).to_have_attribute("data-unread", "1", timeout=30000)  # pushed: the page was not reloaded
    expect(bell.locator(tid("unread-badge"))).to_have_text("1")
    expect(clerks_bell).to_have_attribute("data-unread", "0")
    assert clerk.errors == [], clerk.errors
    clerk.context.close()

    page = supervisor.page
    bell.click()
    item = page.locator(f"[data-ticket='{first}']")
    expect(item).to_have_attribute("data-status", "unread")
    expect(item).to_contain_text("超时升级")
    expect(item).to_contain_text("第1级")
    expect(item).to_contain_text("工单首次响应超时")
    expect(item).to_contain_text("立即联系处理人")
    expect(item.locator(tid("ticket-link"))).to_have_text("大堂有住户摔倒")
    expect(item.locator(tid("late"))).to_contain_text("超时")
    (stored,) = [i for i in page.request.get(console + "/api/notifications/inbox").json()["items"]
                 if i["ticket_id"] == first]
    created_at = datetime.fromisoformat(stored["created_at"]).astimezone(ZoneInfo("Asia/Shanghai"))
    expect(item.locator(tid("created"))).to_have_text(created_at.strftime("%Y-%m-%d %H:%M"))

    item.locator(tid("done")).click()
    expect(item).to_have_attribute("data-status", "done")
    expect(bell).to_have_attribute("data-unread", "0")
    expect(bell.locator(tid("unread-badge"))).to_have_count(0)
    assert page.request.get(console + f"/api/notifications/inbox/{stored['id']}").json()["status"] == "done"

    # A second breach while the inbox is open: the list and the bell follow live; opening the item reads it.
    second = breach("电梯困人，住户求助", "1-2-201", seconds_ago=400)  # levels 2 and 3 go to others at once
    fresh = page.locator(f"[data-ticket='{second}']")
    expect(fresh).to_have_attribute("data-status", "unread", timeout=30000)
    expect(bell).to_have_attribute("data-unread", "1")
    expect(page.locator("article").first).to_have_attribute("data-ticket", second)  # unread first
    page.mouse.move(1, 790)  # no hover left on a button from the click before
    page.wait_for_timeout(400)  # nor its fading transition
    shot(page, "console-inbox.png")
    page.set_viewport_size({"width": 375, "height": 812})
    shot(page, "console-inbox-phone.png")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_role("button", name="English").click()
    expect(fresh).to_contain_text("Deadline missed: First response")
    shot(page, "console-inbox-en.png")
    page.get_by_role("button", name="中文").click()
    fresh.locator(tid("open")).click()
    expect(fresh).to_have_attribute("data-status", "read")
    expect(bell).to_have_attribute("data-unread", "0")
    page.locator(tid("filter-unread")).click()
    expect(page.locator(tid("empty"))).to_have_text("没有未读消息")
    assert supervisor.errors == [], supervisor.errors
    supervisor.context.close()


def _tiny_png(size: int = 2, noise: bool = False) -> bytes:
    """A real size x size PNG, as a phone's camera app could hand over; with noise it does not compress, so a
    1,000-pixel one weighs about 3 MB, like a camera's photo."""
    import os
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + (os.urandom(3 * size) if noise else b"\x80\x40\x20" * size) for _ in range(size))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 1)) + chunk(b"IEND", b""))


def test_the_technician_on_a_phone_arrives_quotes_gets_consent_finishes_and_the_customer_signs(
        platform, credentials, console, people, browser):
    ticketing, demo_api = platform.url("ticketing"), api(platform, credentials["client"])
    manager = Console(browser, console).sign_in(demo.create_person(
        platform.url("identity"), credentials["hq_admin"], "demo", "pm.sun", "孙经理", ["project_manager"], PASSWORD))
    csrf = manager.page.request.get(console + "/api/me").json()["csrf_token"]
    assert manager.page.request.post(console + "/api/billing/catalogue/seed", headers={"X-CSRF-Token": csrf}).ok
    listed = manager.page.request.get(console + "/api/billing/catalogue/items?kind=repair&priced=true&page_size=200")
    tap = next(item for item in listed.json()["items"] if "更换水龙头" in item["name_zh"])  # the first the picker offers
    price = f"¥{tap['price_fen'] // 100}.{tap['price_fen'] % 100:02d}"
    manager.context.close()
    ticket = requests.post(f"{ticketing}/tickets", headers=demo_api, timeout=10, json={
        "kind": "repair", "title": "厨房水龙头漏水", "unit_id": "1-1-101", "channel": "phone",
        "caller_name": "刘女士", "callback_phone": "13900002222"}).json()
    dispatched = requests.post(f"{ticketing}/tickets/{ticket['id']}/actions/dispatch", headers=demo_api, timeout=10,
                               json={"department": "engineering", "assignee": people["technician"]["id"]})
    assert dispatched.status_code == 200, dispatched.text

    phone = Console(browser, console, viewport=(375, 812)).sign_in(people["technician"])
    page = phone.page
    page.goto(console + "/my-jobs")
    page.locator(f"a[href='/my-jobs/{ticket['id']}']").click()
    status = page.locator(tid("status"))
    expect(status).to_have_text("已派单")
    expect(page.locator("a.call")).to_have_attribute("href", "tel:13900002222")
    page.locator(tid("step-accept")).click()
    expect(status).to_have_text("已接单")
    page.locator(tid("step-arrive")).click()
    expect(status).to_have_text("已到场")

    # The quote from the price list, shown to the customer on the same phone.
    page.locator(tid("quote-item")).click()
    choose(page, "更换水龙头")
    page.locator(tid("quote-add")).click()
    page.locator(tid("quote-send")).click()
    consent = page.locator(tid("consent"))
    expect(consent).to_be_visible()
    expect(consent.locator(tid("quote-total"))).to_have_text(price)
    expect(status).to_have_text("待确认报价", timeout=10000)  # ticketing heard billing's quote.sent
    shot(page, "technician-consent-375.png")
    consent.locator(tid("consent-yes")).click()
    expect(page.locator(tid("quote-accepted"))).to_contain_text(price)
    start = page.locator(tid("step-start_work"))
    expect(start).to_be_visible(timeout=10000)  # back on site once ticketing heard the consent: pushed, not polled
    start.click()
    expect(status).to_have_text("处理中")

    page.locator(tid("photo-input")).set_input_files(files=[{"name": "after.png", "mimeType": "image/png",
                                                             "buffer": _tiny_png()}])
    expect(page.locator(tid("attachment-photo"))).to_have_count(1)
    # A phone camera's photo is megabytes, not the BFF's 1 MB JSON limit; 10 MB is the line.
    csrf = page.request.get(console + "/api/me").json()["csrf_token"]
    photo = _tiny_png(1000, noise=True)
    assert len(photo) > 3_000_000
    big = page.request.post(console + f"/api/ticketing/tickets/{ticket['id']}/attachments?kind=photo",
                            headers={"X-CSRF-Token": csrf, "Content-Type": "image/png"}, data=photo)
    assert big.status == 201, big.text()
    too_big = page.request.post(console + f"/api/ticketing/tickets/{ticket['id']}/attachments?kind=photo",
                                headers={"X-CSRF-Token": csrf, "Content-Type": "image/jpeg"},
                                data=b"\xff\xd8\xff\xe0" + b"\x00" * (10 * 1024 * 1024 + 16))
    assert too_big.status == 413
    page.locator(tid("step-resolve")).click()
    page.locator(tid("step-result")).fill("更换水龙头一个，试水无渗漏")
    page.locator(tid("step-confirm")).click()
    expect(status).to_have_text("已有结果")

    page.locator(tid("step-customer_sign_off")).click()
    expect(page.locator(tid("step-confirm"))).to_be_disabled()  # nothing drawn yet
    box = page.locator(tid("signature-pad")).bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 120)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(box["x"] + 20 + step * 22, box["y"] + 120 - (step % 3) * 30, steps=3)
    page.mouse.up()
    expect(page.locator(tid("step-signer")).locator("input").or_(page.locator("input" + tid("step-signer")))
           .first).to_have_value("刘女士")
    shot(page, "technician-signature-375.png")
    page.locator(tid("step-confirm")).click()
    expect(status).to_have_text("待回访")
    expect(page.locator(tid("attachment-signature"))).to_have_count(1)
    expect(page.locator(".el-dialog")).to_be_hidden()
    page.wait_for_timeout(400)  # the dialog's fading overlay
    shot(page, "technician-job-375.png")

    # The ticket's detail shows the same photos and the customer's signature, served back through the console.
    office = Console(browser, console).sign_in(people["supervisor"])
    detail = office.page
    detail.goto(console + "/tickets/" + ticket["id"])
    box = detail.locator(tid("attachments"))
    expect(box.locator(tid("attachment-photo"))).to_have_count(2)
    expect(box.locator(tid("attachment-signature"))).to_contain_text("客户签名")
    detail.wait_for_function("() => [...document.querySelectorAll('[data-test=attachments] img')]"
                             ".every((img) => img.complete && img.naturalWidth > 0)")  # the images themselves came back
    shot(detail, "ticket-attachments-1280.png")
    detail.set_viewport_size({"width": 375, "height": 812})
    shot(detail, "ticket-attachments-375.png")
    detail.set_viewport_size({"width": 1280, "height": 800})
    detail.get_by_role("button", name="English").click()
    expect(box.locator(tid("attachment-signature"))).to_contain_text("Signature")
    assert office.errors == [], office.errors
    office.context.close()

    stored = requests.get(f"{ticketing}/tickets/{ticket['id']}", headers=demo_api, timeout=10).json()
    assert (stored["status"], stored["signed_off_by"]) == ("awaiting_return_visit", "刘女士")
    attachments = requests.get(f"{ticketing}/tickets/{ticket['id']}/attachments", headers=demo_api,
                               timeout=10).json()["items"]
    assert [(a["kind"], a["content_type"], a["uploaded_by"]) for a in attachments] == [
        ("photo", "image/png", people["technician"]["id"]), ("photo", "image/png", people["technician"]["id"]),
        ("signature", "image/png", people["technician"]["id"])]
    signature = requests.get(f"{ticketing}/tickets/{ticket['id']}/attachments/{attachments[2]['id']}",
                             headers=demo_api, timeout=10)
    assert signature.content.startswith(b"\x89PNG") and len(signature.content) > 500  # strokes, not a blank pad
    (quote,) = requests.get(platform.url("billing") + "/quotes", headers=demo_api, timeout=10,
                            params={"ticket_id": ticket["id"]}).json()["items"]
    assert (quote["status"], quote["accepted_version"], quote["versions"][0]["decided_by"]) == (
        "accepted", 1, people["technician"]["id"])

    # Another project's person cannot fetch the photo, through the console or otherwise.
    outsider = Console(browser, console).sign_in(people["outsider"])
    foreign = outsider.page.request.get(console + f"/api/ticketing/tickets/{ticket['id']}/attachments/"
                                        f"{attachments[0]['id']}")
    assert foreign.status == 404
    outsider.context.close()
    assert phone.errors == [], phone.errors
    phone.context.close()


def test_the_board_keeps_a_persons_filters_lifts_what_breaches_soon_and_dispatches_from_the_keyboard(
        platform, credentials, console, people, browser):
    ticketing, demo_api = platform.url("ticketing"), api(platform, credentials["client"])
    # A lift failure taken on paper a while ago, so that its first deadline is 20 minutes away (urgent repairs run on
    # the clock, not the business calendar).
    preview = requests.get(f"{ticketing}/tickets/deadline-preview", headers=demo_api, timeout=10,
                           params={"kind": "repair", "subtype": "lift_failure"}).json()
    first_due = min(datetime.fromisoformat(due) for due in preview["deadlines"].values())
    taken = datetime.now(UTC) - max(timedelta(0), first_due - datetime.now(UTC) - timedelta(minutes=20))
    pressing = requests.post(f"{ticketing}/tickets", headers=demo_api, timeout=10, json={
        "kind": "repair", "subtype": "lift_failure", "title": "电梯停在半层", "unit_id": "1-2-201", "channel": "phone",
        "reported_at": taken.isoformat()}).json()
    calm = requests.post(f"{ticketing}/tickets", headers=demo_api, timeout=10, json={
        "kind": "inquiry", "title": "咨询停车月卡", "unit_id": "1-1-101", "channel": "phone"}).json()

    supervisor = Console(browser, console).sign_in(people["supervisor"])
    page = supervisor.page
    expect(page.locator(tid("lane-soon")).locator(tid("soon-" + pressing["id"]))).to_be_visible()
    expect(page.locator(tid("lane-soon")).locator(tid("soon-" + calm["id"]))).to_have_count(0)

    page.locator(tid("filter-text")).fill("电梯")
    expect(page.locator(tid("card-" + calm["id"]))).to_have_count(0)
    expect(page.locator(tid("card-" + pressing["id"]))).to_be_visible()
    page.wait_for_timeout(400)  # the tags' fade-in after the filter
    shot(page, "board-filters-1280.png")
    page.reload()  # the person's filters survive a reload
    expect(page.locator(tid("filter-text"))).to_have_value("电梯")
    expect(page.locator(tid("card-" + calm["id"]))).to_have_count(0)

    card = page.locator(tid("card-" + pressing["id"]))
    card.focus()
    page.keyboard.press("1")  # the first technician shown
    first = page.locator(".technicians .tech").first
    expect(page.locator("[data-test=column-dispatched] " + tid("card-" + pressing["id"]))).to_contain_text(
        first.locator("strong").inner_text())
    stored = requests.get(f"{ticketing}/tickets/{pressing['id']}", headers=demo_api, timeout=10).json()
    assert stored["status"] == "dispatched" and stored["assignee"]
    page.locator(tid("filter-clear")).click()
    expect(page.locator(tid("card-" + calm["id"]))).to_be_visible()
    assert supervisor.errors == [], supervisor.errors
    supervisor.context.close()


def test_a_board_that_fails_to_load_retries_by_itself_then_offers_a_retry(platform, credentials, console, people,
                                                                          browser):
    """The board's one read (ticketing's GET /tickets/board through the BFF) failing: a 502 and lost connections are
    retried with backoff while the board says so; once it gives up it names the cause and 重试 loads it."""
    ticket = requests.post(f"{platform.url('ticketing')}/tickets", headers=api(platform, credentials["client"]),
                           timeout=10, json={"kind": "inquiry", "title": "看板重试", "unit_id": "1-1-101"}).json()
    supervisor = Console(browser, console).sign_in(people["supervisor"])
    page = supervisor.page
    expect(page.locator(tid("board"))).to_have_attribute("data-loaded", "true")
    tries = []

    def fail(route):
        tries.append(time.monotonic())
        if len(tries) == 1:
            route.fulfill(status=502, content_type="application/problem+json",
                          body=json.dumps({"title": "ticketing is not reachable", "status": 502}))
        else:
            route.abort("connectionreset")

    page.route("**/api/ticketing/tickets/board", fail)
    page.reload()
    expect(page.locator(tid("load-retrying"))).to_contain_text("正在自动重试")
    expect(page.locator(tid("load-error"))).to_contain_text("网络连接中断。已自动重试 3 次", timeout=20000)
    assert len(tries) == 4  # the first try and three retries, each after a longer wait than the one before
    waits = [b - a for a, b in itertools.pairwise(tries)]
    assert waits[0] < waits[1] < waits[2] and waits[0] >= 0.7, waits
    expect(page.locator(tid("board"))).to_have_attribute("data-loaded", "false")
    shot(page, "board-load-error-1280.png")
    page.set_viewport_size({"width": 375, "height": 812})
    shot(page, "board-load-error-375.png")
    page.set_viewport_size({"width": 1280, "height": 800})

    page.unroute("**/api/ticketing/tickets/board")
    page.locator(tid("load-retry")).click()
    expect(page.locator(tid("board"))).to_have_attribute("data-loaded", "true")
    expect(page.locator(tid("card-" + ticket["id"]))).to_be_visible()
    expect(page.locator(tid("load-error"))).to_have_count(0)
    page.set_viewport_size({"width": 375, "height": 812})
    page.wait_for_timeout(400)  # the tags' fade-in
    shot(page, "board-375.png")
    page.set_viewport_size({"width": 1280, "height": 800})

    # One failed try only: the board loads by itself, the person never has to press anything.
    once = []
    page.route("**/api/ticketing/tickets/board",
               lambda route: route.continue_() if once else (once.append(1), route.abort("connectionreset")))
    page.reload()
    expect(page.locator(tid("card-" + ticket["id"]))).to_be_visible()
    expect(page.locator(tid("load-error"))).to_have_count(0)
    # The faults this test injects, as the browser logs them.
    supervisor.errors = [e for e in supervisor.errors if "502" not in e and "ERR_CONNECTION_RESET" not in e]
    assert supervisor.errors == [], supervisor.errors
    supervisor.context.close()
