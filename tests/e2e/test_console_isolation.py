"""One project's data never shows on another project's screens, in a real browser against the whole platform: the demo
project records a ticket, a phone message, a customer notice and a non-conformance record, each carrying a marker
text; the demo manager sees the marker on the board, the desk and the approvals inbox (so the walk can see it), and
another project's person holding every office role walks every screen and tab of their nav without it ever
appearing; the demo ticket's own page answers them as a missing one does."""
import pytest

from .test_console_approvals import complaint_with_record
from .test_console_desk import Desk
from .test_console_read_only import tabs_of

MARKER = "隔离探针"
OFFICE_ROLES = ["project_manager", "cs_supervisor", "finance_clerk", "security_supervisor", "engineering_supervisor"]


@pytest.fixture(scope="module")
def people(platform, credentials, console, hq_admin, make_person):
    from deploy.local import demo
    demo.create_units(platform.url("identity"), credentials["client"])
    assert hq_admin.post(platform.url("identity") + "/tenants", json={"name": "另一个项目", "code": "iso-other"}
                         ).status_code == 201
    return {"demo": make_person("iso.demo", "演示经理", OFFICE_ROLES),
            "other": make_person("iso.other", "别的经理", OFFICE_ROLES, project="iso-other")}


@pytest.fixture(scope="module")
def marked(platform, people, password_session):
    """What the demo project records, each with the marker in a field every list shows."""
    demo = password_session(people["demo"])
    ticket = demo.post(platform.url("ticketing") + "/tickets", json={
        "kind": "repair", "title": f"{MARKER}：楼道灯不亮", "channel": "phone", "unit_id": "1-1-101"})
    assert ticket.status_code == 201, ticket.text
    message = demo.post(platform.url("desk") + "/phone-messages", json={
        "caller_name": "王先生", "matter": f"{MARKER}：请回电", "unit_id": "1-1-101", "for_department": "工程部"})
    assert message.status_code == 201, message.text
    notice = demo.post(platform.url("desk") + "/notices", json={
        "title": f"{MARKER}停水通知", "body": "12月5日停水。", "category": "outage", "audience": "all"})
    assert notice.status_code == 201, notice.text
    assert demo.post(platform.url("desk") + f"/notices/{notice.json()['id']}/submit", json={}).status_code == 200
    complaint_with_record(platform, demo, 20_000, "1-1-102", corrective_action=f"{MARKER}：重新粉刷")
    return {"ticket_id": ticket.json()["id"]}


def walk(page, console):
    """Every screen of the nav and every tab of each: (path, the page's text)."""
    seen = []
    for screen in page.locator("nav.links a").evaluate_all("links => links.map(a => a.getAttribute('href'))"):
        page.goto(console + screen)
        page.wait_for_load_state("networkidle")
        seen.append((screen, page.locator("main.content").inner_text()))
        for tab in [t for t in tabs_of(page) if t.startswith(screen) and t != screen]:
            page.goto(console + tab)
            page.wait_for_load_state("networkidle")
            seen.append((tab, page.locator("main.content").inner_text()))
    return seen


def test_another_projects_person_never_sees_this_projects_records_on_any_screen(console, people, marked, browser):
    own = Desk(browser, console, people["demo"])
    shown = [path for path, text in walk(own.page, console) if MARKER in text]
    assert {"/board", "/desk/messages", "/desk/notices", "/approvals"} <= set(shown), shown
    own.context.close()

    outsider = Desk(browser, console, people["other"], project="iso-other")
    walked = walk(outsider.page, console)
    assert len(walked) >= 10, [path for path, _ in walked]
    assert [path for path, text in walked if MARKER in text] == []
    answer = outsider.page.evaluate("async (id) => (await fetch(`/api/ticketing/tickets/${id}`)).status",
                                    marked["ticket_id"])
    assert answer == 404
    outsider.context.close()
