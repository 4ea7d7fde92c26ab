"""Customer notices' rules: who may approve, what can be edited, when a notice is archived, the audience."""
from datetime import UTC, datetime, timedelta

import pytest
from desk.domain.notices import (
    NoticeState,
    NoticeStatus,
    check_archive,
    check_audience,
    check_decision,
    check_edit,
    check_publish,
    newer_progress,
    shown_status,
)
from kefulib.domain_errors import BadField, Refused

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def refused_code(call, *args) -> str:
    with pytest.raises(Refused) as refused:
        call(*args)
    return refused.value.code


def test_only_a_draft_is_edited_and_the_author_never_decides():
    assert refused_code(check_edit, NoticeState("submitted", "s-desk")) == "not_a_draft"
    check_edit(NoticeState("draft", "s-desk"))
    assert refused_code(check_decision, NoticeState("submitted", "s-pm"), "s-pm") == "own_notice"
    assert refused_code(check_decision, NoticeState("draft", "s-desk"), "s-pm") == "not_submitted"
    check_decision(NoticeState("submitted", "s-desk"), "s-pm")


def test_a_notice_past_its_end_is_archived_and_cannot_be_published_or_archived_again():
    ended = NoticeState("published", "s-desk", NOW - timedelta(minutes=1))
    assert shown_status(ended, NOW) is NoticeStatus.ARCHIVED
    assert shown_status(NoticeState("published", "s-desk", NOW + timedelta(days=1)), NOW) is NoticeStatus.PUBLISHED
    assert shown_status(NoticeState("published", "s-desk"), NOW) is NoticeStatus.PUBLISHED
    assert refused_code(check_archive, ended, NOW) == "already_archived"
    assert refused_code(check_archive, NoticeState("approved", "s-desk"), NOW) == "not_published"
    assert refused_code(check_publish, NoticeState("approved", "s-desk", NOW), NOW) == "notice_ended"
    assert refused_code(check_publish, NoticeState("submitted", "s-desk"), NOW) == "not_approved"


def test_the_audience_is_all_or_at_least_one_building_without_repeats():
    assert check_audience("all", None) == [] and check_audience("buildings", ["3", "5", "3"]) == ["3", "5"]
    for audience, buildings in (("buildings", []), ("buildings", None), ("all", ["3"])):
        with pytest.raises(BadField) as bad:
            check_audience(audience, buildings)
        assert bad.value.field == "buildings"


def test_only_newer_progress_replaces_the_counts_shown():
    assert newer_progress(None, 1) and newer_progress(3, 4)
    assert not newer_progress(4, 4) and not newer_progress(4, 2)
