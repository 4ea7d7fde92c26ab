"""The cashier's credit notes 开红字/冲减 and refunds 退款 in a real browser (Playwright driving the system Chromium)
against the whole platform started as processes: a credit note, a refund of the overpayment it makes and the guided
credit-then-refund are done from the screen and read back from billing's REST API; a double click on 退款 issues
one credit note and one refund; a colleague's cashier and gate follow over the live stream without reloading; the
HQ auditor sees the cashier and the gate with no enabled write control, and the services refuse the writes anyway.
Screenshots go to .run/screenshots (copied to docs/screenshots)."""
import uuid

import pytest
import requests
from playwright.sync_api import expect

from deploy.local import demo

from .test_console_desk import Desk, both_sizes, tid
from .test_console_gate_cashier import bff, field, fill_visitor


@pytest.fixture(scope="module")
def people(platform, credentials, console, make_person):
    demo.create_units(platform.url("identity"), credentials["client"])
    return {"finance": make_person("ref.sun", "孙财务", ["finance_clerk"]),
            "assistant": make_person("ref.li", "李客服", ["cs_assistant"]),
            "guard": make_person("ref.wu", "吴保安", ["security"]),
            "auditor": make_person("ref.zheng", "郑审计", ["hq_auditor"], project=None)}


@pytest.fixture(scope="module")
def billing(platform, credentials):
    """billing's own REST API read with the project's integration client: what was really recorded."""
    auth = {"Authorization": f"Bearer {demo.token(platform.url('identity'), credentials['client'])}"}

    def read(path, **params):
        answer = requests.get(platform.url("billing") + path, headers=auth, params=params, timeout=10)
        assert answer.status_code == 200, answer.text
        return answer.json()
    return read


@pytest.fixture(scope="module")
def priced(console, people, browser):
    """The catalogue seeded and 洗车 (PAID-58) at 25 yuan, by the finance clerk through the console."""
    desk = Desk(browser, console, people["finance"])
    assert bff(desk.page, "POST", "/api/billing/catalogue/seed")["status"] == 200
    assert bff(desk.page, "PUT", "/api/billing/catalogue/items/PAID-58/price",
               {"price_fen": 2500, "unit": "元/次"})["status"] == 200
    desk.close()


def new_charge(page, unit):
    made = bff(page, "POST", "/api/billing/charges", {"unit_id": unit, "lines": [{"catalogue_code": "PAID-58", "quantity": 1}]},
               key=str(uuid.uuid4()))
    assert made["status"] == 201, made
    return made["body"]["id"]


def open_unit(desk, console, unit):
    desk.page.goto(f"{console}/cashier")
    expect(desk.page.locator(tid("live"))).to_have_text("实时")  # the event stream is open
    field(desk.page, "cashier-unit").fill(unit)
    desk.page.locator(tid("cashier-find")).click()
    expect(desk.page.locator(tid("charge-row"))).to_have_count(1)


def pay_at_the_desk(page):
    page.locator(tid("pay")).click()
    expect(page.locator(tid("cashier-notice"))).to_contain_text("RCPT-")
    expect(page.locator(tid("pay"))).to_have_count(0)


def fill_refund(page, amount, reason):
    page.locator(tid("refund-open")).click()
    field(page, "refund-amount").fill(amount)
    field(page, "refund-reason").fill(reason)


def test_a_credit_note_then_a_refund_and_the_guided_credit_and_refund_are_recorded_in_billing(
        console, people, browser, billing, priced):
    cashier = Desk(browser, console, people["finance"])
    page = cashier.page
    charge = new_charge(page, "1-2-301")
    colleague = Desk(browser, console, people["assistant"])  # a second cashier watching the same unit
    open_unit(colleague, console, "1-2-301")
    open_unit(cashier, console, "1-2-301")
    pay_at_the_desk(page)
    expect(colleague.page.locator(tid("pay"))).to_have_count(0)  # billing's payment event, not a reload
    expect(colleague.page.locator(tid("credit-open"))).to_have_count(0)  # an assistant takes cash, never refunds

    # 冲减 5 yuan: the washing was only half done; what is owed drops, the charge itself stays as it was.
    page.locator(tid("credit-open")).click()
    field(page, "credit-amount").fill("5")
    field(page, "credit-reason").fill("洗车未完成，减收5元")
    page.locator(tid("credit-submit")).click()
    expect(page.locator(tid("cashier-notice"))).to_contain_text("CN-")
    credits = billing("/credit-notes", charge_id=charge)
    assert [(c["amount_fen"], c["reason"]) for c in credits["items"]] == [(500, "洗车未完成，减收5元")]
    expect(colleague.page.locator(tid("slip-credit"))).to_contain_text(credits["items"][0]["credit_number"])  # the ping

    # 退款 of the 5 yuan this overpaid: one refund note, back the way the payment came (cash).
    fill_refund(page, "5", "退回减收部分")
    expect(page.locator(tid("refund-form"))).to_contain_text("现金")
    expect(page.locator(tid("refund-guided"))).to_have_count(0)
    page.locator(tid("refund-submit")).click()
    expect(page.locator(tid("cashier-notice"))).to_contain_text("RFN-")
    refunds = billing("/refunds", charge_id=charge)
    assert [(r["amount_fen"], r["reason"]) for r in refunds["items"]] == [(500, "退回减收部分")]
    expect(colleague.page.locator(tid("slip-refund"))).to_contain_text(refunds["items"][0]["refund_number"])

    # Nothing is overpaid any more: 退款 of 10 yuan is offered as 冲减 then 退款, one guided step.
    fill_refund(page, "10", "业主取消第二次洗车")
    expect(page.locator(tid("refund-guided"))).to_contain_text("先开红字冲减 ¥10.00")
    expect(page.locator(tid("refund-submit"))).to_have_text("冲减并退款")
    both_sizes(page, "console-cashier-refund-guided")
    page.locator(tid("refund-submit")).click()
    expect(page.locator(tid("cashier-notice"))).to_contain_text("已冲减并退款")
    balance = billing(f"/charges/{charge}")["balance"]
    assert (balance["credited_fen"], balance["refunded_fen"], balance["outstanding_fen"]) == (1500, 1500, 0)
    assert billing("/credit-notes", charge_id=charge)["total"] == 2 and billing("/refunds", charge_id=charge)["total"] == 2
    expect(page.locator(tid("slip-refund"))).to_have_count(2)
    expect(page.locator(tid("cash-close"))).to_contain_text(refunds["items"][0]["refund_number"])
    both_sizes(page, "console-cashier-refund")

    number = billing("/credit-notes", charge_id=charge)["items"][0]["credit_number"]
    page.locator(tid("slip-credit")).filter(has_text=number).locator("a").click()
    expect(page.locator(tid("receipt-number"))).to_have_text(number)
    expect(page.locator(tid("receipt"))).to_contain_text("业主取消第二次洗车")
    both_sizes(page, "console-cashier-refund-slip")
    cashier.close()
    colleague.close()


def test_a_double_click_on_refund_issues_one_credit_note_and_one_refund(console, people, browser, billing, priced):
    cashier = Desk(browser, console, people["finance"])
    page = cashier.page
    charge = new_charge(page, "1-2-302")
    open_unit(cashier, console, "1-2-302")
    pay_at_the_desk(page)
    fill_refund(page, "10", "服务未提供")
    expect(page.locator(tid("refund-guided"))).to_be_visible()
    page.locator(tid("refund-submit")).dblclick()
    expect(page.locator(tid("cashier-notice"))).to_contain_text("已冲减并退款")
    page.wait_for_timeout(500)  # a second request, had one left, would have been answered by now
    assert billing("/credit-notes", charge_id=charge)["total"] == 1
    refunds = billing("/refunds", charge_id=charge)
    assert refunds["total"] == 1 and refunds["items"][0]["amount_fen"] == 1000
    cashier.close()


def test_the_hq_auditor_sees_the_cashier_and_the_gate_read_only_and_the_services_refuse_the_writes(
        console, people, browser, billing, priced):
    # HQ's auditor acts in every project; with demo the only one, identity signs them in to it without asking.
    auditor = Desk(browser, console, {**people["auditor"], "project": "demo"})
    page = auditor.page
    charge = billing("/charges", unit_id="1-2-301")["items"][0]
    payment = billing("/payments", charge_id=charge["id"])["items"][0]
    open_unit(auditor, console, "1-2-301")
    expect(page.locator(tid("read-only"))).to_be_visible()
    expect(page.locator(tid("slip-refund"))).to_have_count(2)  # every document is there to read and print
    for control in ("pay", "credit-open", "refund-open", "order-place", "voucher-record", "order-settle"):
        expect(page.locator(tid(control))).to_have_count(0)
    expect(page.locator(".cashier button:enabled").filter(has_not_text="查询")).to_have_count(0)
    both_sizes(page, "console-cashier-refund-read-only")

    # The same writes sent anyway through the console as the auditor: billing refuses each and records nothing.
    sent = [bff(page, "POST", "/api/billing/refunds", {"payment_id": payment["id"], "amount_fen": 100, "reason": "x"},
                key=str(uuid.uuid4())),
            bff(page, "POST", "/api/billing/credit-notes", {"charge_id": charge["id"], "amount_fen": 100, "reason": "x"},
                key=str(uuid.uuid4())),
            bff(page, "POST", "/api/billing/payments", {"charge_id": charge["id"], "amount_fen": 100,
                                                       "method": "cash_at_centre"}, key=str(uuid.uuid4()))]
    assert [answer["status"] for answer in sent] == [403, 403, 403], sent
    assert billing("/refunds", charge_id=charge["id"])["total"] == 2
    assert billing("/credit-notes", charge_id=charge["id"])["total"] == 2

    # The gate: the lists follow a guard's check-in live; nothing can be typed or pressed but reading.
    page.goto(f"{console}/gate")
    expect(page.locator(tid("live"))).to_have_text("实时")
    expect(page.locator(tid("read-only"))).to_be_visible()
    guard = Desk(browser, console, people["guard"])
    guard.page.goto(f"{console}/gate")
    fill_visitor(guard.page, "王五", "110101199003073458", unit="1-2-301")
    guard.page.locator(tid("host-given")).click()
    expect(guard.page.locator(tid("gate-admitted"))).to_contain_text("王五")
    expect(page.locator(tid("on-site-row"))).to_contain_text("王五")  # the console's gate ping, not a reload
    expect(page.locator(".gate input:enabled")).to_have_count(0)
    expect(page.locator(".gate button:enabled")).to_have_count(0)
    both_sizes(page, "console-gate-read-only")
    answer = bff(page, "POST", "/api/visits/visitors/check-in", {
        "visitor_name": "赵六", "document_type": "id_card", "document_number": "110101199003073458", "unit_id": "1-2-301",
        "purpose": "x", "badge_number": None}, key=str(uuid.uuid4()))
    assert answer["status"] == 403, answer
    guard.close(refusals=1)  # the host call visits asked for
    statuses = [e for e in auditor.errors if "status of 403" in e]
    assert len(statuses) == 4 and len(auditor.errors) == 4, auditor.errors
    auditor.context.close()
