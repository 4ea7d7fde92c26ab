"""The printed slip's amount in words and the cashier's day close, as pure rules."""
import pytest
from billing.domain import DocumentType
from billing.domain.receipts import Slip, SlipLine, amount_in_words, charge_lines, close_day


@pytest.mark.parametrize(("fen", "words"), [
    (0, "零元整"), (3200, "叁拾贰元整"), (20000, "贰佰元整"), (16850, "壹佰陆拾捌元伍角"), (100005, "壹仟元零伍分"),
    (1000100, "壹万零壹元整"), (10203, "壹佰零贰元零叁分"), (1_0000_0000_00, "壹亿元整"), (12, "零元壹角贰分"),
])
def test_the_amount_in_words_is_written_as_on_a_chinese_receipt(fen, words):
    assert amount_in_words(fen) == words


def slip(number, doc_type, amount, method="cash_at_centre", cashier="c-1", status="issued"):
    return Slip(number, doc_type, status, "2026-12-02 10:00", "1-1-101", amount, method, cashier,
                [SlipLine("x", amount)])


def test_the_day_close_keeps_money_in_and_out_apart_by_method_and_cashier():
    close = close_day("2026-12-02", [
        slip("RCPT-2026-000002", DocumentType.RECEIPT, 20000, cashier="li"),
        slip("RCPT-2026-000003", DocumentType.RECEIPT, 9000, method="card_at_centre", cashier="wang"),
        slip("RFN-2026-000001", DocumentType.REFUND_NOTE, 3200, cashier="li"),
        slip("CN-2026-000001", DocumentType.CREDIT_NOTE, 500, method=None),
        slip("RCPT-2026-000001", DocumentType.RECEIPT, 7000, status="cancelled"),
    ])
    assert (close.received_fen, close.refunded_fen, close.net_fen, close.credited_fen) == (29000, 3200, 25800, 500)
    cash = close.by_method["cash_at_centre"]
    assert (cash.received_fen, cash.refunded_fen, cash.net_fen, cash.receipts, cash.refunds) == (20000, 3200, 16800, 1, 1)
    assert close.by_method["card_at_centre"].net_fen == 9000
    assert close.by_cashier["li"].net_fen == 16800 and close.by_cashier["wang"].received_fen == 9000
    assert [s.number for s in close.voided] == ["RCPT-2026-000001"]
    assert [s.number for s in close.slips][0] == "CN-2026-000001"  # in number order


def test_a_charge_prints_one_line_per_item_with_its_materials():
    lines = charge_lines({"lines": [{"description": "更换水龙头", "quantity": 1, "unit_price_fen": 3000,
                                     "materials_fen": 6000}, {"catalogue_code": "CAR-01", "quantity": 2,
                                                              "unit_price_fen": 1500, "materials_fen": 0}]})
    assert lines == [SlipLine("更换水龙头", 9000), SlipLine("CAR-01 × 2", 3000)]
