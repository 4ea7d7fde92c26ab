from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from identity.domain import (
    EventKind,
    EventStatus,
    ImportantEvent,
    InvalidInput,
    InvalidTransition,
    NotPermitted,
    Role,
    apply,
    file_event,
    return_event,
    submit,
)

AT = datetime(2024, 6, 1, 10, 0, tzinfo=UTC)
DRAFT = ImportantEvent("ev-1", EventKind.MAJOR_COMPLAINT, "漏水重大投诉", recorded_by="cs-1", unit_id="3-15-02")


def submitted():
    return submit(DRAFT, actor="cs-1", role=Role.CS_ADMINISTRATOR, at=AT)


def test_an_event_is_filed_after_the_project_manager_reviews_it():
    filed = file_event(submitted(), actor="pm-1", role=Role.PROJECT_MANAGER, at=AT)
    assert filed.status == EventStatus.FILED
    assert [(s.action, s.role) for s in filed.steps] == [
        ("submit", Role.CS_ADMINISTRATOR),
        ("file", Role.PROJECT_MANAGER),
    ]


def test_a_draft_cannot_be_filed_without_being_submitted():
    with pytest.raises(InvalidTransition):
        file_event(DRAFT, actor="pm-1", role=Role.PROJECT_MANAGER, at=AT)


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.PROJECT_MANAGER], ids=str)
def test_nobody_but_the_project_manager_files_or_returns_an_event(role):
    with pytest.raises(NotPermitted):
        file_event(submitted(), actor="x", role=role, at=AT)
    with pytest.raises(NotPermitted):
        return_event(submitted(), actor="x", role=role, at=AT, note="补充证据")


def test_a_returned_event_says_what_to_fix_and_can_be_submitted_again():
    returned = return_event(submitted(), actor="pm-1", role=Role.PROJECT_MANAGER, at=AT, note="补充现场照片")
    assert returned.status == EventStatus.RETURNED and returned.steps[-1].note == "补充现场照片"
    assert submit(returned, actor="cs-1", role=Role.CS_ASSISTANT, at=AT).status == EventStatus.SUBMITTED


def test_returning_without_a_note_is_an_input_error():
    with pytest.raises(InvalidInput) as error:
        return_event(submitted(), actor="pm-1", role=Role.PROJECT_MANAGER, at=AT, note="  ")
    assert error.value.field == "note"


def test_a_filed_event_is_final():
    filed = file_event(submitted(), actor="pm-1", role=Role.PROJECT_MANAGER, at=AT)
    for action in ("submit", "file", "return"):
        with pytest.raises(InvalidTransition):
            apply(filed, action, actor="pm-1", role=Role.PROJECT_MANAGER, at=AT, note="x")


def test_outside_parties_cannot_submit_events():
    with pytest.raises(NotPermitted):
        submit(DRAFT, actor="client", role=Role.INTEGRATION_CLIENT, at=AT)


def test_an_unknown_action_is_an_input_error():
    with pytest.raises(InvalidInput):
        apply(DRAFT, "delete", actor="pm-1", role=Role.PROJECT_MANAGER, at=AT)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["submit", "file", "return"]), st.sampled_from(list(Role))), max_size=12))
def test_no_sequence_of_steps_files_an_event_without_the_managers_review_of_a_submission(steps):
    event = DRAFT
    for action, role in steps:
        try:
            event = apply(event, action, actor="someone", role=role, at=AT, note="fix")
        except (InvalidTransition, NotPermitted):
            pass
    if event.status == EventStatus.FILED:
        assert event.steps[-1].action == "file" and event.steps[-1].role == Role.PROJECT_MANAGER
        assert event.steps[-2].action == "submit"
