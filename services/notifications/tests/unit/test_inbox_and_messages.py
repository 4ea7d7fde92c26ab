"""An inbox item only moves forward; a breach message says which ticket, which deadline, how late, what to do."""
from datetime import UTC, datetime, timedelta

import pytest
from notifications.domain import BreachNotice, ItemStatus, MarkRefused, approval_message, breach_message, mark
from notifications.domain.messages import lateness_minutes


@pytest.mark.parametrize("current, target, after", [
    ("unread", "read", "read"), ("unread", "done", "done"), ("read", "done", "done"),
    ("read", "read", "read"), ("done", "done", "done"),
])
def test_marks_go_forward_and_repeat_harmlessly(current, target, after):
    assert mark(current, target) is ItemStatus(after)


@pytest.mark.parametrize("current, target", [("done", "read"), ("read", "unread"), ("unread", "unread")])
def test_marks_never_go_back(current, target):
    with pytest.raises(MarkRefused):
        mark(current, target)


DUE = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize("level, action", [(1, "chase_assignee"), (2, "take_charge"), (3, "intervene")])
def test_a_breach_message_names_the_ticket_deadline_lateness_and_the_levels_action(level, action):
    notice = BreachNotice("t-42", "help_request", "first_response", DUE, level, DUE + timedelta(minutes=75, seconds=30))
    message = breach_message(notice)
    assert message.kind == "escalation" and message.action == action and message.minutes_late == 75
    assert "t-42" in message.body and "first response" in message.body and "1 h 15 min late" in message.body
    assert DUE.isoformat() in message.body and f"level {level}" in message.title


def test_lateness_is_never_negative():
    assert lateness_minutes(DUE, DUE - timedelta(minutes=1)) == 0


def test_an_approval_message_names_the_record_and_the_loss_in_yuan():
    message = approval_message("t-1", "ncr-1", 60_000, "2026-12-08T00:00:00+00:00")
    assert message.action == "approve_non_conformance" and "600.00 yuan" in message.body and "ncr-1" in message.body
