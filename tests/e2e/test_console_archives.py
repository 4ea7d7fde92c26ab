"""The archives 业户档案 in a real browser (Playwright driving the system Chromium) against the whole platform
started as processes: a CS administrator looks a unit up and sees its owner and residents as identity discloses
them, the ownership history, the checklist's missing documents and the key-customer mark, under the banner that
the view is logged; security asks to borrow the owner's name and ID number, the project manager approves it with a
note, and security then reads exactly that (the ID number masked, no phone, no print or export); the keeper's
export exists only once the manager approves an export, and its CSV holds exactly the approved fields; the manager sees
both reads in the access log and 校验链 verifies it, and names the first entry once one is changed in the database;
a person of another project finds the unit missing. Screenshots go to .run/screenshots (copied to docs/screenshots)."""
import re
import uuid

import pytest
from playwright.sync_api import expect
from pymongo import MongoClient

from deploy.local import demo

from .test_console_desk import PASSWORD, PHONE, Desk, both_sizes, tid
from .test_console_gate_cashier import bff, field

UNIT = "1-2-201"
FIRST_OWNER = {"since": "2020-05-01", "name": "陈建华", "gender": "male", "id_number": "440301197003035512",
               "phone": "13600001111"}
OWNER = {"since": "2025-03-01", "name": "王小明", "gender": "male", "id_number": "110101199001011234",
         "native_place": "湖南长沙", "phone": "13812341234", "address": "深圳市南山区海岸花园3栋1203", "floor_area": 98.5}
RESIDENTS = {"members": [{"name": "王小明", "id_number": "110101199001011234", "phone": "13812341234"},
                         {"name": "李娟", "id_number": "110101199202022345", "phone": "13900001111"}],
             "emergency_contact": {"name": "王大明", "phone": "13700002222", "address": "长沙市岳麓区1号"}}


@pytest.fixture(scope="module")
def people(platform, credentials, console):
    identity = platform.url("identity")
    demo.create_units(identity, credentials["client"])
    other = platform.bootstrap("other", "Other project")
    demo.create_units(identity, other["client"], {"9": {1: ["101"]}})
    make = lambda tenant, username, role, name: demo.create_person(  # noqa: E731
        identity, credentials["hq_admin"], tenant, username, name, [role], PASSWORD)
    return {"keeper": make("demo", "arch.wang", "cs_administrator", "王档案"),
            "guard": make("demo", "arch.wu", "security", "吴保安"),
            "manager": make("demo", "arch.liu", "project_manager", "刘经理"),
            "outsider": make("other", "arch.zhao", "cs_supervisor", "赵主管")}



@pytest.fixture(scope="module")
def archive(console, people, browser):
    """The unit's archive as the CS administrator records it: two owners (a transfer), residents, the move-in
    checklist partly handed in, the owner a member of the owners' committee."""
    keeper = Desk(browser, console, people["keeper"])
    page = keeper.page
    for owner in (FIRST_OWNER, OWNER):
        recorded = bff(page, "POST", f"/api/identity/units/{UNIT}/owner", owner, key=str(uuid.uuid4()))
        assert recorded["status"] == 201, recorded
    assert bff(page, "PUT", f"/api/identity/units/{UNIT}/residents", RESIDENTS)["status"] == 201
    handed = bff(page, "POST", f"/api/identity/units/{UNIT}/checklists/move_in",
                 {"received": [f"MI-{n:02d}" for n in range(1, 8)]})
    assert handed["status"] == 200, handed
    customer = bff(page, "POST", "/api/identity/customers", {"unit_id": UNIT, "name": "王小明",
                                                              "classes": ["owners_committee"]}, key=str(uuid.uuid4()))
    assert customer["status"] == 201, customer
    keeper.close()
    return recorded["body"]


def unit(scope, name, value):
    """The unit field's type-ahead: typed, then its list closed so it does not cover the button beside it."""
    box = field(scope, name)
    box.fill(value)
    box.press("Escape")


def close(desk, *statuses):
    """No error in the browser's log but the refused answers the test expects (Chromium logs each one)."""
    expected = [e for e in desk.errors if any(e.endswith(f"status of {s}") for s in statuses)]
    assert [e for e in desk.errors if e not in expected] == [], desk.errors
    desk.context.close()


def test_a_keeper_sees_the_units_owner_residents_history_missing_documents_and_key_mark(console, people, browser,
                                                                                       archive):
    keeper = Desk(browser, console, people["keeper"])
    page = keeper.page
    page.locator("nav.links").get_by_text("业户档案").click()
    expect(page).to_have_url(f"{console}/archives/unit")
    expect(page.locator(tid("archives-tab-log"))).to_have_count(0)  # the log is for the manager and HQ
    expect(page.locator(tid("logged-banner"))).to_have_count(0)  # nothing personal shown yet
    unit(page, "archive-unit", UNIT)
    page.locator(tid("archive-find")).click()
    owner = page.locator(tid("archive-owner"))
    expect(owner.locator(tid("field-name"))).to_have_text("王小明")
    expect(owner.locator(tid("field-id_number"))).to_have_text("110101199001011234")  # a keeper reads it in full
    expect(page.locator(tid("logged-banner"))).to_contain_text("本页查看已记录")
    expect(page.locator(tid("archive-residents"))).to_contain_text("李娟")
    history = page.locator(tid("archive-history"))
    expect(history).to_contain_text("2020-05-01")
    expect(history).to_contain_text("现业主")
    move_in = page.locator(tid("checklist-row")).filter(has_text="入伙资料")
    expect(move_in.locator(tid("checklist-missing"))).to_contain_text("遗留项目整改记录表")
    expect(move_in).to_contain_text("缺少 3")
    expect(page.locator(tid("key-class"))).to_have_text("业委会成员/社团负责人")
    both_sizes(page, "console-archives-unit")
    close(keeper)


def test_securitys_borrowing_request_approved_by_the_manager_opens_exactly_what_it_names(console, people, browser,
                                                                                         archive):
    guard = Desk(browser, console, people["guard"])
    page = guard.page
    page.goto(f"{console}/archives")
    expect(page).to_have_url(f"{console}/archives/borrowing")
    expect(page.locator(tid("archives-tab-unit"))).to_have_count(0)
    before = page.request.get(f"{console}/api/identity/units/{UNIT}/owner?purpose=customer_service&fields=name")
    assert before.status == 403  # no approval yet, and the refusal is logged too
    expect(page.locator(tid("request-field-phone"))).to_have_count(0)  # security is never offered a phone
    for name in ("name", "id_number", "unit"):
        page.locator(tid(f"request-field-{name}")).click()
    field(page, "request-reason").fill("核对自称业主的来访人身份")
    page.locator(tid("request-submit")).click()
    expect(page.locator(tid("request-submitted"))).to_be_visible()
    expect(page.locator(tid("request-row")).first).to_have_attribute("data-status", "pending")
    expect(page.locator(tid("use-approval"))).to_have_count(0)  # pending opens nothing

    manager = Desk(browser, console, people["manager"])
    mpage = manager.page
    mpage.goto(f"{console}/archives/borrowing")
    row = mpage.locator(tid("request-row")).filter(has_text="吴保安")
    expect(row).to_contain_text("核对自称业主的来访人身份")
    row.locator(tid("reject")).click()
    expect(row.locator(tid("decision-error"))).to_contain_text("请写明原因")  # a refusal needs a reason
    field(row, "decision-note").fill("同意，限一天，仅核对身份")
    row.locator(tid("approve")).click()
    expect(row).to_have_attribute("data-status", "approved")
    expect(row.locator(tid("request-decision"))).to_contain_text("刘经理")
    both_sizes(mpage, "console-archives-approve")
    close(manager)

    page.reload()
    mine = page.locator(tid("request-row")).first
    expect(mine).to_have_attribute("data-status", "approved")
    expect(mine.locator(tid("use-print"))).to_have_count(0)  # a borrowing approval neither prints nor exports
    expect(mine.locator(tid("use-export"))).to_have_count(0)
    unit(mine, "use-unit", UNIT)
    mine.locator(tid("use-read")).click()
    borrowed = page.locator(tid("borrowed"))
    expect(borrowed.locator(tid("field-name"))).to_have_text("王小明")
    expect(borrowed.locator(tid("field-id_number"))).to_contain_text("110***********1234")
    expect(borrowed.locator(tid("field-id_number"))).to_contain_text("已遮蔽")
    expect(borrowed.locator(tid("logged-banner"))).to_contain_text("本页查看已记录")
    assert "13812341234" not in page.content() and "110101199001011234" not in page.content()
    both_sizes(page, "console-archives-borrowing")

    # Through the console the read still takes only what the approval names: a phone asked for stays hidden.
    extra = page.request.get(f"{console}/api/identity/units/{UNIT}/owner?purpose=customer_service"
                             "&fields=name&fields=id_number&fields=phone").json()
    assert extra["record"] == {"name": "王小明", "id_number": "110***********1234"}
    assert extra["hidden_fields"] == ["phone"] and extra["approval_id"] == mine.get_attribute("data-id")
    close(guard)


def test_an_export_exists_only_under_an_export_approval_and_gives_exactly_its_fields(console, people, browser,
                                                                                   archive):
    keeper = Desk(browser, console, people["keeper"])
    page = keeper.page
    page.goto(f"{console}/archives/borrowing")
    expect(page.locator(tid("use-export"))).to_have_count(0)  # a keeper reads, but exports nothing unapproved
    refused = page.request.get(f"{console}/api/identity/units/{UNIT}/owner?purpose=export&fields=name")
    assert refused.status == 403
    page.locator(tid("request-purpose")).click()
    page.get_by_role("option", name="拷贝导出").click()
    for name in ("unit", "name"):
        page.locator(tid(f"request-field-{name}")).click()
    field(page, "request-reason").fill("业委会换届：核对业主名册")
    page.locator(tid("request-submit")).click()
    expect(page.locator(tid("request-submitted"))).to_be_visible()

    manager = Desk(browser, console, people["manager"])
    manager.page.goto(f"{console}/archives/borrowing")
    row = manager.page.locator(tid("request-row")).filter(has_text="业委会换届")
    row.locator(tid("approve")).click()
    expect(row).to_have_attribute("data-status", "approved")
    close(manager)

    page.reload()
    mine = page.locator(tid("request-row")).filter(has_text="业委会换届")
    expect(mine.locator(tid("use-read"))).to_have_count(0)  # an export approval is for the export, not a read
    unit(mine, "use-unit", UNIT)
    with page.expect_download() as download:
        mine.locator(tid("use-export")).click()
    csv = open(download.value.path(), encoding="utf-8-sig").read()
    assert csv.splitlines() == ["字段,内容", f"房号,{UNIT}", "姓名,王小明"]
    expect(page.locator(tid("borrowed")).locator(tid("logged-banner"))).to_contain_text("本页查看已记录")
    close(keeper)


def test_the_manager_sees_the_reads_in_the_access_log_and_the_chain_check_names_a_changed_entry(
        platform, console, people, browser, archive):
    manager = Desk(browser, console, people["manager"])
    page = manager.page
    page.goto(f"{console}/archives/log")
    rows = page.locator(tid("log-row"))
    guard_rows = rows.filter(has_text="吴保安")
    expect(guard_rows.filter(has_text="允许").first).to_contain_text("apr_")  # read under the approval
    expect(guard_rows.filter(has_text="拒绝").first).to_be_visible()  # the read before it, refused
    page.locator(tid("verify-chain")).click()
    verdict = page.locator(tid("chain-verdict"))
    expect(verdict).to_have_attribute("data-ok", "true")
    expect(verdict).to_contain_text("校验通过")
    both_sizes(page, "console-archives-log")

    log = MongoClient(platform.mongo_url)[f"{platform.db_prefix}_identity"]["access_log"]
    entry = log.find_one({"tenant_id": "demo", "allowed": False}, sort=[("seq", 1)])
    log.update_one({"_id": entry["_id"]}, {"$set": {"allowed": True}})  # someone hides a refusal
    try:
        page.locator(tid("verify-chain")).click()
        expect(verdict).to_have_attribute("data-ok", "false")
        expect(verdict).to_contain_text(f"第 {entry['seq']} 条")
        expect(verdict).to_contain_text("内容与哈希不符")
        expect(page.locator(f'{tid("log-row")}[data-seq="{entry["seq"]}"]')).to_have_class(re.compile("first-bad"))
        both_sizes(page, "console-archives-log-broken")
    finally:
        log.update_one({"_id": entry["_id"]}, {"$set": {"allowed": False}})
    page.locator(tid("verify-chain")).click()
    expect(verdict).to_have_attribute("data-ok", "true")
    close(manager)


def test_a_person_of_another_project_finds_this_projects_unit_missing(console, people, browser, archive):
    outsider = Desk(browser, console, people["outsider"], viewport=PHONE)
    page = outsider.page
    page.goto(f"{console}/archives/unit")
    unit(page, "archive-unit", UNIT)
    page.locator(tid("archive-find")).click()
    expect(page.locator(tid("archive-problem"))).to_have_text("没有找到该房屋")
    expect(page.locator(tid("archive-owner"))).to_have_count(0)
    assert "王小明" not in page.content()
    mine = page.request.get(f"{console}/api/identity/units/{UNIT}/owner?purpose=customer_service")
    missing = page.request.get(f"{console}/api/identity/units/8-8-808/owner?purpose=customer_service")
    assert mine.status == missing.status == 404 and mine.json() == missing.json()  # the same 404 as no such unit
    owner = page.request.get(f"{console}/api/identity/owner-archives/{archive['owner_id']}?purpose=customer_service")
    assert owner.status == 404
    log = page.request.get(f"{console}/api/identity/access-log")
    assert log.status == 403  # a CS supervisor reads no log, of any project
    close(outsider, "404 (NOT FOUND)")
