"""The printed money slip (收据 / 退款单 / 冲减凭证) and the cashier's day close (收银日结), as pure functions.

A slip is what the numbered stub of the three-part slip (三联单) carries: its gap-free number, what the money was
for, how much, how it was paid and who took it. The day close adds up the slips of one local day by method and by
cashier; money in (receipts) and money out (refund notes) are kept apart, never netted line by line, so the cash
drawer can be counted against both.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .numbering import DocumentType

TITLES = {DocumentType.RECEIPT: "收款收据", DocumentType.REFUND_NOTE: "退款单", DocumentType.CREDIT_NOTE: "冲减凭证"}
# Which way the money moves: +1 into the drawer, -1 out of it, 0 for a credit note (it lowers what is owed).
DIRECTION = {DocumentType.RECEIPT: 1, DocumentType.REFUND_NOTE: -1, DocumentType.CREDIT_NOTE: 0}
METHOD_TITLES = {"cash_at_centre": "现金", "card_at_centre": "刷卡", "wechat": "微信支付", "alipay": "支付宝",
                 "bank_transfer": "银行转账"}


def amount_in_words(fen: int) -> str:
    """人民币大写 as written on a receipt: 壹佰陆拾捌元整, 叁拾贰元伍角, 零元整."""
    digits = "零壹贰叁肆伍陆柒捌玖"
    yuan, rest = divmod(abs(fen), 100)
    jiao, fen_part = divmod(rest, 10)
    words = _integer_words(yuan, digits) + "元"
    if jiao == 0 and fen_part == 0:
        return ("负" if fen < 0 else "") + words + "整"
    if jiao:
        words += digits[jiao] + "角"
    elif yuan:
        words += "零"
    if fen_part:
        words += digits[fen_part] + "分"
    return ("负" if fen < 0 else "") + words


def _integer_words(number: int, digits: str) -> str:
    if number == 0:
        return "零"
    groups, units = [], ["", "万", "亿", "万亿"]
    while number:
        number, group = divmod(number, 10000)
        groups.append(group)
    out, zero_pending = "", False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            zero_pending = bool(out)
            continue
        if out and (zero_pending or group < 1000):
            out += "零"
        out += _group_words(group, digits) + units[index]
        zero_pending = False
    return out


def _group_words(group: int, digits: str) -> str:
    out, zero = "", False
    for value, unit in ((1000, "仟"), (100, "佰"), (10, "拾"), (1, "")):
        digit = group // value % 10
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += digits[digit] + unit
    return out


@dataclass(frozen=True)
class SlipLine:
    description: str
    amount_fen: int


@dataclass(frozen=True)
class Slip:
    number: str
    doc_type: DocumentType
    status: str  # issued, or cancelled (作废): a voided slip is still printed, marked as void
    issued_at: str
    unit_id: str | None
    amount_fen: int
    method: str | None
    cashier: str
    lines: list[SlipLine]
    reason: str | None = None
    charge_slip_number: str | None = None  # the charge's own SLIP number this money document is for
    replaced_by: str | None = None

    @property
    def title(self) -> str:
        return TITLES[self.doc_type]


def charge_lines(charge: dict) -> list[SlipLine]:
    """What a charge was for, line by line, as the slip prints it (labour and materials on one line each)."""
    out = []
    for line in charge.get("lines") or []:
        name = line.get("description") or line.get("name_zh") or line.get("catalogue_code") or "服务"
        quantity = line.get("quantity", 1)
        amount = quantity * line.get("unit_price_fen", 0) + line.get("materials_fen", 0)
        out.append(SlipLine(f"{name} × {quantity}" if quantity != 1 else name, amount))
    return out


@dataclass
class MethodTotal:
    method: str
    received_fen: int = 0
    refunded_fen: int = 0
    receipts: int = 0
    refunds: int = 0

    @property
    def net_fen(self) -> int:
        return self.received_fen - self.refunded_fen


@dataclass
class CashClose:
    day: str
    received_fen: int = 0
    refunded_fen: int = 0
    credited_fen: int = 0
    by_method: dict[str, MethodTotal] = field(default_factory=dict)
    by_cashier: dict[str, MethodTotal] = field(default_factory=dict)
    slips: list[Slip] = field(default_factory=list)
    voided: list[Slip] = field(default_factory=list)

    @property
    def net_fen(self) -> int:
        return self.received_fen - self.refunded_fen


def _count(total: MethodTotal, slip: Slip) -> None:
    if DIRECTION[slip.doc_type] > 0:
        total.received_fen += slip.amount_fen
        total.receipts += 1
    elif DIRECTION[slip.doc_type] < 0:
        total.refunded_fen += slip.amount_fen
        total.refunds += 1


def close_day(day: str, slips: list[Slip]) -> CashClose:
    """The day's close from its slips: voided numbers are listed apart and count for nothing; credit notes move
    no money (their sum is shown beside); a refund note counts under the method the money went back by."""
    close = CashClose(day)
    for slip in sorted(slips, key=lambda s: s.number):
        if slip.status != "issued":
            close.voided.append(slip)
            continue
        close.slips.append(slip)
        if slip.doc_type is DocumentType.CREDIT_NOTE:
            close.credited_fen += slip.amount_fen
            continue
        method = slip.method or "cash_at_centre"
        _count(close.by_method.setdefault(method, MethodTotal(method)), slip)
        _count(close.by_cashier.setdefault(slip.cashier, MethodTotal(slip.cashier)), slip)
        if DIRECTION[slip.doc_type] > 0:
            close.received_fen += slip.amount_fen
        else:
            close.refunded_fen += slip.amount_fen
    return close
