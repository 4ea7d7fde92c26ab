"""The console's move-in screen 入伙 in a real browser (Playwright driving the system Chromium) against the whole
platform started as processes: a CS assistant books a move-in for a unit, starts it (the clock runs), is refused
finishing with every step named in Chinese, works the five step cards — identity's checklist ticked, billing's charge
refused until paid there, the unit's keys handed over from desk's register, the utilities, the owner's form into
identity's archive — finishes and sees the duration; the report panel shows it. Effects are checked in the services
that own them. Screenshots at 1280 and 375 px go to .run/screenshots (copied to docs/screenshots)."""
import re
import uuid

import pytest
import requests
from authlib.integrations.requests_client import OAuth2Session
from playwright.sync_api import expect

from deploy.local import demo

from .test_console_desk import PASSWORD, Desk, both_sizes, tid

CODES = [f"MI-{n:02d}" for n in range(1, 11)]


def field(page, name):
    """The text box of a field: Element Plus puts data-test on the input itself, a wrapper (UnitField) around it."""
    return page.locator(f"input{tid(name)}, {tid(name)} input").first


def clock(seconds):
    """What the page shows for a duration (moveIn.js formatDuration)."""
    h, rest = divmod(round(seconds), 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class Rest:
    """One person's own token over REST, for what the screen does not do (billing's side, the checks)."""

    def __init__(self, platform, credentials, person):
        app = credentials["staff_app"]
        self.platform = platform
        self.session = OAuth2Session(app["client_id"], app["client_secret"],
                                     token_endpoint_auth_method="client_secret_basic")
        self.session.fetch_token(platform.url("identity") + "/oauth/token", username=person["username"],
                                 password=PASSWORD, tenant_id=credentials["tenant"])

    def call(self, method, service, path, expect=200, key=None, **kwargs):
        headers = {"Idempotency-Key": key} if key else {}
        answer = self.session.request(method, self.platform.url(service) + path, headers=headers, timeout=20, **kwargs)
        assert answer.status_code == expect, (method, path, answer.status_code, answer.text)
        return answer.json()


@pytest.fixture(scope="module")
def people(platform, credentials, console):
    identity = platform.url("identity")
    make = lambda username, role, name: demo.create_person(  # noqa: E731
        identity, credentials["hq_admin"], credentials["tenant"], username, name, [role], PASSWORD)
    return {"clerk": make("movein.sun", "cs_assistant", "孙前台"), "finance": make("movein.qian", "finance_clerk", "钱财务")}


@pytest.fixture(scope="module")
def unit(platform, credentials, people):
    """A unit in identity, a charge on it in billing and two of its keys on their hooks in desk's register."""
    clerk, finance = Rest(platform, credentials, people["clerk"]), Rest(platform, credentials, people["finance"])
    finance.call("POST", "billing", "/catalogue/seed", json={})
    finance.call("PUT", "billing", "/catalogue/items/PAID-58/price", json={"price_fen": 5000, "unit": "元/次"})
    integration = {"Authorization": f"Bearer {demo.token(platform.url('identity'), credentials['client'])}"}
    platform_identity = platform.url("identity")
    requests.post(platform_identity + "/buildings", json={"code": "8"}, headers=integration, timeout=10)  # 409: exists
    created = requests.post(platform_identity + "/units", json={"building": "8", "floor": 5,
                                                                "room": f"{uuid.uuid4().int % 9000 + 1000}"},
                            headers=integration, timeout=10)
    assert created.status_code == 201, created.text
    unit_id = created.json()["unit_id"]
    charge = clerk.call("POST", "billing", "/charges", expect=201, key=f"mi-charge-{uuid.uuid4()}",
                        json={"unit_id": unit_id, "lines": [{"catalogue_code": "PAID-58", "quantity": 1}]})
    keys = [clerk.call("POST", "desk", "/keys", expect=201, json={
        "kind": "unit_spare", "label": f"入户门 {n}", "unit_id": unit_id, "hook": f"M-{n}"})["id"] for n in (1, 2)]
    return {"unit_id": unit_id, "charge": charge, "key_ids": keys, "clerk": clerk}


def test_a_cs_assistant_takes_an_owner_through_move_in_on_one_page_and_sees_the_duration_and_the_report(
        console, people, unit, browser):  # noqa: F811
    clerk, rest, unit_id = Desk(browser, console, people["clerk"]), unit["clerk"], unit["unit_id"]
    clerk.open("move-in")
    page = clerk.page

    # Book: unit, slot, owner (the date is the project's today); the flow opens on the new appointment.
    field(page, "move-in-unit").fill(unit_id)
    field(page, "move-in-slot").fill("09:30-10:00")
    field(page, "move-in-owner").fill("周建国")
    page.locator(tid("move-in-book")).click()
    flow = page.locator(tid("move-in-flow"))
    expect(flow).to_contain_text(unit_id)
    expect(page.locator(tid("move-in-status"))).to_have_text("已预约")
    (booked,) = rest.call("GET", "desk", "/move-ins", params={"unit_id": unit_id})["items"]
    assert (booked["slot"], booked["owner_name"], booked["status"]) == ("09:30-10:00", "周**", "booked")

    # Start: the clock runs against the 30-minute target.
    page.locator(tid("move-in-start")).click()
    expect(page.locator(tid("move-in-status"))).to_have_text("办理中")
    expect(page.locator(tid("move-in-clock"))).to_have_text(re.compile(r"^\d+:\d{2}$"))
    expect(flow).to_contain_text("目标 30 分钟")

    # Finishing now is refused, the steps named in Chinese.
    page.locator(tid("move-in-finish")).click()
    expect(page.locator(tid("move-in-refusal"))).to_have_text(
        "还有步骤未完成：入伙资料、费用、签领钥匙、水电气等开通、业主登记表")

    # (a) documents: identity's checklist, everything missing; all ticked as handed in.
    for code in CODES:
        page.locator(tid("doc-" + code)).click()
    page.locator(tid("step-save-documents")).click()
    expect(page.locator(tid("step-state-documents"))).to_have_text("已完成")

    # (b) fees: refused while billing has it unpaid; paid at billing, the step is done.
    page.locator(tid("step-save-fees")).click()
    expect(page.locator(tid("step-error-fees"))).to_contain_text("还有未缴清的费用")
    rest.call("POST", "billing", "/payments", expect=201, key=f"mi-pay-{uuid.uuid4()}", json={
        "charge_id": unit["charge"]["id"], "amount_fen": unit["charge"]["amount_fen"], "method": "cash_at_centre"})
    page.locator(tid("step-save-fees")).click()
    expect(page.locator(tid("step-state-fees"))).to_have_text("已完成")
    expect(page.locator(tid("step-keys"))).to_contain_text("入户门 1 · M-1")
    both_sizes(page, "desk-move-in")

    # (c) keys: both of the unit's keys (ticked), counts, the owner signing with the ID's last four.
    field(page, "key-count-front_door").fill("2")
    field(page, "key-count-mailbox").fill("1")
    field(page, "key-proof").fill("4321")
    page.locator(tid("step-save-keys")).click()
    expect(page.locator(tid("step-state-keys"))).to_have_text("已完成")

    # (d) utilities: readings, and the phone not applicable with a reason.
    for utility, value in (("water", "3.2"), ("power", "15"), ("gas", "0.5"), ("cable_tv", "0")):
        field(page, "utility-value-" + utility).fill(value)
    page.locator(tid("utility-na-phone")).click()
    field(page, "utility-value-phone").fill("业主自办")
    page.locator(tid("step-save-utilities")).click()
    expect(page.locator(tid("step-state-utilities"))).to_have_text("已完成")

    # (e) the owner's registration form, the booked name already in it.
    expect(field(page, "owner-name")).to_have_value("周建国")
    field(page, "owner-id-number").fill("110101198001014321")
    field(page, "owner-phone").fill("13900004321")
    page.locator(tid("step-save-registration")).click()
    expect(page.locator(tid("step-state-registration"))).to_have_text("已完成")

    # Finish: the duration the page shows is desk's.
    page.locator(tid("move-in-finish")).click()
    finished_tag = page.locator(tid("move-in-finished"))
    expect(finished_tag).to_contain_text("入伙已完成")
    done = rest.call("GET", "desk", f"/move-ins/{booked['id']}")
    assert done["status"] == "completed" and done["over_target"] is False
    expect(finished_tag).to_contain_text(f"用时 {clock(done['duration_seconds'])}")
    expect(finished_tag).to_contain_text("在目标内")
    for s in done["steps"]:
        expect(page.locator(tid("step-" + s["step"]))).to_contain_text(f"本步用时 {clock(s['duration_seconds'])}")

    # The report panel: the same figures as desk's report for the days it shows.
    panel = page.locator(tid("move-in-report"))
    days = panel.locator("input[type=date]")
    report = rest.call("GET", "desk", "/move-ins/report",
                       params={"from": days.nth(0).input_value(), "to": days.nth(1).input_value()})
    assert report["count"] >= 1
    expect(panel.locator(tid("report-count"))).to_have_text(str(report["count"]))
    expect(panel.locator(tid("report-median"))).to_have_text(clock(report["median_seconds"]))
    expect(panel.locator(tid("report-p90"))).to_have_text(clock(report["p90_seconds"]))
    expect(panel.locator(tid("report-over"))).to_have_text(str(report["over_target"]))

    # Effects where they belong: identity's checklist and owner archive, billing's balance, desk's key register.
    (checklist,) = rest.call("GET", "identity", f"/units/{unit_id}/checklists")["checklists"]
    assert checklist["received"] == CODES and checklist["missing"] == []
    assert rest.call("GET", "billing", f"/charges/{unit['charge']['id']}")["balance"]["outstanding_fen"] == 0
    assert [rest.call("GET", "desk", f"/keys/{k}")["status"] for k in unit["key_ids"]] == ["handed_over"] * 2
    assert len(rest.call("GET", "identity", f"/units/{unit_id}/owner/history")["items"]) == 1

    # Back on the day's list the appointment shows completed with its duration.
    page.locator(tid("move-in-back")).click()
    row = page.locator(tid("move-in-" + booked["id"]))
    expect(row).to_contain_text("已完成")
    expect(row).to_contain_text(clock(done["duration_seconds"]))
    clerk.close(refusals=2)
