"""What a ticket is about (TK-1), where it came from (TK-2) and how urgent a repair is (TK-5)."""
from __future__ import annotations

from enum import StrEnum

from .errors import InvalidInput, parse_choice


class TicketKind(StrEnum):
    """工单类型: 急修 / 一般维修 / 投诉 / 咨询 / 求助 / 社区事务 / 业主建议."""

    URGENT_REPAIR = "urgent_repair"
    GENERAL_REPAIR = "general_repair"
    COMPLAINT = "complaint"
    INQUIRY = "inquiry"
    HELP_REQUEST = "help_request"
    COMMUNITY_MATTER = "community_matter"
    OWNER_SUGGESTION = "owner_suggestion"

    @property
    def is_repair(self) -> bool:
        return self in (TicketKind.URGENT_REPAIR, TicketKind.GENERAL_REPAIR)

    @property
    def needs_return_visit(self) -> bool:
        """Repairs and complaints close only after a return visit 回访 (TK-10)."""
        return self.is_repair or self is TicketKind.COMPLAINT


class HelpRequestType(StrEnum):
    """求助: 急救病人 / 盗窃、打架斗殴等 / 水浸、火灾 / 其他生活求助."""

    MEDICAL_EMERGENCY = "medical_emergency"
    THEFT_OR_VIOLENCE = "theft_or_violence"
    FLOOD_OR_FIRE = "flood_or_fire"
    OTHER = "other"


class CommunityMatterType(StrEnum):
    """社区事务: 宠物 / 楼道杂物 / 违章搭建 / 噪音 / 拾荒 / 高空抛物."""

    PETS = "pets"
    CORRIDOR_CLUTTER = "corridor_clutter"
    ILLEGAL_BUILDING = "illegal_building"
    NOISE = "noise"
    REFUSE_PICKING = "refuse_picking"
    OBJECTS_THROWN_FROM_HEIGHT = "objects_thrown_from_height"


class Channel(StrEnum):
    """受理渠道 (TK-2)."""

    PHONE = "phone"
    WALK_IN = "walk_in"
    LETTER = "letter"
    EMAIL = "email"
    WEB = "web"
    INTEGRATION = "integration"


class UrgentRepairCategory(StrEnum):
    """急修项目 (TK-5); any other repair is a general repair 一般项目."""

    COMMON_PARTS_DANGER = "common_parts_danger"
    INDOOR_WIRING_OUTAGE_OR_LEAKAGE = "indoor_wiring_outage_or_leakage"
    NO_WATER_OR_BURST_PIPE = "no_water_or_burst_pipe"
    BLOCKED_DRAIN = "blocked_drain"
    LIFT_FAILURE = "lift_failure"
    BROKEN_FLOOR_OR_STAIR_BOARD = "broken_floor_or_stair_board"
    LOOSE_RAILING = "loose_railing"
    OTHER_DANGER = "other_danger"


_SUBTYPES: dict[TicketKind, type[StrEnum]] = {
    TicketKind.HELP_REQUEST: HelpRequestType,
    TicketKind.COMMUNITY_MATTER: CommunityMatterType,
}


def classify_repair(category: str | None, *, dangerous: bool = False) -> TicketKind:
    """Urgent when the category is one of TK-5's, or the recorder judged it dangerous.

    ``dangerous`` exists because TK-5 ends with "anything else dangerous": the person
    taking the call may know better than any list.
    """
    if dangerous or category in set(UrgentRepairCategory):
        return TicketKind.URGENT_REPAIR
    return TicketKind.GENERAL_REPAIR


def parse_subtype(kind: TicketKind, subtype: str | None) -> str | None:
    """The validated subtype for ``kind``: required for help requests and community matters.

    Repairs may carry a free repair category; other kinds carry none.
    """
    allowed = _SUBTYPES.get(kind)
    if allowed is not None:
        return parse_choice(allowed, subtype, "subtype")
    if kind.is_repair:
        return subtype or None
    if subtype:
        raise InvalidInput("subtype", f"a {kind} has no subtype", "invalid_choice")
    return None
