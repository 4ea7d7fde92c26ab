"""The desk's back office in a real browser (Playwright driving the system Chromium) against the whole platform
started as processes: a notice drafted by a clerk, approved by the project manager (the clerk has no approve
button) after sending it back once with a reason the clerk reads and acts on, published to one building and its
printable PDF opened (its text read back with pypdf); a survey
campaign started by the manager and a paper answer entered at the desk by the clerk, showing in the month's
results; the daily and weekly reports as tables equal to desk's figures; a standard answer written and published
by the CS supervisor and then found by the clerk's search; a company answer written and published by HQ's
representative, used by the project's search and not offered to its editors. The notice's lists follow the other desk's decisions
live (no reload). Screenshots of every new tab at 1280 and 375 px go to
.run/screenshots (copied to docs/screenshots)."""
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from deploy.local import demo

from .test_console_desk import PASSWORD, Desk, both_sizes, desk_api, tid  # noqa: F401  (desk_api is a fixture)

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(scope="module")
def people(platform, credentials, console):
    identity = platform.url("identity")
    demo.create_units(identity, credentials["client"])  # buildings 1 and 2, desk hears of their units
    make = lambda username, role, name: demo.create_person(  # noqa: E731
        identity, credentials["hq_admin"], "demo", username, name, [role], PASSWORD)
    return {"clerk": make("office.li", "cs_assistant", "李文员"), "manager": make("office.pm", "project_manager", "王经理"),
            "supervisor": make("office.sup", "cs_supervisor", "陈主管")}


def test_a_notice_drafted_by_a_clerk_is_approved_by_the_manager_published_to_one_building_and_printed(
        console, people, browser, desk_api):  # noqa: F811
    clerk = Desk(browser, console, people["clerk"])
    clerk.open("notices")
    page = clerk.page
    page.locator(tid("notice-title")).fill("1栋停水通知")
    page.locator(tid("notice-body")).fill("因二次供水设备检修，1栋将于本周五9:00–17:00停水，请提前储水。")
    page.locator(tid("audience-buildings")).click()
    page.locator(tid("notice-save")).click()
    expect(page.get_by_text("请至少选择一栋楼")).to_be_visible()  # named before anything is sent
    assert desk_api("GET", "/notices").json()["total"] == 0
    page.locator(tid("notice-buildings")).click()
    page.get_by_role("option", name="1栋").click()
    page.keyboard.press("Escape")
    page.locator(tid("notice-save")).click()
    expect(page.locator(tid("notice-list"))).to_contain_text("1栋停水通知")  # saved: the list reloaded with it
    (stored,) = desk_api("GET", "/notices").json()["items"]
    assert (stored["status"], stored["audience"], stored["buildings"]) == ("draft", "buildings", ["1"])
    row = page.locator(tid("notice-" + stored["id"]))
    expect(row).to_have_attribute("data-status", "draft")
    expect(row).to_contain_text("1 栋")
    row.locator(tid("submit-" + stored["id"])).click()
    expect(row).to_have_attribute("data-status", "submitted")
    expect(row.locator(tid("approve-" + stored["id"]))).to_have_count(0)  # a clerk does not approve

    manager = Desk(browser, console, people["manager"])
    manager.open("notices")
    mine = manager.page.locator(tid("notice-" + stored["id"]))
    expect(mine.locator(tid("notice-status"))).to_have_text("待审批")
    # Sent back first, with the reason the clerk reads on the draft.
    mine.locator(tid("refuse-" + stored["id"])).click()
    mine.locator(tid("decision-confirm")).click()
    expect(mine).to_contain_text("必填")  # no reason, nothing sent
    mine.locator(tid("refuse-reason")).fill("请写明咨询电话")
    mine.locator(tid("decision-confirm")).click()
    expect(mine).to_have_attribute("data-status", "draft")
    # No reload on either side from here: each desk's list follows the other's decisions live.
    expect(row.locator(tid("refusal-reason"))).to_have_text("退回原因：请写明咨询电话")
    row.locator(tid("edit-" + stored["id"])).click()
    expect(page.locator(tid("notice-title"))).to_have_value("1栋停水通知")
    page.locator(tid("notice-body")).press("End")
    page.locator(tid("notice-body")).press_sequentially("\n咨询电话：8888 6666")
    page.locator(tid("notice-save")).click()
    expect(row).to_contain_text("咨询电话：8888 6666")
    assert desk_api("GET", f"/notices/{stored['id']}").json()["body"].endswith("咨询电话：8888 6666")
    row.locator(tid("submit-" + stored["id"])).click()
    expect(row).to_have_attribute("data-status", "submitted")

    expect(mine).to_have_attribute("data-status", "submitted")
    mine.locator(tid("approve-" + stored["id"])).click()
    expect(mine.locator(tid("approver-name"))).to_have_value("王经理")  # printed as 审批人
    mine.locator(tid("decision-confirm")).click()
    expect(mine).to_have_attribute("data-status", "approved")
    assert desk_api("GET", f"/notices/{stored['id']}").json()["approver_name"] == "王经理"
    manager.close()

    expect(row).to_have_attribute("data-status", "approved")
    row.locator(tid("publish-" + stored["id"])).click()
    expect(row).to_have_attribute("data-status", "published")
    published = desk_api("GET", f"/notices/{stored['id']}").json()
    assert (published["status"], published["buildings"]) == ("published", ["1"])
    counts = published["counts"]
    expect(row.locator(tid("notice-counts"))).to_contain_text(
        f"送达 {counts['sent'] + counts['delivered']}/{counts['households']} 户")

    # 打印版 PDF: a new tab on the BFF's address; the document is desk's, with the title and the approver.
    link = row.locator(tid("pdf-" + stored["id"]))
    with page.expect_popup() as opened:
        link.click()
    pdf_url = console + link.get_attribute("href")
    assert opened.value.url == pdf_url
    printed = page.request.get(pdf_url)
    assert printed.ok and printed.headers["content-type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(printed.body())).pages)
    assert "1栋停水通知" in text and "王经理" in text, text
    opened.value.close()
    both_sizes(page, "console-desk-notices")
    clerk.close()


def test_a_survey_campaign_is_started_and_an_answer_entered_at_the_desk_shows_in_the_months_results(
        console, people, browser, desk_api):  # noqa: F811
    manager = Desk(browser, console, people["manager"])
    manager.open("surveys")
    page = manager.page
    month = datetime.now(SHANGHAI).strftime("%Y-%m")
    expect(page.locator(tid("campaign-name"))).to_have_value(f"{month} 顾客满意度调查")
    page.locator(tid("campaign-percent") + " input").fill("100")
    for category in ("parking", "facilities", "landscaping"):  # four of the seven asked
        page.locator(tid("category-" + category)).click()
    page.locator(tid("campaign-create")).click()
    expect(page.locator(tid("households"))).to_be_visible()
    (campaign,) = desk_api("GET", "/survey-campaigns").json()["items"]
    assert (campaign["period"], campaign["sample_ratio"], campaign["sampled"]) == (month, "1", 7)
    assert campaign["categories"] == ["customer_service", "maintenance", "cleaning", "security"]

    clerk = Desk(browser, console, people["clerk"])
    clerk.open("surveys")
    page = clerk.page
    expect(page.locator(tid("campaign-form"))).to_have_count(0)  # a clerk enters answers, starts no campaign
    page.locator(tid("households-" + campaign["id"])).click()
    household = page.locator(tid("household-1-1-101"))
    household.locator(tid("enter-1-1-101")).click()
    for category, score in (("customer_service", 5), ("maintenance", 4), ("cleaning", 3)):
        household.locator(tid(f"score-{category}-{score}")).click()
    household.locator(tid("answer-save")).click()
    expect(household.locator(tid("answer-error"))).to_contain_text("请为每一项评分：秩序维护/安保")
    household.locator(tid("score-security-4")).click()
    household.locator(tid("answer-comment")).fill("保安巡逻很及时")
    household.locator(tid("answer-save")).click()
    expect(household.locator(tid("household-answered"))).to_have_text("前台录入")
    expect(page.locator(tid("campaign-" + campaign["id"]) + " " + tid("campaign-answered"))).to_have_text("已答 1 户")
    # The manager's screen, left open, counts the answer entered at the clerk's desk without a reload.
    expect(manager.page.locator(tid("campaign-" + campaign["id"]) + " " + tid("campaign-answered"))).to_have_text(
        "已答 1 户")
    manager.close()

    results = page.locator(tid("survey-results"))
    expect(results.locator(tid("mean-customer_service"))).to_have_text("5.00")
    expect(results.locator(tid("mean-security"))).to_have_text("4.00")
    expect(results.locator(tid("results-line"))).to_contain_text("已答 1 户（链接 0，前台 1）")
    stored = desk_api("GET", "/survey-results", params={"period": month}).json()
    assert (stored["answered_at_desk"], stored["sampled"]) == (1, 7)
    assert {c["category"]: c["mean"] for c in stored["categories"]}["cleaning"] == 3
    both_sizes(page, "console-desk-surveys")

    # Today's report counts what the desk received: a parcel and a phone message, both still open.
    received = desk_api("POST", "/parcels", headers={"Idempotency-Key": "office-parcel"}, json={
        "kind": "parcel", "carrier": "京东", "unit_id": "1-1-102", "recipient_name": "刘女士", "shelf": "A"})
    assert received.status_code == 201, received.text
    taken = desk_api("POST", "/phone-messages", headers={"Idempotency-Key": "office-message"}, json={
        "caller_name": "黄先生", "matter": "请客服中心回电", "for_department": "customer_service"})
    assert taken.status_code == 201, taken.text
    clerk.open("reports")
    report = page.locator(tid("report"))
    today = datetime.now(SHANGHAI).date().isoformat()
    daily = desk_api("GET", "/reports/daily", params={"day": today}).json()
    assert (daily["came_in"]["parcels"], daily["still_open"]["parcels_waiting"], daily["came_in"]["phone_messages"]) \
        == (1, 1, 1)
    expect(report).to_contain_text("日报 " + today)
    for section in ("came_in", "still_open", "handed_over"):
        for name, value in daily[section].items():
            if isinstance(value, int):
                expect(report.locator(tid(f"report-{section}-{name}") + " td.n")).to_have_text(str(value))
    expect(report.locator(tid("report-came_in-parcels"))).to_contain_text("其中：包裹 1")
    both_sizes(page, "console-desk-reports")
    page.locator(tid("report-weekly")).click()
    week = datetime.now(SHANGHAI).strftime("%G-W%V")
    expect(report).to_contain_text("周报 " + week)
    weekly = desk_api("GET", "/reports/weekly", params={"week": week}).json()
    expect(report.locator(tid("report-came_in-tickets") + " td.n")).to_have_text(str(weekly["came_in"]["tickets"]))
    clerk.close()


def write_answer(editor, scope, title, topic, answer, questions, keywords):
    """A new standard answer typed into one of the upkeep cards (the project's or the company's) and saved."""
    editor.locator(tid("kb-new-" + scope)).click()
    editor.locator(tid("kb-title")).fill(title)
    editor.locator(tid("kb-topic")).click()
    editor.page.get_by_role("option", name=topic).click()
    editor.locator(tid("kb-answer")).fill(answer)
    editor.locator(tid("kb-questions")).fill(questions)
    editor.locator(tid("kb-keywords")).fill(keywords)
    editor.locator(tid("kb-save")).click()


def test_a_standard_answer_written_by_the_supervisor_is_found_by_the_clerks_search(
        console, people, browser, desk_api):  # noqa: F811
    supervisor = Desk(browser, console, people["supervisor"])
    supervisor.open("answers")
    page = supervisor.page
    editor = page.locator(tid("kb-project"))
    write_answer(editor, "project", "装修施工时间规定", "装修",
                 "装修施工时间为工作日8:00–12:00、14:00–18:00，周末及节假日不得进行噪音施工。",
                 "周末可以装修吗\n装修几点可以开工", "装修，噪音")
    expect(editor.locator(tid("kb-form"))).to_have_count(0)
    (stored,) = desk_api("GET", "/answers", params={"status": "draft"}).json()["items"]
    assert (stored["topic"], stored["questions"], stored["keywords"]) == ("renovation", ["周末可以装修吗", "装修几点可以开工"],
                                                                          ["装修", "噪音"])
    row = editor.locator(tid("kb-" + stored["id"]))
    expect(row).to_have_attribute("data-status", "draft")
    row.locator(tid("kb-publish-" + stored["id"])).click()
    expect(row).to_have_attribute("data-status", "published")
    published = desk_api("GET", f"/answers/{stored['id']}").json()
    expect(row).to_contain_text(f"第 {published['version']} 版")
    row.locator(tid("kb-edit-" + stored["id"])).click()  # changed on the version read: still published, one on
    editor.locator(tid("kb-answer")).fill(
        "装修施工时间为工作日8:00–12:00、14:00–18:00；周末及法定节假日不得进行噪音施工，如有疑问请致电客服中心。")
    editor.locator(tid("kb-save")).click()
    expect(row).to_contain_text(f"第 {published['version'] + 1} 版")
    edited = desk_api("GET", f"/answers/{stored['id']}").json()
    assert (edited["status"], edited["version"]) == ("published", published["version"] + 1)
    assert "如有疑问请致电客服中心" in edited["answer"]
    both_sizes(page, "console-desk-answers-edit")
    supervisor.close()

    clerk = Desk(browser, console, people["clerk"])
    clerk.open("answers")
    page = clerk.page
    expect(page.locator(tid("kb-new-project"))).to_have_count(0)  # clerks read and use the answers, word none
    page.locator(tid("answers-q")).fill("周末能装修吗")
    found = page.locator(tid("answer-" + stored["id"]))
    expect(found).to_contain_text("装修施工时间规定")
    expect(found).to_contain_text("如有疑问请致电客服中心")
    clerk.close()


def test_a_company_answer_written_by_hq_is_used_by_the_project_which_cannot_change_it(
        console, people, browser, desk_api, make_person):  # noqa: F811
    representative = make_person("office.hqrep", "孙代表", ["hq_management_representative"], project=None)
    hq = Desk(browser, console, representative)
    hq.open("answers")
    page = hq.page
    company = page.locator(tid("kb-company"))
    write_answer(company, "company", "物业费收费标准答复", "收费",
                 "物业费按政府指导价及物业服务合同约定的标准收取，收费明细可在客服中心查阅。",
                 "物业费怎么算的\n物业费为什么这么贵", "物业费，收费标准")
    expect(company.locator(tid("kb-form"))).to_have_count(0)
    row = company.locator("[data-status='draft']").filter(has_text="物业费收费标准答复")
    expect(row).to_have_count(1)
    answer_id = row.get_attribute("data-test").removeprefix("kb-")
    row = company.locator(tid("kb-" + answer_id))
    assert desk_api("GET", f"/answers/{answer_id}").status_code == 404  # HQ's draft: no project sees it yet
    row.locator(tid("kb-publish-" + answer_id)).click()
    expect(row).to_have_attribute("data-status", "published")
    both_sizes(page, "console-desk-answers-company")
    hq.close()

    published = desk_api("GET", f"/answers/{answer_id}").json()  # the project reads the company's answer
    assert (published["scope"], published["status"], published["topic"]) == ("company", "published", "fees")
    supervisor = Desk(browser, console, people["supervisor"])  # edits the project's answers, not the company's
    supervisor.open("answers")
    page = supervisor.page
    expect(page.locator(tid("kb-company"))).to_have_count(0)
    page.locator(tid("answers-q")).fill("物业费为什么这么贵")
    found = page.locator(tid("answer-" + answer_id))
    expect(found).to_contain_text("物业费收费标准答复")
    expect(found).to_contain_text("公司")
    expect(page.locator(tid("kb-project") + " " + tid("kb-" + answer_id))).to_have_count(0)
    supervisor.close()
