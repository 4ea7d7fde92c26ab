"""The HQ dashboard 总部看板 in a real browser (Playwright driving the system Chromium) against the whole platform
started as processes: HQ's general manager compares two projects side by side (ticketing's months from its
roll-up, billing's revenue), drills down from a project to its tickets, and exports that table to XLSX as a
background job whose progress arrives over the event stream — the file, read back with openpyxl, has the table's
rows. A project's person has no dashboard: no nav entry, and ticketing and the console refuse the reads and the
export. Screenshots go to .run/screenshots (copied to docs/screenshots)."""
import time
import uuid

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from .test_console_desk import Desk, both_sizes, tid


@pytest.fixture(scope="module")
def people(platform, credentials, console, hq_admin, make_person):
    identity = platform.url("identity")
    assert hq_admin.post(identity + "/tenants", json={"name": "东区项目", "code": "east"}).status_code == 201
    return {"clerk": make_person("hd.clerk", "李前台", ["cs_assistant"]),
            "east_clerk": make_person("hd.eclerk", "周前台", ["cs_assistant"], project="east"),
            "cashier": make_person("hd.cash", "孙收银", ["finance_clerk"]),
            "east_cashier": make_person("hd.ecash", "郑收银", ["finance_clerk"], project="east"),
            "gm": make_person("hd.gm", "吴总", ["hq_general_manager"], project=None)}


@pytest.fixture(scope="module")
def tickets(platform, people, password_session):
    """Tickets taken in each project through ticketing, as each project's CS assistant."""
    made = {"demo": [], "east": []}
    plan = {"clerk": ("demo", ["complaint", "complaint", "inquiry", "inquiry", "inquiry", "complaint"]),
            "east_clerk": ("east", ["inquiry", "complaint", "inquiry"])}
    for who, (project, kinds) in plan.items():
        session = password_session(people[who])
        for number, kind in enumerate(kinds):
            answer = session.post(platform.url("ticketing") + "/tickets", json={
                "kind": kind, "title": f"{project} 第{number + 1}件：楼道灯不亮", "caller_name": "陈先生",
                "callback_phone": "13812345678"})
            assert answer.status_code == 201, answer.text
            made[project].append(answer.json()["id"])
            if kind == "inquiry" and number % 2 == 0:  # answered and resolved: time to resolve, SLA decided
                for action, body in [("respond", {"note": "电话答复"}), ("resolve", {"result": "已告知"})]:
                    moved = session.post(f"{platform.url('ticketing')}/tickets/{answer.json()['id']}/actions/{action}",
                                         json=body)
                    assert moved.status_code == 200, moved.text
    # Revenue in billing: a paid service charged in each project.
    billing = platform.url("billing")
    for who, fen in [("cashier", 8800), ("east_cashier", 2500)]:
        session = password_session(people[who])
        assert session.post(billing + "/catalogue/seed").status_code in (200, 201)
        assert session.put(billing + "/catalogue/items/PAID-58/price", json={"price_fen": fen, "unit": "元/次"}).ok
        charged = session.post(billing + "/charges", json={"unit_id": "1-2-203", "lines": [
            {"catalogue_code": "PAID-58", "quantity": 1}]}, headers={"Idempotency-Key": str(uuid.uuid4())})
        assert charged.status_code == 201, charged.text
    return made


def test_hq_compares_two_projects_drills_down_and_exports_the_table_it_sees(console, people, tickets, browser,
                                                                          tmp_path):
    gm = Desk(browser, console, people["gm"], project="demo")
    page = gm.page
    page.locator("nav.links a", has_text="总部看板").click()
    expect(page.locator(tid("hq-dashboard"))).to_be_visible()
    # Both projects side by side: the comparison table from the month roll-up, and a drawn chart per figure.
    expect(page.locator(tid("volume-demo"))).to_have_text("6")
    expect(page.locator(tid("volume-east"))).to_have_text("3")
    for metric in ["volume", "sla", "resolve", "repeat", "satisfaction", "revenue"]:
        expect(page.locator(tid(f"chart-{metric}") + " canvas").first).to_be_visible()
    expect(page.locator(tid("hq-figures"))).to_contain_text("投诉")
    expect(page.locator(tid("hq-compare"))).to_contain_text("¥88.00")
    expect(page.locator(tid("hq-compare"))).to_contain_text("¥25.00")
    expect(page.locator(tid("hq-revenue"))).to_contain_text("east")

    page.locator(tid("drill-demo")).click()
    table = page.locator(tid("hq-tickets"))
    expect(table).to_contain_text("demo 的工单")
    expect(page.locator(tid("drill-total"))).to_have_text("共 6 条")
    shown = table.locator("[data-test^=ticket-]")
    expect(shown).to_have_count(6)
    ids = {link.get_attribute("data-test").removeprefix("ticket-") for link in shown.all()}
    assert ids == set(tickets["demo"])  # only demo's, none of east's
    expect(table).to_contain_text("138****5678")  # masked as in every list
    both_sizes(page, "console-hq-dashboard")
    page.set_viewport_size({"width": 375, "height": 812})  # a phone: nothing sticks out sideways
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.set_viewport_size({"width": 1280, "height": 800})

    # The export: a job; its progress and its end come over the event stream; the file is the person's. Its answer
    # is held back a second and a half, so the job's last event arrives before it (CI's loaded machine did this by
    # itself, and the button showed "running" for a job long done).
    def late_answer(route):
        answer = route.fetch()
        time.sleep(1.5)
        route.fulfill(response=answer)

    page.route("**/api/exports", late_answer)
    page.locator(tid("export-button-tickets")).click()
    expect(page.locator(tid("export-done-tickets"))).to_contain_text("已导出 6 行", timeout=15_000)  # a background job
    page.unroute("**/api/exports")
    with page.expect_download() as download:
        page.locator(tid("export-download-tickets")).click()
    path = tmp_path / "tickets.xlsx"
    download.value.save_as(path)
    sheet = load_workbook(path, read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("项目", "工单号", "受理时间", "类别", "标题", "状态")
    assert {row[1] for row in rows[1:]} == ids and {row[0] for row in rows[1:]} == {"demo"}
    assert len(rows) == 1 + 6
    titles = {row[4] for row in rows[1:]}
    for title in titles:
        expect(table).to_contain_text(title)

    # Narrowed to one kind: the table and its export follow the same filter.
    page.locator(tid("drill-kind")).click()
    page.get_by_role("option", name="投诉").click()
    expect(page.locator(tid("drill-total"))).to_have_text("共 3 条")
    export_url = page.locator(tid("export-download-tickets")).get_attribute("href")
    gm.close()

    # Nobody else downloads it, not even another HQ person's browser without the person's session.
    clerk = Desk(browser, console, people["clerk"])
    assert clerk.page.request.get(console + export_url).status == 404
    clerk.context.close()


def test_a_project_person_has_no_dashboard_and_the_server_refuses_it(console, people, tickets, browser, platform,
                                                                     password_session):
    clerk = Desk(browser, console, people["clerk"])
    page = clerk.page
    expect(page.locator("nav.links")).not_to_contain_text("总部看板")
    session = password_session(people["clerk"])
    ticketing = platform.url("ticketing")
    assert session.get(ticketing + "/hq/reports/months", params={"from": "2026-01", "to": "2026-12"}).status_code == 403
    assert session.get(ticketing + "/hq/tickets").status_code == 403
    assert session.get(platform.url("billing") + "/hq/revenue").status_code == 403
    refused = page.evaluate("""async () => {
        const me = await (await fetch('/api/me')).json()
        const answer = await fetch('/api/exports', {method: 'POST', headers: {'Content-Type': 'application/json',
            'X-CSRF-Token': me.csrf_token}, body: JSON.stringify({table: 'tickets', params: {}})})
        return answer.status
    }""")
    assert refused == 403
    # Typed in by hand, the page shows ticketing's refusal and no project's figures.
    page.goto(console + "/hq")
    expect(page.locator(tid("hq-error"))).to_contain_text("总部看板只对总部角色开放")
    expect(page.locator(tid("hq-compare"))).to_have_count(0)
    clerk.context.close()
