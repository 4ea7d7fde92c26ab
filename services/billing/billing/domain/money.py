"""Money as integer fen (分), currency CNY only (BL-7).

Records keep amounts as plain ``int`` fields named ``*_fen`` so they map one-to-one onto
stored documents; `require_fen` guards every such field. `Money` is the value object for
arithmetic at the edges. No float ever enters: yuan text is parsed with `Decimal`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .errors import BillingError

CURRENCY = "CNY"
FEN_PER_YUAN = 100
# Amounts are stored as BSON int64; anything beyond cannot be stored exactly.
MAX_FEN = 2**63 - 1

_YUAN_TEXT = re.compile(r"-?[0-9]+(?:\.[0-9]{1,2})?", re.ASCII)


def require_fen(value: object, field: str = "amount_fen", *, allow_negative: bool = False) -> int:
    """Return `value` if it is a whole number of fen (not bool, not float) within int64."""
    if type(value) is not int:
        raise BillingError("invalid_amount", "must be an integer number of fen", field)
    if abs(value) > MAX_FEN:
        raise BillingError("invalid_amount", "out of range", field)
    if value < 0 and not allow_negative:
        raise BillingError("invalid_amount", "must not be negative", field)
    return value


def parse_yuan(text: str | Decimal, *, allow_negative: bool = False, field: str = "amount") -> int:
    """Parse yuan such as ``'12.50'`` into fen (1250) exactly; at most two decimals."""
    if isinstance(text, Decimal):
        if not text.is_finite() or text.as_tuple().exponent < -2:  # type: ignore[operator]
            raise BillingError("invalid_amount", "at most two decimals", field)
        text = format(text, "f")
    if not isinstance(text, str):
        raise BillingError("invalid_amount", "yuan must be given as text, e.g. '12.50'", field)
    cleaned = text.strip()
    if not _YUAN_TEXT.fullmatch(cleaned):
        raise BillingError("invalid_amount", "expected yuan like '12.50' (max two decimals)", field)
    if cleaned.startswith("-") and not allow_negative:
        raise BillingError("invalid_amount", "must not be negative", field)
    fen = Decimal(cleaned) * FEN_PER_YUAN
    return require_fen(int(fen), field, allow_negative=allow_negative)


def format_yuan(amount: int | Money) -> str:
    """Format fen as yuan text with two decimals: 1250 -> '12.50', -5 -> '-0.05'."""
    fen = amount.fen if isinstance(amount, Money) else require_fen(amount, allow_negative=True)
    sign = "-" if fen < 0 else ""
    yuan, rest = divmod(abs(fen), FEN_PER_YUAN)
    return f"{sign}{yuan}.{rest:02d}"


@dataclass(frozen=True, order=True, slots=True)
class Money:
    """An exact amount in fen; may be negative (a balance or a correction)."""

    fen: int
    currency: str = CURRENCY

    def __post_init__(self) -> None:
        require_fen(self.fen, "fen", allow_negative=True)
        if self.currency != CURRENCY:
            raise BillingError("unsupported_currency", f"only {CURRENCY}", "currency")

    @classmethod
    def zero(cls) -> Money:
        return cls(0)

    def __add__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        return Money(self.fen + other.fen, self.currency)

    def __sub__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        return Money(self.fen - other.fen, self.currency)

    def __mul__(self, quantity: int) -> Money:
        if type(quantity) is not int:
            return NotImplemented  # a price times 1.5 is a new price, not a quantity
        return Money(self.fen * quantity, self.currency)

    __rmul__ = __mul__

    def __neg__(self) -> Money:
        return Money(-self.fen, self.currency)

    def __str__(self) -> str:
        return f"{format_yuan(self.fen)} {self.currency}"
