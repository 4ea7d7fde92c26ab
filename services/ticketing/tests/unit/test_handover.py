"""Duty log and shift hand-over (TK-12)."""
from datetime import UTC, datetime, timedelta

import pytest
from ticketing.domain import DutyLogEntry, InvalidInput, TransitionRefused, open_matters, prepare_handover, sign_handover

T0 = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)
H = timedelta(hours=1)

LOG = [
    DutyLogEntry(T0, "duty Wang", "burst pipe 5-302", matter="T-1"),
    DutyLogEntry(T0 + H, "duty Wang", "lift stuck block 2", matter="T-2"),
    DutyLogEntry(T0 + 2 * H, "duty Wang", "lift fixed", matter="T-2", closes_matter=True),
    DutyLogEntry(T0 + 3 * H, "duty Wang", "noise complaint 1-101", matter="T-3"),
    DutyLogEntry(T0 + 4 * H, "duty Wang", "patrol normal"),
]


def test_open_matters_are_those_not_closed_in_the_log():
    assert open_matters(LOG) == ("T-1", "T-3")


def test_a_matter_reopened_later_is_open_again():
    reopened = [*LOG, DutyLogEntry(T0 + 5 * H, "duty Wang", "lift stuck again", matter="T-2")]
    assert open_matters(reopened) == ("T-1", "T-3", "T-2")


def test_a_handover_carries_every_open_matter_to_the_next_shift():
    handover = prepare_handover(LOG, "duty Wang", "duty Zhao", T0 + 8 * H)
    assert handover.carried_over == ("T-1", "T-3") and not handover.is_complete


def test_a_handover_is_complete_only_when_the_incoming_person_signs():
    handover = prepare_handover(LOG, "duty Wang", "duty Zhao", T0 + 8 * H)
    with pytest.raises(TransitionRefused) as err:
        sign_handover(handover, "duty Wang", T0 + 8 * H)
    assert "incoming person (duty Zhao)" in err.value.reason
    signed = sign_handover(handover, "duty Zhao", T0 + 8 * H)
    assert signed.is_complete
    with pytest.raises(TransitionRefused):
        sign_handover(signed, "duty Zhao", T0 + 9 * H)


def test_a_handover_cannot_be_to_oneself_or_signed_before_it_was_prepared():
    with pytest.raises(InvalidInput):
        prepare_handover(LOG, "duty Wang", "duty Wang", T0)
    handover = prepare_handover(LOG, "duty Wang", "duty Zhao", T0 + 8 * H)
    with pytest.raises(TransitionRefused):
        sign_handover(handover, "duty Zhao", T0)


def test_closing_a_matter_needs_the_matter_named():
    with pytest.raises(InvalidInput) as err:
        DutyLogEntry(T0, "duty Wang", "done", closes_matter=True)
    assert err.value.field == "matter"
