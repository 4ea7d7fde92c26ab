from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from identity.domain import (
    BorrowingApproval,
    ExportApproval,
    InvalidInput,
    Purpose,
    RecordKind,
    Role,
    can_read_access_log,
    decide,
    fields_of,
    never_usable,
)

NOW = datetime(2024, 6, 1, 9, 0, tzinfo=UTC)
PHONE_OR_ADDRESS = {"phone", "address", "members.phone", "emergency_contact.phone", "emergency_contact.address"}


def _values(**overrides):
    values = dict(
        approval_id="B-1",
        requester="tech-1",
        purpose=Purpose.REPAIR_DISPATCH,
        record_kind=RecordKind.OWNER_ARCHIVE,
        fields={"unit", "name", "phone"},
        valid_from=NOW - timedelta(hours=1),
        valid_until=NOW + timedelta(hours=1),
        approved_by="pm-1",
        approved_by_role=Role.PROJECT_MANAGER,
    )
    return values | overrides


def borrowing(**overrides):
    return BorrowingApproval(**_values(**overrides))


def export(**overrides):
    return ExportApproval(**_values(**({"purpose": Purpose.EXPORT} | overrides)))


def technician_reads(approvals, now=NOW, fields=("name", "phone"), **kwargs):
    kwargs.setdefault("actor", "tech-1")
    return decide(Role.TECHNICIAN, RecordKind.OWNER_ARCHIVE, fields, Purpose.REPAIR_DISPATCH, approvals, now, **kwargs)


def test_cs_staff_read_the_owner_archive_for_customer_service_without_approval():
    decision = decide(
        Role.CS_ASSISTANT, RecordKind.OWNER_ARCHIVE, fields_of(RecordKind.OWNER_ARCHIVE), Purpose.CUSTOMER_SERVICE
    )
    assert decision.allowed and decision.visible_fields == set(fields_of(RecordKind.OWNER_ARCHIVE))


def test_a_technician_without_approval_reads_nothing():
    decision = technician_reads([])
    assert not decision.allowed and decision.hidden_fields == {"name", "phone"}
    assert "borrowing approval" in decision.reason


def test_a_borrowing_approval_opens_the_named_fields_and_is_named_in_the_decision():
    decision = technician_reads([borrowing()])
    assert decision.allowed and decision.visible_fields == {"name", "phone"}
    assert decision.approval_id_used == "B-1"


def test_fields_outside_the_approval_stay_hidden():
    decision = technician_reads([borrowing(fields={"unit", "name"})], fields=("name", "id_number"))
    assert decision.visible_fields == {"name"} and decision.hidden_fields == {"id_number"}
    assert decision.reason.startswith("allowed") and "hidden" in decision.reason


def test_a_borrowing_approval_expires_at_valid_until():
    approval = borrowing(valid_until=NOW)
    assert not technician_reads([approval], now=NOW).allowed
    assert technician_reads([approval], now=NOW - timedelta(seconds=1)).allowed


def test_a_borrowing_approval_is_not_usable_before_valid_from():
    approval = borrowing(valid_from=NOW)
    assert not technician_reads([approval], now=NOW - timedelta(seconds=1)).allowed
    assert technician_reads([approval], now=NOW).allowed


def test_a_revoked_approval_opens_nothing_from_the_moment_of_revocation():
    approval = borrowing(revoked_at=NOW)
    assert not technician_reads([approval], now=NOW).allowed
    assert technician_reads([approval], now=NOW - timedelta(seconds=1)).allowed


def test_an_approval_cannot_be_used_by_a_colleague():
    assert not technician_reads([borrowing()], actor="tech-2").allowed


def test_an_approval_is_useless_when_the_caller_is_not_identified():
    assert not technician_reads([borrowing()], actor=None).allowed


@pytest.mark.parametrize("signer_role", [r for r in Role if r is not Role.PROJECT_MANAGER], ids=str)
def test_only_the_project_manager_can_sign_an_approval(signer_role):
    assert not technician_reads([borrowing(approved_by_role=signer_role)]).allowed


def test_a_manager_cannot_approve_their_own_request():
    approval = export(requester="pm-1", approved_by="pm-1")
    decision = decide(
        Role.PROJECT_MANAGER, RecordKind.OWNER_ARCHIVE, ["name"], Purpose.EXPORT, [approval], NOW, actor="pm-1"
    )
    assert not decision.allowed


def test_an_approval_for_another_purpose_or_kind_does_not_apply():
    assert not technician_reads([borrowing(purpose=Purpose.BILLING)]).allowed
    assert not technician_reads([borrowing(record_kind=RecordKind.VIP_PROFILE, fields={"name"})]).allowed


def test_an_approval_limited_to_some_records_opens_only_those():
    approval = borrowing(record_ids={"owner-7"})
    assert technician_reads([approval], record_id="owner-7").allowed
    assert not technician_reads([approval], record_id="owner-8").allowed


def test_the_widest_approval_is_used_and_named():
    narrow, wide = borrowing(approval_id="B-1", fields={"name"}), borrowing(approval_id="B-2", fields={"name", "phone"})
    assert technician_reads([narrow, wide]).approval_id_used == "B-2"


def test_cs_staff_need_an_export_approval_to_export_print_or_copy():
    for purpose in (Purpose.EXPORT, Purpose.PRINT, Purpose.COPY):
        refused = decide(Role.CS_SUPERVISOR, RecordKind.OWNER_ARCHIVE, ["name"], purpose)
        assert not refused.allowed and "export approval" in refused.reason
        approval = export(requester="cs-1", purpose=purpose)
        assert decide(
            Role.CS_SUPERVISOR, RecordKind.OWNER_ARCHIVE, ["name"], purpose, [approval], NOW, actor="cs-1"
        ).allowed


def test_a_borrowing_approval_does_not_allow_an_export():
    with pytest.raises(InvalidInput) as error:
        borrowing(purpose=Purpose.EXPORT)
    assert error.value.field == "purpose"


def test_an_outside_party_needs_proof_of_authority_as_well_as_the_managers_approval():
    approval = borrowing(requester="client-1", purpose=Purpose.LEGAL_REQUEST, fields={"name", "id_number"})

    def read(approvals):
        return decide(
            Role.INTEGRATION_CLIENT,
            RecordKind.OWNER_ARCHIVE,
            ["name", "id_number"],
            Purpose.LEGAL_REQUEST,
            approvals,
            NOW,
            actor="client-1",
        )

    refused = read([approval])
    assert not refused.allowed and "proof of authority" in refused.reason
    granted = read([borrowing(**(approval.__dict__ | {"proof_of_authority": "police-letter-12"}))])
    assert granted.visible_fields == {"name", "id_number"}


def test_staff_acting_on_a_legal_request_also_need_proof_of_authority():
    approval = borrowing(requester="cs-1", purpose=Purpose.LEGAL_REQUEST, fields={"name"})
    assert not decide(
        Role.CS_ADMINISTRATOR, RecordKind.OWNER_ARCHIVE, ["name"], Purpose.LEGAL_REQUEST, [approval], NOW, actor="cs-1"
    ).allowed


def test_integration_clients_get_nothing_from_archives_by_default():
    for kind in RecordKind:
        for purpose in Purpose:
            assert not decide(Role.INTEGRATION_CLIENT, kind, fields_of(kind), purpose).allowed


def test_the_hq_auditor_reads_the_access_log_but_not_archive_contents_unless_approved():
    assert can_read_access_log(Role.HQ_AUDITOR)
    assert not decide(Role.HQ_AUDITOR, RecordKind.OWNER_ARCHIVE, ["name"], Purpose.AUDIT).allowed
    approval = borrowing(requester="aud-1", purpose=Purpose.AUDIT, fields={"name"})
    assert decide(
        Role.HQ_AUDITOR, RecordKind.OWNER_ARCHIVE, ["name"], Purpose.AUDIT, [approval], NOW, actor="aud-1"
    ).allowed


def test_only_hq_and_the_project_manager_read_the_access_log():
    readers = {r for r in Role if can_read_access_log(r)}
    assert readers == {
        Role.HQ_AUDITOR,
        Role.HQ_GENERAL_MANAGER,
        Role.HQ_MANAGEMENT_REPRESENTATIVE,
        Role.PROJECT_MANAGER,
    }


def test_security_reads_its_contact_list_with_the_id_number_masked():
    decision = decide(
        Role.SECURITY, RecordKind.CONTACT_LIST, fields_of(RecordKind.CONTACT_LIST), Purpose.SECURITY_CONTACT_LIST
    )
    assert decision.visible_fields == {"unit", "name", "emergency_contact.name"}
    assert decision.masked_fields == {"id_number"}


@settings(max_examples=200, deadline=None)
@given(
    kind=st.sampled_from(list(RecordKind)),
    purpose=st.sampled_from(list(Purpose)),
    proof=st.sampled_from([None, "court-order-1"]),
    data=st.data(),
)
def test_security_never_receives_a_phone_number_or_an_address_even_with_an_approval(kind, purpose, proof, data):
    fields = set(fields_of(kind))
    approved = data.draw(st.sets(st.sampled_from(sorted(fields)), min_size=1))
    cls = ExportApproval if purpose in (Purpose.EXPORT, Purpose.PRINT, Purpose.COPY) else BorrowingApproval
    approval = cls(
        **_values(requester="guard-1", purpose=purpose, record_kind=kind, fields=approved, proof_of_authority=proof)
    )
    decision = decide(Role.SECURITY, kind, fields, purpose, [approval], NOW, actor="guard-1")
    assert not decision.disclosed_fields & PHONE_OR_ADDRESS
    assert fields & PHONE_OR_ADDRESS <= decision.hidden_fields


def test_unknown_fields_are_an_input_error_naming_the_field():
    with pytest.raises(InvalidInput) as error:
        decide(Role.CS_ASSISTANT, RecordKind.CONTACT_LIST, ["phone"], Purpose.CUSTOMER_SERVICE)
    assert error.value.field == "fields" and "phone" in str(error.value)


@pytest.mark.parametrize(
    "kind, purpose, field", [("nope", "customer_service", "record_kind"), ("owner_archive", "gossip", "purpose")]
)
def test_unknown_kinds_and_purposes_are_input_errors(kind, purpose, field):
    with pytest.raises(InvalidInput) as error:
        decide(Role.CS_ASSISTANT, kind, ["unit"], purpose)
    assert error.value.field == field


def test_an_empty_request_is_an_input_error():
    with pytest.raises(InvalidInput):
        decide(Role.CS_ASSISTANT, RecordKind.OWNER_ARCHIVE, [], Purpose.CUSTOMER_SERVICE)


def test_approvals_without_a_timezone_aware_now_are_refused_as_bad_input():
    with pytest.raises(InvalidInput):
        technician_reads([borrowing()], now=None)
    with pytest.raises(InvalidInput):
        technician_reads([borrowing()], now=NOW.replace(tzinfo=None))


def test_an_approval_must_end_after_it_starts_and_name_a_requester():
    with pytest.raises(InvalidInput):
        borrowing(valid_until=NOW - timedelta(hours=1))
    with pytest.raises(InvalidInput):
        borrowing(requester="")


def test_an_unknown_role_is_an_input_error_naming_the_role():
    with pytest.raises(InvalidInput) as error:
        decide("janitor", RecordKind.OWNER_ARCHIVE, ["unit"], Purpose.CUSTOMER_SERVICE)
    assert error.value.field == "role"


def test_fields_no_approval_could_open_are_known_before_anyone_approves():
    assert never_usable(["security"], ["name", "phone", "emergency_contact.address"]) == {
        "phone", "emergency_contact.address"}
    # A read uses the caller's most disclosing role: a keeper who also does security may be given the phone.
    assert never_usable(["security", "cs_assistant"], ["phone"]) == frozenset()
    assert never_usable(["technician"], ["phone", "address"]) == frozenset()
    assert never_usable([], ["phone"]) == frozenset()
