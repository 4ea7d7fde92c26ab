"""An HQ auditor (hq_auditor) in a real browser against the whole platform: every screen its nav offers, and every
tab of those screens, opens without an error in the browser's log and offers no enabled control that would change
something (a button whose words are a write: 保存, 提交, 批准, 收款, …); and the services refuse the writes anyway.
Read-only is the auditor's whole job (X-1), so a write control that merely fails at the server is a defect too."""
import re

import pytest

from .test_console_desk import Desk, shot

# Words on the console's buttons that change something; reading, searching, filtering, printing and the tabs do not.
WRITE_WORDS = re.compile(r"保存|提交|批准|退回|拒绝|收款|退款|登记|新建|新增|添加|发布|归档|签出|签领|归还|确认|删除|停用|"
                         r"开始|完成|派单|接单|领取|取件|交接|录入|起草|审批|撤回|撤销|放行|上架|留言|申请|启用|导入|开通")


@pytest.fixture(scope="module")
def auditor(platform, credentials, console, make_person):
    from deploy.local import demo
    demo.create_units(platform.url("identity"), credentials["client"])
    return make_person("ro.audit", "钱审计", ["hq_auditor"], project=None)


def enabled_write_controls(page):
    """The visible, enabled buttons on the page whose words say they would change something."""
    found = []
    for button in page.locator("button:visible").all():
        text = (button.inner_text() or "").strip()
        if text and WRITE_WORDS.search(text) and button.is_enabled() and "is-disabled" not in (
                button.get_attribute("class") or ""):
            found.append(text)
    return found


def tabs_of(page):
    """The screen's own sub-pages (router links inside the content, e.g. the desk's tabs)."""
    hrefs = page.locator("main.content a[href^='/']").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    return sorted({h for h in hrefs if not h.startswith("/tickets/")})


def test_an_hq_auditor_sees_every_screen_with_no_write_control_and_the_services_refuse_a_write(console, auditor,
                                                                                               browser):
    person = Desk(browser, console, auditor)
    page = person.page
    refused_reads = []  # (screen, url) of every answer >= 400 while walking: a screen reading what it may not
    page.on("response", lambda r: r.status >= 400 and refused_reads.append((page.url, r.url, r.status)))
    screens = page.locator("nav.links a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert {"/desk", "/approvals", "/cashier"} <= set(screens), screens
    visited, offending = [], {}
    for screen in screens:
        page.goto(console + screen)
        page.wait_for_load_state("networkidle")
        for path in [screen, *[t for t in tabs_of(page) if t.startswith(screen) and t != screen]]:
            if path != screen:
                page.goto(console + path)
                page.wait_for_load_state("networkidle")
            visited.append(path)
            controls = enabled_write_controls(page)
            if controls:
                offending[path] = controls
    page.goto(console + "/desk/keys")
    page.wait_for_load_state("networkidle")
    shot(page, "console-read-only-auditor-1280.png")
    assert offending == {}, offending
    assert refused_reads == [], refused_reads
    assert len(visited) >= len(screens)

    # Whatever a page offers, the services refuse the auditor's writes.
    statuses = page.evaluate("""async () => {
        const me = await (await fetch('/api/me')).json()
        const headers = {'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token}
        const tries = [
            ['/api/desk/phone-messages', {caller_name: '王先生', matter: '审计不应能留言', unit_id: '1-1-101'}],
            ['/api/ticketing/tickets', {kind: 'inquiry', title: '审计不应能受理', channel: 'phone'}],
            ['/api/billing/charges', {unit_id: '1-1-101', lines: []}],
        ]
        const out = []
        for (const [path, body] of tries) {
            const r = await fetch(path, {method: 'POST', headers, body: JSON.stringify(body)})
            out.push(r.status)
        }
        return out
    }""")
    assert statuses == [403, 403, 403], statuses
    refused = [e for e in person.errors if "status of 403 (" in e]
    assert len(refused) == 3 and [e for e in person.errors if e not in refused] == [], person.errors
    person.context.close()
