"""Ticket kinds, subtypes, channels and the urgent-repair classifier (TK-1, TK-2, TK-5)."""
import pytest
from ticketing.domain import (
    Channel,
    InvalidInput,
    TicketKind,
    UrgentRepairCategory,
    classify_repair,
    parse_subtype,
)


@pytest.mark.parametrize("category", list(UrgentRepairCategory))
def test_every_tk5_category_is_an_urgent_repair(category):
    assert classify_repair(category) is TicketKind.URGENT_REPAIR
    assert classify_repair(str(category)) is TicketKind.URGENT_REPAIR


@pytest.mark.parametrize("category", ["door_window_damage", "roof_seepage", None, ""])
def test_anything_else_is_a_general_repair(category):
    assert classify_repair(category) is TicketKind.GENERAL_REPAIR


def test_a_repair_the_recorder_judges_dangerous_is_urgent_whatever_its_category():
    assert classify_repair("door_window_damage", dangerous=True) is TicketKind.URGENT_REPAIR


def test_only_repairs_and_complaints_need_a_return_visit():
    assert {k for k in TicketKind if k.needs_return_visit} == {
        TicketKind.URGENT_REPAIR, TicketKind.GENERAL_REPAIR, TicketKind.COMPLAINT}


def test_every_intake_channel_is_known():
    assert {str(c) for c in Channel} == {"phone", "walk_in", "letter", "email", "web", "integration"}


def test_help_requests_and_community_matters_need_a_known_subtype():
    assert parse_subtype(TicketKind.HELP_REQUEST, "medical_emergency") == "medical_emergency"
    assert parse_subtype(TicketKind.COMMUNITY_MATTER, "objects_thrown_from_height") == "objects_thrown_from_height"
    for kind in (TicketKind.HELP_REQUEST, TicketKind.COMMUNITY_MATTER):
        with pytest.raises(InvalidInput) as err:
            parse_subtype(kind, "karaoke")
        assert err.value.field == "subtype"


def test_repairs_keep_a_free_category_and_other_kinds_refuse_a_subtype():
    assert parse_subtype(TicketKind.GENERAL_REPAIR, "roof_seepage") == "roof_seepage"
    assert parse_subtype(TicketKind.OWNER_SUGGESTION, None) is None
    with pytest.raises(InvalidInput):
        parse_subtype(TicketKind.INQUIRY, "noise")
