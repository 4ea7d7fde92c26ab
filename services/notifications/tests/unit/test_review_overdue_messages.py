"""renovation's review steps past their deadline: the message in Chinese and English, as a pure function."""
from datetime import datetime, timedelta, timezone

import pytest
from notifications.domain import ReviewOverdueNotice, review_overdue_messages

SHANGHAI = timezone(timedelta(hours=8))
DUE = datetime(2026, 12, 3, 9, 0, tzinfo=SHANGHAI)


@pytest.mark.parametrize("level,action", [(1, "chase_reviewer"), (2, "take_charge"), (3, "intervene")])
def test_both_texts_name_the_application_step_due_time_lateness_and_the_levels_action(level, action):
    notice = ReviewOverdueNotice("app-1", "1-1-101", "drawings", level, DUE, DUE + timedelta(hours=2, minutes=5))
    zh, en = review_overdue_messages(notice)
    assert zh.title == f"装修审核超时 {level} 级:工程图纸审核"
    assert "1-1-101" in zh.body and "app-1" in zh.body and "2026-12-03 09:00" in zh.body and "2 小时 5 分钟" in zh.body
    assert en.title == f"Renovation review overdue, level {level}: drawings check"
    assert "app-1" in en.body and "2026-12-03 09:00" in en.body and "2 h 5 min" in en.body
    assert (zh.kind, zh.action, zh.minutes_late) == (en.kind, en.action, en.minutes_late) == ("escalation", action, 125)
