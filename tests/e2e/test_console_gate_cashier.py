"""The visitor desk 访客登记 and the cashier 收费 in a real browser (Playwright driving the system Chromium) against the
whole platform started as processes: an unknown visitor is let in after the host's consent, with the document
masked on screen; a watch-listed one is refused with the list's reason shown; a cake order is prepaid, settled with
a 32-yuan refund and both receipts printed (the PDF's text read back with pypdf, Chinese included); a double click
on "收款" records one payment in billing. Screenshots go to .run/screenshots (copied to docs/screenshots)."""
import io
import uuid

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from deploy.local import demo

from .test_console_desk import PASSWORD, Desk, both_sizes, tid

DOCUMENT = "110101199001011237"
BARRED = "440301198505057784"


@pytest.fixture(scope="module")
def people(platform, credentials, console):
    identity = platform.url("identity")
    demo.create_units(identity, credentials["client"])
    make = lambda username, role, name: demo.create_person(  # noqa: E731
        identity, credentials["hq_admin"], "demo", username, name, [role], PASSWORD)
    return {"guard": make("gate.wu", "security", "吴保安"), "chief": make("gate.chief", "security_supervisor", "钱主管"),
            "cashier": make("cash.sun", "finance_clerk", "孙收银")}



def bff(page, method, path, body=None, key=None):
    """A call through the console's BFF as the signed-in person (session cookie, CSRF token)."""
    return page.evaluate("""async ([method, path, body, key]) => {
        const me = await (await fetch('/api/me')).json()
        const headers = {'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token}
        if (key) headers['Idempotency-Key'] = key
        const r = await fetch(path, {method, headers, body: body ? JSON.stringify(body) : undefined})
        return {status: r.status, body: await r.json()}
    }""", [method, path, body, key])


def field(scope, name):
    """An Element Plus input by its data-test (el-input puts the attribute on the <input> itself)."""
    return scope.locator(f"input{tid(name)}, {tid(name)} input").first


def fill_visitor(page, name, number, unit="1-2-201"):
    field(page, "gate-name").fill(name)
    field(page, "gate-doc-number").fill(number)
    field(page, "gate-unit").fill(unit)
    field(page, "gate-purpose").fill("探亲")
    field(page, "gate-badge").fill("V-07")
    page.locator(tid("gate-submit")).click()


def test_an_unknown_visitor_enters_after_the_hosts_consent_and_a_watch_listed_one_is_refused_with_the_reason(
        console, people, browser):
    chief = Desk(browser, console, people["chief"])
    listed = bff(chief.page, "POST", "/api/visits/watch-list",
                 {"document_type": "id_card", "document_number": BARRED, "reason": "曾多次滋扰业主，经理批准列入"},
                 key=str(uuid.uuid4()))
    assert listed["status"] == 201, listed

    guard = Desk(browser, console, people["guard"])
    page = guard.page
    page.goto(f"{console}/gate")
    expect(page.get_by_role("heading", name="访客登记")).to_be_visible()
    expect(page.locator(tid("gate-export"))).to_have_count(0)  # the register leaves only with the supervisor
    fill_visitor(page, "张三", DOCUMENT)
    expect(page.locator(tid("gate-refusal"))).to_contain_text("须先致电业主")
    page.locator(tid("host-given")).click()
    expect(page.locator(tid("gate-admitted"))).to_contain_text("张三")
    expect(page.locator(tid("on-site-row"))).to_contain_text("V-07")
    assert DOCUMENT not in page.content() and "1237" in page.locator(tid("on-site-row")).inner_text()
    both_sizes(page, "console-gate")

    fill_visitor(page, "李四", BARRED)
    expect(page.locator(tid("gate-refusal"))).to_contain_text("曾多次滋扰业主，经理批准列入")
    expect(page.locator(tid("host-given"))).to_have_count(0)  # calling the host does not help
    shot_refused = page.locator(tid("gate-refusal")).inner_text()
    assert "黑名单" in shot_refused
    on_site = bff(page, "GET", "/api/visits/visitors?on_site=true")["body"]
    assert [v["visitor_name"] for v in on_site["items"]] == ["张三"]  # visits holds the one let in, not the refused

    chief.page.goto(f"{console}/gate")
    expect(chief.page.locator(tid("gate-export"))).to_be_visible()
    csv = chief.page.request.get(f"{console}/api/visits/visitors/log.csv")
    assert csv.status == 200 and "张三" in csv.text() and DOCUMENT not in csv.text()
    assert guard.page.request.get(f"{console}/api/visits/visitors/log.csv").status == 403
    both_sizes(chief.page, "console-gate-supervisor")
    guard.close(refusals=2)  # the two 409 answers: host call needed, watch listed
    chief.close()


def pdf_text(data: bytes) -> str:
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def test_a_cake_order_is_prepaid_settled_with_a_32_yuan_refund_and_its_receipts_printed(console, people, browser):
    cashier = Desk(browser, console, people["cashier"])
    page = cashier.page
    assert bff(page, "PATCH", "/api/billing/settings", {"receipt_header": "幸福家园物业服务中心"})["status"] == 200
    page.goto(f"{console}/cashier")
    field(page, "cashier-unit").fill("1-2-202")
    page.locator(tid("cashier-find")).click()
    field(page, "order-description").fill("代订生日蛋糕")
    field(page, "order-prepaid").fill("200")
    page.locator(tid("order-place")).click()
    expect(page.locator(tid("cashier-notice"))).to_contain_text("RCPT-")
    row = page.locator(tid("order-row"))
    field(row, "voucher-supplier").fill("好利来")
    field(row, "voucher-number").fill("HL-889")
    field(row, "voucher-amount").fill("168")
    row.locator(tid("voucher-record")).click()
    row.locator(tid("order-settle")).click()
    expect(page.locator(tid("cashier-notice"))).to_contain_text("¥32.00")
    expect(row.locator(tid("order-settlement"))).to_contain_text("RFN-")
    both_sizes(page, "console-cashier")

    receipt = row.locator(tid("order-receipt")).inner_text().split()[-1]
    refund = row.locator(tid("order-settlement")).inner_text().split()[0]
    prepaid_text = pdf_text(page.request.get(f"{console}/api/billing/receipts/{receipt}/pdf").body())
    assert all(s in prepaid_text for s in ("幸福家园物业服务中心", "收款收据", receipt, "代订生日蛋糕", "贰佰元整"))
    refund_text = pdf_text(page.request.get(f"{console}/api/billing/receipts/{refund}/pdf").body())
    assert all(s in refund_text for s in ("退款单", refund, "叁拾贰元整", "好利来"))

    page.goto(f"{console}/cashier/receipts/{refund}")
    expect(page.locator(tid("receipt-number"))).to_have_text(refund)
    expect(page.locator(tid("receipt-amount"))).to_have_text("¥32.00")
    both_sizes(page, "console-receipt")
    cashier.close()


def test_a_double_click_on_collect_records_one_payment(console, people, browser):
    cashier = Desk(browser, console, people["cashier"])
    page = cashier.page
    assert bff(page, "POST", "/api/billing/catalogue/seed")["status"] == 200
    assert bff(page, "PUT", "/api/billing/catalogue/items/PAID-58/price", {"price_fen": 2500, "unit": "元/次"})["status"] == 200
    charge = bff(page, "POST", "/api/billing/charges", {"unit_id": "1-2-203", "lines": [
        {"catalogue_code": "PAID-58", "quantity": 1}]}, key=str(uuid.uuid4()))
    assert charge["status"] == 201, charge
    page.goto(f"{console}/cashier")
    field(page, "cashier-unit").fill("1-2-203")
    page.locator(tid("cashier-find")).click()
    page.locator(tid("pay")).dblclick()
    expect(page.locator(tid("cashier-notice"))).to_contain_text("RCPT-")
    expect(page.locator(tid("pay"))).to_have_count(0)  # nothing outstanding any more
    payments = bff(page, "GET", f"/api/billing/payments?charge_id={charge['body']['id']}")["body"]
    assert payments["total"] == 1
    expect(page.locator(tid("cash-close"))).to_contain_text(payments["items"][0]["receipt_number"])
    both_sizes(page, "console-cashier-close")
    cashier.close()
