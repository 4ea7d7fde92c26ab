"""Key customers and tenure bands (ID-5), as the handbook classifies them (重要客户/普通客户)."""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from identity.domain.dates import add_months
from identity.domain.errors import InvalidInput


class KeyCustomerClass(StrEnum):
    GOVERNMENT_OR_MEDIA = "government_or_media"  # 政府机关/新闻媒体工作的业主或家人
    OWNERS_COMMITTEE = "owners_committee"  # 业主委员会成员及社团主要负责人
    GROUP_EMPLOYEE = "group_employee"  # 本企业集团内部员工
    FREQUENT_COMPLAINANT = "frequent_complainant"  # 重点投诉客户
    LARGE_CUSTOMER = "large_customer"  # 大客户: 学校、商户


class TenureBand(StrEnum):
    NEW = "new"  # 新客户: under 6 months
    SETTLING_IN = "settling_in"  # 磨合期客户: 6 to 12 months
    STABLE = "stable"  # 稳定期客户: 1 to 2 years
    LONG_STANDING = "long_standing"  # 老客户: over 2 years


# Lower bound, in months since move-in, of each band; bands are half-open [lower, next).
_BAND_STARTS: tuple[tuple[int, TenureBand], ...] = (
    (24, TenureBand.LONG_STANDING),
    (12, TenureBand.STABLE),
    (6, TenureBand.SETTLING_IN),
    (0, TenureBand.NEW),
)


def tenure_band(move_in: date, today: date) -> TenureBand:
    """Band of a household that moved in on `move_in`, as of `today`.

    The anniversary day itself belongs to the older band: moved in 2024-01-15, on
    2024-07-15 the household is settling in. Raises InvalidInput for a future move-in.
    """
    if move_in > today:
        raise InvalidInput("move_in", "cannot be after today")
    return next(band for months, band in _BAND_STARTS if today >= add_months(move_in, months))


@dataclass(frozen=True)
class VipProfile:
    """重点业户资料: what the desk keeps about a key customer on top of the basic archive."""

    unit_id: str
    person_name: str
    classes: frozenset[KeyCustomerClass] = frozenset()
    birthday: date | None = None
    character: str = ""
    preferences: str = ""
    special_needs: str = ""
    opinions: tuple[str, ...] = ()
    complaint_history: tuple[str, ...] = ()

    @property
    def is_key_customer(self) -> bool:
        """Key customers are visited monthly (VS-4); everyone else is sampled."""
        return bool(self.classes)
