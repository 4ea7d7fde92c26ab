"""The fees an approved renovation pays before its permit (seed 000: "装修出入证"的办理 包括收费): the deposit 装修押金
(refunded at completion, minus deductions), the management fee 装修管理费 and one pass fee 出入证工本费 per worker.

They are charged in billing (billing owns every charge, its number and the cashier's payment): renovation only
says what to charge, as lines billing's own parser accepts, and learns the charge and its payments from billing's
events. The permit waits until what was paid covers the whole charge.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kefulib.domain_errors import BadField


@dataclass(frozen=True)
class FeeSchedule:
    """A project's prices in fen (分). The defaults are the seeds' usual amounts until the project sets its own."""
    deposit_fen: int = 200_000          # 装修押金 ¥2,000
    management_fee_fen: int = 50_000    # 装修管理费 ¥500
    pass_fee_fen: int = 1_000           # 装修出入证工本费 ¥10 per worker

    def __post_init__(self) -> None:
        for name in ("deposit_fen", "management_fee_fen", "pass_fee_fen"):
            value = getattr(self, name)
            if type(value) is not int or not 0 <= value <= 100_000_000:
                raise BadField(name, "a whole number of fen, 0 to 100,000,000")


class Fee:
    DEPOSIT = "deposit"
    MANAGEMENT = "management_fee"
    PASSES = "pass_fees"


FEE_TITLES = {Fee.DEPOSIT: "装修押金", Fee.MANAGEMENT: "装修管理费", Fee.PASSES: "装修出入证工本费"}


def fee_lines(schedule: FeeSchedule, workers: int) -> list[dict]:
    """The charge's lines (billing's PricedLine shape, no catalogue code); a zero-priced fee is left out."""
    if type(workers) is not int or not 1 <= workers <= 200:
        raise BadField("workers_planned", "1 to 200 workers")
    lines = [(Fee.DEPOSIT, 1, schedule.deposit_fen), (Fee.MANAGEMENT, 1, schedule.management_fee_fen),
             (Fee.PASSES, workers, schedule.pass_fee_fen)]
    return [{"fee": fee, "catalogue_code": None, "description": FEE_TITLES[fee], "quantity": quantity,
             "unit_price_fen": price} for fee, quantity, price in lines if price > 0]


def total_fen(lines: Iterable[dict]) -> int:
    return sum(line["quantity"] * line["unit_price_fen"] for line in lines)


MAX_PAYMENT_FEN = 10**12  # no renovation's fees come near ¥10 billion; MongoDB keeps at most 8-byte integers


def counts_toward_fees(amount_fen: int) -> bool:
    """A payment renovation counts: a positive amount of plausible size (billing's schema bounds it only below)."""
    return type(amount_fen) is int and 0 < amount_fen <= MAX_PAYMENT_FEN


def fully_paid(total: int, payments_fen: Iterable[int]) -> bool:
    """The permit waits for the whole charge: a part payment at the cashier is not enough."""
    return total > 0 and sum(payments_fen) >= total


def permit_label(project: str, number: int) -> str:
    """The number as printed on the 装修许可证: the project's own sequence, gap-free, from 1."""
    return f"{project.upper()}-ZX-{number:05d}"
