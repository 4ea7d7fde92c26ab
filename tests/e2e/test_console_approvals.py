"""The approvals inbox 待审批 in a real browser (Playwright driving the system Chromium) against the whole platform
started as processes: a 600-yuan complaint's non-conformance record, which the project manager cannot approve, waits
for HQ's management representative, who approves it from the inbox; a 200-yuan one arrives live on the manager's
open inbox and is approved there; a customer notice refused without a reason is held back, then refused with one; an
HQ auditor sees every item with no decision offered and the server refuses the write anyway; another project's
manager sees none of it. Screenshots go to .run/screenshots (copied to docs/screenshots)."""
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from deploy.local import demo

from .test_console_desk import PHONE, Desk, both_sizes, tid


@pytest.fixture(scope="module")
def people(platform, credentials, console, hq_admin, make_person):
    identity = platform.url("identity")
    demo.create_units(identity, credentials["client"])
    assert hq_admin.post(identity + "/tenants", json={"name": "另一个项目", "code": "other"}).status_code == 201
    return {"clerk": make_person("ap.clerk", "李前台", ["cs_assistant"]),
            "pm": make_person("ap.pm", "王经理", ["project_manager"]),
            "other_pm": make_person("ap.opm", "赵经理", ["project_manager"], project="other"),
            "rep": make_person("ap.rep", "孙代表", ["hq_management_representative"], project=None),
            "auditor": make_person("ap.audit", "钱审计", ["hq_auditor"], project=None)}



class Person(Desk):
    """One person's browser on the approvals inbox; refusals are the HTTP statuses the test provoked on purpose."""

    def __init__(self, browser, url, person, project="demo", viewport=(1280, 800)):
        super().__init__(browser, url, person, viewport=viewport, project=project)
        self.page.goto(url + "/approvals")

    def card(self, kind, item_id):
        return self.page.locator(tid(f"approval-{kind}-{item_id}"))

    def close(self, refusals=()):
        """No error in the browser's log but the refused answers the test asked for (Chromium logs each one)."""
        refused = [e for e in self.errors if any(f"status of {status} (" in e for status in refusals)]
        assert len(refused) == len(refusals), self.errors
        assert [e for e in self.errors if e not in refused] == [], self.errors
        self.context.close()


def complaint_with_record(platform, session, loss_fen, unit_id, corrective_action="重新粉刷天花板"):
    ticketing = platform.url("ticketing")
    ticket = session.post(ticketing + "/tickets", json={"kind": "complaint", "title": "装修工人弄脏了天花板",
                                                        "unit_id": unit_id})
    assert ticket.status_code == 201, ticket.text
    tid_ = ticket.json()["id"]
    analysis = session.put(ticketing + f"/tickets/{tid_}/complaint/analysis", json={
        "cause": "staff_caused_loss", "outcome": "non_conformance", "loss_fen": loss_fen})
    assert analysis.status_code == 200, analysis.text
    record = session.post(ticketing + f"/tickets/{tid_}/complaint/non-conformance", json={
        "corrective_action": corrective_action, "corrective_deadline": (datetime.now(UTC) + timedelta(days=14)).isoformat()})
    assert record.status_code == 201, record.text
    return record.json()


def record_status(platform, session, record_id):
    answer = session.get(platform.url("ticketing") + f"/non-conformance/{record_id}")
    assert answer.status_code == 200, answer.text
    return answer.json()["status"]


def test_a_600_yuan_record_waits_for_hq_whose_representative_approves_it_and_a_200_yuan_one_arrives_live_for_the_manager(
        platform, console, people, browser, password_session):
    clerk = password_session(people["clerk"])
    big = complaint_with_record(platform, clerk, 60_000, "1-1-101")
    assert big["approver"] == "hq_management_representative"

    manager = Person(browser, console, people["pm"])
    page = manager.page
    waiting_for_hq = manager.card("non_conformance", big["id"])
    expect(waiting_for_hq).to_contain_text("须总部管理者代表审批")
    expect(waiting_for_hq).to_contain_text("¥600.00")
    expect(waiting_for_hq.locator(tid("approve"))).to_have_count(0)  # not the manager's to approve

    # A record within the threshold, opened while the manager's inbox is open: ticketing's event brings it in.
    small = complaint_with_record(platform, clerk, 20_000, "1-1-102")
    mine = manager.card("non_conformance", small["id"])
    expect(mine.locator(tid("approve"))).to_be_visible(timeout=15_000)
    expect(page.locator(tid("nav-count-approvals"))).to_have_text("1")
    both_sizes(page, "console-approvals")
    mine.locator(tid("approve")).click()
    expect(mine).to_have_count(0)
    assert record_status(platform, clerk, small["id"]) == "approved"
    expect(page.locator(tid("nav-count-approvals"))).to_have_count(0)

    # HQ's representative works signed in to another project: the record of demo is still theirs to approve.
    representative = Person(browser, console, people["rep"], project="other")
    hq_card = representative.card("non_conformance", big["id"])
    expect(hq_card).to_contain_text("项目 demo")
    both_sizes(representative.page, "console-approvals-hq")
    # 查看 opens demo's ticket, read through ticketing's /hq reads (demo's own read would be a 404 to a token of
    # another project): shown, with nothing to act on.
    hq_card.locator(tid("open")).click()
    ticket_page = representative.page
    expect(ticket_page.locator("h2")).to_contain_text("装修工人弄脏了天花板")
    expect(ticket_page.locator(tid("other-project"))).to_contain_text("项目 demo 的工单")
    expect(ticket_page.locator("[data-test^='action-']")).to_have_count(0)
    both_sizes(ticket_page, "console-ticket-hq-other-project")
    ticket_page.go_back()
    hq_card.locator(tid("approve")).click()
    expect(hq_card).to_have_count(0)
    assert record_status(platform, clerk, big["id"]) == "approved"
    manager.close()
    representative.close()


def test_a_notice_is_refused_only_with_a_reason_which_desk_keeps_for_its_author(platform, console, people, browser,
                                                                                 password_session):
    clerk = password_session(people["clerk"])
    desk = platform.url("desk")
    notice = clerk.post(desk + "/notices", json={"title": "停水通知", "body": "12月5日9:00至12:00停水，请提前储水。",
                                                 "category": "outage", "audience": "all"})
    assert notice.status_code == 201, notice.text
    notice_id = notice.json()["id"]
    assert clerk.post(desk + f"/notices/{notice_id}/submit", json={}).status_code == 200

    manager = Person(browser, console, people["pm"], viewport=PHONE)  # the manager, on a phone between meetings
    card = manager.card("notice", notice_id)
    expect(card).to_contain_text("停水通知")
    expect(card).to_contain_text("全体业户")
    card.locator(tid("refuse")).click()
    expect(card.locator(tid("refused"))).to_have_text("请填写理由")
    assert clerk.get(desk + f"/notices/{notice_id}").json()["status"] == "submitted"  # nothing was sent
    card.locator(tid("reason")).fill("请写明停水原因和联系电话")
    card.locator(tid("refuse")).click()
    expect(card).to_have_count(0)
    refused = clerk.get(desk + f"/notices/{notice_id}").json()
    assert refused["refusal_reason"] == "请写明停水原因和联系电话" and refused["status"] != "submitted"
    manager.close()


def test_an_hq_auditor_sees_the_inbox_read_only_and_another_projects_manager_sees_none_of_it(
        platform, console, people, browser, password_session):
    clerk = password_session(people["clerk"])
    record = complaint_with_record(platform, clerk, 80_000, "1-2-201")

    auditor = Person(browser, console, people["auditor"])
    card = auditor.card("non_conformance", record["id"])
    expect(card).to_contain_text("须总部管理者代表审批")
    expect(auditor.page.locator(tid("read-only"))).to_be_visible()
    expect(auditor.page.locator(f"{tid('approve')}, {tid('refuse')}")).to_have_count(0)
    # The server refuses the write anyway, whatever the page offers.
    answer = auditor.page.evaluate("""async (id) => {
        const me = await (await fetch('/api/me')).json()
        const r = await fetch(`/api/ticketing/non-conformance/${id}/approve?project=demo`,
                              {method: 'POST', headers: {'X-CSRF-Token': me.csrf_token}})
        return r.status
    }""", record["id"])
    assert answer == 403
    assert record_status(platform, clerk, record["id"]) == "awaiting_approval"
    auditor.close(refusals=(403,))

    outsider = Person(browser, console, people["other_pm"], project="other")
    expect(outsider.page.locator(tid("empty"))).to_be_visible()
    expect(outsider.page.locator("[data-test^=approval-]")).to_have_count(0)
    outsider.close()
