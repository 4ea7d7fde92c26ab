"""The console's renovation screens 装修 in a real browser (Playwright driving the system Chromium) against the whole
platform: a CS clerk files an application through the form; engineering, whose page is open, sees it arrive at its
step live and passes the drawings with a flag; the manager's refusal asks for a reason before anything is sent, then
the manager approves; the fees are paid at billing's cashier over REST and the permit appears on the open page by
renovation's event; a worker's pass is issued with the ID number masked; the technician on a phone finds the unit on
the patrol-due list and records a patrol with two violations, one followed up as rectified; the pass is handed back,
the completion asked and accepted with a deduction for the other violation; billing's refund of the rest is read in
billing over REST. Screenshots of each screen at 1280 and 375 px go to .run/screenshots (copied to docs/screenshots).
No browser console errors."""
import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect
from pymongo import MongoClient

from deploy.local import demo

from .test_console_desk import PHONE, Desk, both_sizes, shot, tid
from .test_console_gate_cashier import field
from .test_renovation import wait_for

PAPERS = ["application_form", "owner_id", "property_proof", "contractor_licence", "drawings", "agreement",
          "commitment"]
UNIT = "1-2-201"
ZONE = ZoneInfo("Asia/Shanghai")  # the demo project's zone


@pytest.fixture(scope="module")
def people(platform, credentials, console, make_person):
    demo.create_units(platform.url("identity"), credentials["client"])
    return {role: make_person(username, name, [role]) for username, name, role in (
        ("reno.clerk", "客服小周", "cs_assistant"), ("reno.engineer", "工程老钱", "engineering_supervisor"),
        ("reno.manager", "经理孙", "project_manager"), ("reno.tech", "技工小吴", "technician"),
        ("reno.cashier", "财务李", "finance_clerk"))}



def open_page(person_page, url, path):
    person_page.goto(url + path)
    expect(person_page.locator(tid("live"))).to_have_text("实时")  # the event stream is open


def phone_and_desk(page, name):
    """both_sizes for a page opened on a phone: shot at 1280 and 375 px, left at the phone's size."""
    page.set_viewport_size({"width": 1280, "height": 800})
    both_sizes(page, name)
    page.set_viewport_size({"width": PHONE[0], "height": PHONE[1]})


def pick_date(page, name, day):
    box = field(page, name)
    box.fill(day)
    box.press("Enter")


def test_an_application_filed_reviewed_paid_patrolled_and_accepted_through_the_screens(
        platform, console, people, browser, password_session, make_person):
    today = datetime.now(ZONE).date()  # renovation checks the plan against the project's today
    clerk = Desk(browser, console, people["cs_assistant"])
    page = clerk.page
    open_page(page, console, "/renovation")
    expect(page.locator("nav")).to_contain_text("装修")
    page.locator(tid("new-application")).click()
    form = page.locator(tid("application-form"))
    # The form's own checks name the missing fields before anything is sent.
    page.locator(tid("application-save")).click()
    expect(form).to_contain_text("必填")
    unit = field(page, "app-unit")
    unit.fill(UNIT)
    unit.press("Escape")
    field(page, "app-applicant").fill("周建国")
    field(page, "app-phone").fill("13900004321")
    field(page, "app-company").fill("安居装饰有限公司")
    field(page, "app-contractor").fill("李师傅")
    field(page, "app-contractor-phone").fill("13700001111")
    page.locator(tid("scope-flooring")).click()
    page.locator(tid("scope-wet_area")).click()
    field(page, "app-description").fill("厨卫翻新")
    pick_date(page, "app-start", today.isoformat())
    pick_date(page, "app-end", (today + timedelta(days=40)).isoformat())
    field(page, "app-workers").fill("2")
    for kind in PAPERS:
        field(page, f"paper-{kind}").fill(f"SCAN-{kind[:6].upper()}")
    both_sizes(page, "renovation-form")
    page.locator(tid("application-save")).click()
    expect(page.locator(tid("app-status"))).to_have_text("待客服审核")
    app_id = page.url.rsplit("/", 1)[1]

    # Engineering's page is open before the CS check: the step arrives live (the console's ping), no reload.
    engineer = Desk(browser, console, people["engineering_supervisor"])
    open_page(engineer.page, console, f"/renovation/{app_id}")
    expect(engineer.page.locator(tid("waiting"))).to_contain_text("客服资料审核")
    expect(engineer.page.locator(tid("review-pass"))).to_have_count(0)
    page.locator(tid("review-pass")).click()
    expect(page.locator(tid("app-status"))).to_have_text("待工程审图")
    expect(page.locator(tid("review-pass"))).to_have_count(0)  # the clerk does not check drawings
    epage = engineer.page
    expect(epage.locator(tid("app-status"))).to_have_text("待工程审图")
    epage.locator(tid("flag-wet_area_plumbing")).click()
    epage.locator(tid("review-pass")).click()
    expect(epage.locator(tid("app-status"))).to_have_text("待经理审批")
    expect(epage.locator(tid("app-flags"))).to_contain_text("厨卫管道/防水")

    # The manager: a refusal asks for its reason first (nothing sent), then the approval asks billing for the fees.
    manager = Desk(browser, console, people["project_manager"])
    mpage = manager.page
    open_page(mpage, console, f"/renovation/{app_id}")
    mpage.locator(tid("review-refuse")).click()
    mpage.locator(tid("review-refuse")).click()
    expect(mpage.locator(tid("review-panel"))).to_contain_text("必填")
    both_sizes(mpage, "renovation-review")
    expect(mpage.locator(tid("app-status"))).to_have_text("待经理审批")
    mpage.locator(tid("review-pass")).click()
    expect(mpage.locator(tid("app-status"))).to_have_text("待缴费", timeout=15000)  # the approval publishes in its commit
    expect(mpage.locator(tid("fees-total"))).to_have_text("¥2,520.00")
    expect(mpage.locator(tid("permit"))).to_contain_text("等待在收费处缴费")
    expect(mpage.locator(tid("review-row"))).to_have_count(3)

    # Paid at billing's cashier over REST; renovation's permit.issued event shows the permit on the open pages.
    cs_api, cashier = password_session(people["cs_assistant"]), password_session(people["finance_clerk"])
    application = wait_for(lambda: cs_api.get(f"{platform.url('renovation')}/applications/{app_id}", timeout=10).json(),
                           lambda a: a["fees"]["charge_id"] is not None)
    charge_id = application["fees"]["charge_id"]
    paid = cashier.post(f"{platform.url('billing')}/payments", timeout=10, headers={"Idempotency-Key": str(uuid.uuid4())},
                        json={"charge_id": charge_id, "amount_fen": 252000, "method": "cash_at_centre"})
    assert paid.status_code == 201, paid.text
    expect(mpage.locator(tid("permit-label"))).to_have_text("DEMO-ZX-00001", timeout=20000)
    expect(page.locator(tid("permit-label"))).to_have_text("DEMO-ZX-00001", timeout=20000)
    expect(page.locator(tid("app-status"))).to_have_text("施工中")

    # A worker's pass at the CS centre: the ID number typed once, shown masked.
    field(page, "pass-name").fill("王师傅")
    field(page, "pass-id").fill("110101199001011234")
    field(page, "pass-photo").fill("PHOTO-1")
    field(page, "pass-trade").fill("泥水工")
    page.locator(tid("pass-issue")).click()
    row = page.locator(tid("pass-row"))
    expect(row).to_contain_text("DEMO-ZX-00001-W01")
    expect(row).to_contain_text("**************1234")
    expect(page.locator(tid("pass-counts"))).to_contain_text("在用 1")
    assert "110101199001011234" not in page.content()

    # The technician's phone: the unit is due for patrol on the permit's first day; a patrol with two violations.
    tech = Desk(browser, console, people["technician"], viewport=PHONE)
    tpage = tech.page
    open_page(tpage, console, "/renovation/patrols")
    due = tpage.locator(tid("due-row")).filter(has_text=UNIT)
    expect(due).to_contain_text("重点")  # engineering flagged the wet area
    due.click()
    tpage.locator(f"textarea{tid('patrol-findings')}").fill("楼道堆放，外墙开孔")
    tpage.locator(tid("add-violation")).click()
    tpage.locator(tid("add-violation")).click()
    violations = tpage.locator(tid("patrol-violation"))
    field(violations.nth(0), "violation-description").fill("楼道堆放建筑垃圾")
    violations.nth(1).locator(tid("violation-kind")).click()
    tpage.get_by_role("option", name="破坏外立面").click()
    field(violations.nth(1), "violation-description").fill("外墙开孔")
    phone_and_desk(tpage, "renovation-patrol")
    tpage.locator(tid("patrol-save")).click()
    expect(tpage.locator(tid("patrol-saved"))).to_contain_text("DEMO-ZX-00001-ZG01、DEMO-ZX-00001-ZG02")
    open_rows = tpage.locator(tid("violation-row"))
    expect(open_rows).to_have_count(2)
    debris = open_rows.filter(has_text="楼道堆放建筑垃圾")
    debris.locator(tid("follow-rectified")).click()
    field(debris, "follow-note").fill("已清理")
    debris.locator(tid("follow-confirm")).click()
    expect(open_rows).to_have_count(1)
    phone_and_desk(tpage, "renovation-patrol-followed")

    # Back at the centre: the violations show live; the pass comes back, the completion is asked.
    expect(page.locator(tid("violation-row"))).to_have_count(2)
    expect(page.locator(tid("violation-row")).filter(has_text="外墙开孔")).to_contain_text("待整改")
    page.locator(tid("pass-return")).click()
    expect(page.locator(tid("pass-counts"))).to_contain_text("已交回 1")
    page.locator(tid("completion-request")).click()
    expect(page.locator(tid("completion-status"))).to_have_text("待验收")
    expect(page.locator(tid("inspection"))).to_have_count(0)  # the clerk does not inspect

    # Engineering accepts with one deduction from the deposit for the unrectified façade, and sees the refund.
    expect(epage.locator(tid("inspection"))).to_be_visible()
    epage.locator(tid("deduction-add")).click()
    field(epage, "deduction-amount").fill("500")
    field(epage, "deduction-reason").fill("外墙开孔未整改")
    expect(epage.locator(tid("refund-preview"))).to_contain_text("¥1,500.00")
    both_sizes(epage, "renovation-inspection")
    epage.locator(tid("inspection-save")).click()
    expect(epage.locator(tid("app-status"))).to_have_text("已竣工")
    expect(epage.locator(tid("refund-amount"))).to_have_text("¥1,500.00")
    expect(epage.locator(tid("deduction-done"))).to_contain_text("DEMO-ZX-00001-ZG02")
    both_sizes(epage, "renovation-application")
    expect(page.locator(tid("refund-amount"))).to_have_text("¥1,500.00")  # renovation's refund event, live

    # The cross-service effect: billing credited and refunded the rest of the deposit on the unit's statement.
    statement = wait_for(lambda: cashier.get(f"{platform.url('billing')}/units/{UNIT}/statement", timeout=10).json(),
                         lambda s: any(line["kind"] == "refund" for line in s["lines"]))
    assert sorted((line["kind"], line["debit_fen"], line["credit_fen"]) for line in statement["lines"]) == [
        ("charge", 252000, 0), ("credit_note", 0, 150000), ("payment", 0, 252000), ("refund", 150000, 0)]

    # The list, by status tab.
    open_page(page, console, "/renovation")
    page.locator(tid("tab-completed")).click()
    expect(page.locator(tid("application-row"))).to_contain_text("周**")
    both_sizes(page, "renovation-list")

    # HQ's auditor reads every screen and is offered no control that writes.
    auditor = Desk(browser, console, make_person("reno.auditor", "审计钱", ["hq_auditor"], project=None))
    apage = auditor.page
    open_page(apage, console, "/renovation")
    expect(apage.locator(tid("read-only"))).to_be_visible()
    expect(apage.locator(tid("new-application"))).to_have_count(0)
    apage.locator(tid("application-row")).first.click()
    expect(apage.locator(tid("refund-amount"))).to_have_text("¥1,500.00")
    for control in ("review-pass", "pass-form", "follow-rectified", "completion-request", "inspection", "hot-ask"):
        expect(apage.locator(tid(control))).to_have_count(0)
    shot(apage, "renovation-read-only-1280.png")
    for person in (clerk, engineer, manager, tech, auditor):
        person.close()


def test_a_refused_application_shows_its_reason_and_is_corrected_and_resubmitted_from_the_page(
        platform, console, people, browser, password_session):
    today = datetime.now(ZONE).date()
    cs_api = password_session(people["cs_assistant"])
    filed = cs_api.post(f"{platform.url('renovation')}/applications", timeout=10, headers={"Idempotency-Key": str(uuid.uuid4())},
                        json={"unit_id": "1-2-202", "applicant": {"kind": "agent", "name": "周小明"}, "owner_name": "周建国",
                              "contractor": {"company": "美家装饰", "name": "赵工", "phone": "13700002222"},
                              "scope": {"items": ["painting"]}, "planned_start": today.isoformat(),
                              "planned_end": (today + timedelta(days=10)).isoformat(),
                              "working_hours": {"start": "09:00", "end": "17:00"}, "workers_planned": 1,
                              "attachments": [{"kind": kind, "ref": f"S-{kind}"} for kind in PAPERS]})
    assert filed.status_code == 201, filed.text
    clerk = Desk(browser, console, people["cs_assistant"])
    page = clerk.page
    open_page(page, console, f"/renovation/{filed.json()['id']}")
    expect(page.locator(tid("missing-paper"))).to_contain_text("授权委托书")  # an agent applies: the authorisation
    page.locator(tid("review-refuse")).click()
    field(page, "review-reason").fill("缺授权委托书")
    page.locator(tid("review-refuse")).click()
    expect(page.locator(tid("app-status"))).to_have_text("已退回")
    expect(page.locator(tid("returned"))).to_contain_text("客服资料审核")
    expect(page.locator(tid("returned"))).to_contain_text("缺授权委托书")
    both_sizes(page, "renovation-returned")
    page.locator(tid("resubmit")).click()
    expect(field(page, "app-company")).to_have_value("美家装饰")  # the form comes back filled in
    field(page, "paper-authorisation").fill("S-AUTH")
    page.locator(tid("application-save")).click()
    expect(page.locator(tid("app-status"))).to_have_text("待客服审核")
    expect(page.locator(tid("missing-paper"))).to_have_count(0)
    expect(page.locator(".reno-head .desk-muted")).to_have_text("第 2 轮")
    expect(page.locator(tid("review-row"))).to_have_count(2)  # the refusal and the resubmission stay in the history
    clerk.close()


def test_an_application_past_its_review_deadline_is_flagged_and_reaches_the_cs_supervisors_inbox(
        platform, console, people, browser, password_session, make_person):
    """renovation's worker finds the application past its completeness deadline and publishes
    renovation.review.overdue; notifications puts level 1 in the CS supervisor's inbox; the list, the application
    and the inbox show it. Time is moved, not waited for: the deadline is put an hour back in renovation's own
    database (the clock's hours and levels are unit-tested in renovation)."""
    supervisor = make_person("reno.cs.supervisor", "客服主管冯", ["cs_supervisor"])
    today = datetime.now(ZONE).date()
    cs_api = password_session(people["cs_assistant"])
    filed = cs_api.post(f"{platform.url('renovation')}/applications", timeout=10, headers={"Idempotency-Key": str(uuid.uuid4())},
                        json={"unit_id": "1-2-203", "applicant": {"kind": "owner", "name": "吴建华"},
                              "contractor": {"company": "美家装饰", "name": "赵工", "phone": "13700003333"},
                              "scope": {"items": ["painting"]}, "planned_start": today.isoformat(),
                              "planned_end": (today + timedelta(days=10)).isoformat(),
                              "working_hours": {"start": "09:00", "end": "17:00"}, "workers_planned": 1,
                              "attachments": [{"kind": kind, "ref": f"S-{kind}"} for kind in PAPERS]})
    assert filed.status_code == 201, filed.text
    app_id = filed.json()["id"]
    assert filed.json()["overdue"] is False and filed.json()["review_due_at"] is not None
    an_hour_ago = datetime.now(UTC) - timedelta(hours=1)
    renovation_db = MongoClient(platform.mongo_url)[f"{platform.db_prefix}_renovation"]
    moved = renovation_db.applications.update_one({"_id": app_id}, {"$set": {
        "review_due_at": an_hour_ago, "review_escalation_at": an_hour_ago}})
    assert moved.modified_count == 1

    boss_api = password_session(supervisor)
    inbox = wait_for(lambda: boss_api.get(f"{platform.url('notifications')}/inbox", timeout=10).json()["items"],
                     lambda items: any(i.get("application_id") == app_id for i in items), seconds=60)
    (item,) = [i for i in inbox if i.get("application_id") == app_id]
    assert (item["level"], item["deadline"], item["recipient_role"]) == (1, "renovation_completeness", "cs_supervisor")
    assert "1-2-203" in item["body"] and "客服资料审核" in item["body"]

    clerk = Desk(browser, console, people["cs_assistant"])
    page = clerk.page
    open_page(page, console, "/renovation")
    page.locator(tid("overdue-filter")).click()
    expect(page.locator(tid("application-row"))).to_have_count(1)
    expect(page.locator(tid("overdue"))).to_contain_text("审核超时")
    both_sizes(page, "renovation-overdue")
    page.locator(tid("application-row")).click()
    expect(page.locator(tid("app-overdue"))).to_contain_text("审核超时")
    clerk.close()

    boss = Desk(browser, console, supervisor)
    bpage = boss.page
    bpage.goto(console + "/inbox")
    row = bpage.locator("article", has_text="装修申请客服资料审核超时")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("督促本步骤审核人员尽快处理")
    both_sizes(bpage, "renovation-overdue-inbox")
    row.locator(tid("application-link")).click()
    expect(bpage.locator(tid("app-title"))).to_have_text("1-2-203")
    boss.close()

