"""The gate's 装修出入证 check in a real browser (Playwright driving the system Chromium) against the whole platform
started as processes (issue 16): a renovation goes through renovation's REST (taken in by CS, drawings checked by
engineering, approved by the manager, its fees charged in billing by event and paid at billing's cashier, the permit
issued on billing's payment event, two workers' passes, one revoked); then security, at the gate screen, scans a pass
(valid, with the worker's name, masked ID, trade, unit, validity and hours), the revoked one (revoked) and a number
no pass has (not found). Renovation's gate entries, read over its REST, hold the guard's two checks.

Working hours lie within 07:00-20:00 in the project's zone, and this test runs at any hour: the gate screen asks
about "now" (it sends no time), so the test pins the time asked about to 10:00 today by adding renovation's `at` to
the check on its way out of the browser. Nothing else of the request or the answer is touched.
Screenshots at 1280 and 375 px go to .run/screenshots (copied to docs/screenshots)."""
import uuid
from datetime import datetime, timedelta
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from .test_console_desk import Desk, both_sizes, shot, tid
from .test_console_gate_cashier import field
from .test_renovation import PAPERS, Api, wait_for

PROJECT_ZONE = ZoneInfo("Asia/Shanghai")
TODAY = datetime.now(PROJECT_ZONE).date()  # the project's day: a pass is valid from the permit's start, today
UNKNOWN = "DEMO-ZX-99999-W99"


@pytest.fixture(scope="module")
def staff(platform, console, make_person, password_session):
    """Renovation's people over REST (password grant) and the guard who signs in to the console."""
    api = lambda username, name, role: Api(platform, password_session(make_person(username, name, [role])))  # noqa: E731
    return {"cs": api("pass.cs", "客服小周", "cs_assistant"),
            "engineering": api("pass.eng", "工程老冯", "engineering_supervisor"),
            "manager": api("pass.pm", "经理韩", "project_manager"), "cashier": api("pass.cashier", "财务陶", "finance_clerk"),
            "guard": make_person("pass.guard", "门岗老吴", ["security"])}


@pytest.fixture(scope="module")
def passes(staff):
    """A permitted renovation with two workers' passes, the second revoked (lost)."""
    cs, engineering, manager, cashier = (staff[k] for k in ("cs", "engineering", "manager", "cashier"))
    unit_id = f"7-1-{uuid.uuid4().int % 9000 + 1000}"
    application = cs.post("renovation", "/applications", {
        "unit_id": unit_id, "applicant": {"kind": "owner", "name": "钱志强", "phone": "13900005678"},
        "contractor": {"company": "美居装饰有限公司", "name": "陈师傅", "phone": "13700002222"},
        "scope": {"items": ["painting"], "description": "墙面翻新"}, "planned_start": TODAY.isoformat(),
        "planned_end": (TODAY + timedelta(days=20)).isoformat(), "working_hours": {"start": "08:00", "end": "18:00"},
        "workers_planned": 2, "attachments": [{"kind": kind, "ref": f"scan-{kind}"} for kind in PAPERS]},
        expect=201, key=f"pass-{uuid.uuid4()}")
    app_id = application["id"]
    cs.post("renovation", f"/applications/{app_id}/reviews", {"step": "completeness", "decision": "pass"})
    engineering.post("renovation", f"/applications/{app_id}/reviews", {"step": "drawings", "decision": "pass"})
    manager.post("renovation", f"/applications/{app_id}/reviews", {"step": "approval", "decision": "pass"})
    charged = wait_for(lambda: cs.get("renovation", f"/applications/{app_id}"), lambda a: a["fees"]["charge_id"])
    cashier.call("POST", "billing", "/payments", expect=201, key=f"pass-pay-{uuid.uuid4()}", json={
        "charge_id": charged["fees"]["charge_id"], "amount_fen": charged["fees"]["total_fen"],
        "method": "cash_at_centre"})
    permitted = wait_for(lambda: cs.get("renovation", f"/applications/{app_id}"), lambda a: a["status"] == "permitted")
    assert permitted["status"] == "permitted", permitted
    issued = [cs.post("renovation", f"/applications/{app_id}/passes", {"worker": {
        "name": name, "id_number": f"11010119850505{n:04d}", "photo_ref": f"photo-{n}", "trade": trade}},
        expect=201, key=f"pass-issue-{uuid.uuid4()}") for n, name, trade in ((1, "刘建军", "油漆工"), (2, "马小六", "泥水工"))]
    cs.post("renovation", f"/passes/{issued[1]['id']}/revoke", {"reason": "出入证遗失"})
    return {"application": permitted, "valid": issued[0], "revoked": issued[1]}


def pin_gate_clock(page, hh_mm):
    """The time the gate asks about, pinned to `hh_mm` today in the project's zone (see the module's docstring)."""
    at = quote(datetime.fromisoformat(f"{TODAY.isoformat()}T{hh_mm}:00").replace(tzinfo=PROJECT_ZONE).isoformat())
    page.route("**/api/renovation/passes/check?*", lambda route: route.continue_(url=f"{route.request.url}&at={at}"))


def scan(page, number):
    """A barcode scanner: the code typed as keys into the focused field, then Enter."""
    expect(field(page, "pass-number")).to_be_focused()
    page.keyboard.type(number)
    page.keyboard.press("Enter")


@pytest.fixture(scope="module")
def guard(browser, console, staff):
    desk = Desk(browser, console, staff["guard"])
    yield desk
    desk.context.close()


def test_the_gate_screen_answers_each_pass_big_and_logs_every_check_in_renovation(console, staff, passes, guard):
    page = guard.page
    pin_gate_clock(page, "10:00")
    page.goto(f"{console}/gate")
    expect(page.get_by_role("heading", name="访客登记")).to_be_visible()  # the visitor desk stays the gate's first tab
    page.locator(tid("gate-tab-passes")).click()
    expect(page.get_by_role("heading", name="装修出入证")).to_be_visible()

    # The valid pass, scanned in lower case with a stray space as a scanner in the wrong mode sends it.
    valid, revoked = passes["valid"], passes["revoked"]
    scan(page, " " + valid["number"].lower())
    answer = page.locator(tid("pass-answer"))
    expect(answer).to_have_attribute("data-answer", "valid")
    expect(answer).to_contain_text("有效")
    expect(answer).to_contain_text("放行")
    facts = page.locator(tid("pass-facts"))
    for text in ("刘建军", "**************0001", "油漆工", passes["application"]["unit_id"],
                 f"{valid['valid_from']} – {valid['valid_until']}", "08:00 – 18:00", f"{TODAY.isoformat()} 10:00"):
        expect(facts).to_contain_text(text)
    expect(facts).not_to_contain_text("110101198505050001")  # the full ID number is nowhere: renovation never had it
    expect(field(page, "pass-number")).to_have_value("")  # ready for the next scan
    both_sizes(page, "gate-renovation-pass")

    scan(page, revoked["number"])
    expect(answer).to_have_attribute("data-answer", "revoked")
    expect(answer).to_contain_text("已注销")
    expect(answer).to_contain_text("不得进入")
    expect(facts).to_contain_text("马小六")
    shot(page, "gate-renovation-pass-revoked-1280.png")

    scan(page, UNKNOWN)
    expect(answer).to_have_attribute("data-answer", "not_found")
    expect(answer).to_contain_text("未找到")
    expect(page.get_by_text("本项目没有此出入证号")).to_be_visible()
    rows = page.locator(tid("pass-check-row"))
    expect(rows).to_have_count(3)  # today's checks at this gate, newest first
    for row, (number, word) in enumerate(((UNKNOWN, "未找到"), (revoked["number"], "已注销"), (valid["number"], "有效"))):
        expect(rows.nth(row)).to_contain_text(number)
        expect(rows.nth(row)).to_contain_text(word)
    page.set_viewport_size({"width": 375, "height": 812})
    shot(page, "gate-renovation-pass-not-found-375.png")
    page.set_viewport_size({"width": 1280, "height": 800})

    # The checks are still listed after a trip to the visitor desk and back.
    page.locator(tid("gate-tab-visitors")).click()
    expect(page.get_by_role("heading", name="访客登记")).to_be_visible()
    page.locator(tid("gate-tab-passes")).click()
    expect(rows).to_have_count(3)

    # renovation logged the guard's two checks of its passes (a number it does not know is no pass of the permit).
    app_id = passes["application"]["id"]
    entries = staff["cs"].get("renovation", f"/applications/{app_id}/gate-entries")["items"]
    assert [(e["number"], e["answer"], e["allowed"]) for e in entries] == [
        (revoked["number"], "revoked", False), (valid["number"], "valid", True)]
    assert all(staff["guard"]["id"] in e["checked_by"] for e in entries), entries
    ten = datetime.fromisoformat(f"{TODAY.isoformat()}T10:00:00").replace(tzinfo=PROJECT_ZONE)
    assert all(datetime.fromisoformat(e["at"]) == ten for e in entries), entries  # the time asked about

    # The unknown number's 404 is the only error in the browser's log.
    assert [e for e in guard.errors if not e.endswith("status of 404 (NOT FOUND)")] == [], guard.errors
    assert len(guard.errors) == 1, guard.errors
