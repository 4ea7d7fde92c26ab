"""VS-1: who the desk lets in; watch list first, then pre-registration, then the host's word."""
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from visits.domain import (
    CONSENT_VALID_FOR,
    DomainError,
    HostConsent,
    PreRegistration,
    VisitorAtDesk,
    WatchListEntry,
    check_in_decision,
)

FAST = settings(max_examples=100, deadline=None, database=None)
NOW = datetime(2024, 5, 10, 9, 0, tzinfo=timezone(timedelta(hours=8)))
VISITOR = VisitorAtDesk("Li Lei", "fp-li", "3-12-1203", "family visit")
BANNED = WatchListEntry("fp-li", "Threatened staff on 2024-04-01")


def pre_registration(**changes):
    values = dict(unit_id="3-12-1203", valid_from=NOW - timedelta(hours=1), valid_until=NOW + timedelta(hours=3))
    values.update(changes)
    return PreRegistration(**values)


def consent(given=True, **changes):
    values = dict(unit_id="3-12-1203", given=given, recorded_at=NOW - timedelta(minutes=2))
    values.update(changes)
    return HostConsent(**values)


def test_watch_listed_visitor_is_refused_with_the_lists_reason():
    decision = check_in_decision(VISITOR, [BANNED], None, None, NOW)
    assert (decision.allowed, decision.reason_code, decision.reason_text) == (
        False, "watch_listed", BANNED.reason)
    assert not decision.requires_host_call


@FAST
@given(st.one_of(st.none(), st.just(pre_registration())), st.one_of(st.none(), st.just(consent())))
def test_neither_pre_registration_nor_consent_lets_a_watch_listed_visitor_in(pre, host):
    assert not check_in_decision(VISITOR, [BANNED], pre, host, NOW).allowed


def test_expired_watch_list_entry_no_longer_blocks():
    lapsed = WatchListEntry("fp-li", "old ban", active_until=NOW - timedelta(days=1))
    assert check_in_decision(VISITOR, [lapsed], pre_registration(), None, NOW).allowed


def test_someone_elses_watch_list_entry_does_not_block():
    other = WatchListEntry("fp-someone-else", "ban")
    assert check_in_decision(VISITOR, [other], pre_registration(), None, NOW).allowed


def test_pre_registered_visitor_within_the_window_enters_without_a_call():
    decision = check_in_decision(VISITOR, [], pre_registration(), None, NOW)
    assert (decision.allowed, decision.reason_code, decision.requires_host_call) == (True, "pre_registered", False)


def test_unknown_visitor_needs_the_desk_to_call_the_host():
    decision = check_in_decision(VISITOR, [], None, None, NOW)
    assert (decision.allowed, decision.requires_host_call, decision.reason_code) == (
        False, True, "host_call_required")


@pytest.mark.parametrize(
    "changes, code",
    [
        (dict(valid_from=NOW + timedelta(minutes=1)), "pre_registration_not_yet_valid"),
        (dict(valid_from=NOW - timedelta(days=1), valid_until=NOW), "pre_registration_expired"),
        (dict(unit_id="3-12-1204"), "pre_registration_other_unit"),
        (dict(cancelled=True), "pre_registration_cancelled"),
        (dict(document_fingerprint="fp-someone-else"), "pre_registration_other_guest"),
    ],
)
def test_invalid_pre_registration_falls_back_to_a_host_call(changes, code):
    decision = check_in_decision(VISITOR, [], pre_registration(**changes), None, NOW)
    assert (decision.allowed, decision.requires_host_call, decision.reason_code) == (False, True, code)


def test_pre_registration_naming_the_visitors_document_is_accepted():
    pre = pre_registration(document_fingerprint="fp-li")
    assert check_in_decision(VISITOR, [], pre, None, NOW).allowed


def test_host_consent_given_lets_an_unknown_visitor_in():
    decision = check_in_decision(VISITOR, [], None, consent(True), NOW)
    assert (decision.allowed, decision.reason_code) == (True, "host_consented")


def test_host_consent_refused_keeps_the_visitor_out_without_another_call():
    decision = check_in_decision(VISITOR, [], None, consent(False), NOW)
    assert (decision.allowed, decision.reason_code, decision.requires_host_call) == (False, "host_refused", False)


@pytest.mark.parametrize(
    "changes",
    [
        dict(unit_id="3-12-1204"),
        dict(recorded_at=NOW - CONSENT_VALID_FOR - timedelta(seconds=1)),
        dict(recorded_at=NOW + timedelta(minutes=1)),
    ],
)
def test_consent_for_another_unit_or_stale_or_future_needs_a_fresh_call(changes):
    decision = check_in_decision(VISITOR, [], None, consent(True, **changes), NOW)
    assert (decision.allowed, decision.requires_host_call) == (False, True)


def test_a_pre_registration_window_must_end_after_it_starts():
    with pytest.raises(DomainError) as error:
        pre_registration(valid_until=NOW - timedelta(hours=2))
    assert error.value.field == "valid_until"


def test_a_naive_now_is_refused():
    with pytest.raises(DomainError) as error:
        check_in_decision(VISITOR, [], None, None, NOW.replace(tzinfo=None))
    assert error.value.code == "naive_datetime"


def test_watch_list_and_consent_times_must_carry_a_time_zone():
    with pytest.raises(DomainError):
        WatchListEntry("fp-li", "ban", active_until=datetime(2024, 6, 1))
    with pytest.raises(DomainError):
        HostConsent("3-12-1203", True, datetime(2024, 5, 10, 9))
