from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from identity.domain import AccessLogEntry, InvalidInput, append_entry, entry_hash, genesis_hash, verify

T0 = datetime(2024, 6, 1, 9, 0, 0, 123456, tzinfo=UTC)


def chain(length: int, tenant: str = "project-1") -> list[AccessLogEntry]:
    entries: list[AccessLogEntry] = []
    for i in range(length):
        entries.append(
            append_entry(
                entries[-1] if entries else None,
                tenant_id=tenant,
                at=T0 + timedelta(minutes=i),
                actor=f"person-{i % 3}",
                role="cs_assistant",
                record_kind="owner_archive",
                record_id=f"owner-{i}",
                fields=["phone", "name"],
                purpose="customer_service",
                approval_id=None,
            )
        )
    return entries


def test_an_intact_chain_verifies():
    assert verify(chain(5)).ok


def test_an_empty_log_verifies():
    assert verify([]).ok


def test_the_first_entry_links_to_the_projects_genesis_hash():
    first = chain(1)[0]
    assert first.seq == 1 and first.prev_hash == genesis_hash("project-1") != genesis_hash("project-2")


def test_each_hash_is_sha256_of_the_previous_hash_and_the_canonical_entry():
    import hashlib

    from identity.domain import canonical

    entry = chain(2)[1]
    assert entry.hash == hashlib.sha256((entry.prev_hash + canonical(entry.body())).encode()).hexdigest()


def test_the_canonical_form_is_sorted_compact_json_with_chinese_kept():
    from identity.domain import canonical

    assert canonical({"b": 1, "a": "张三"}) == '{"a":"张三","b":1}'


def test_fields_are_logged_sorted_and_time_in_utc_milliseconds():
    entry = chain(1)[0]
    assert entry.fields == ("name", "phone")
    assert entry.body()["at"] == "2024-06-01T09:00:00.123+00:00"


def test_a_changed_entry_is_named_with_a_hash_mismatch():
    entries = chain(5)
    entries[2] = replace(entries[2], fields=("id_number", "name", "phone"))
    assert verify(entries) == verify(entries).__class__(ok=False, first_bad_seq=3, problem="hash_mismatch")


def test_a_changed_entry_with_a_recomputed_hash_breaks_the_next_link():
    entries = chain(5)
    forged = replace(entries[2], actor="someone-else")
    entries[2] = replace(forged, hash=entry_hash(forged))
    result = verify(entries)
    assert (result.ok, result.first_bad_seq, result.problem) == (False, 4, "broken_link")


def test_a_deleted_entry_is_named_as_missing():
    entries = chain(5)
    del entries[1]
    result = verify(entries)
    assert (result.ok, result.first_bad_seq, result.problem) == (False, 2, "missing_entry")


def test_two_swapped_entries_are_reported_as_a_broken_link():
    entries = chain(5)
    entries[1], entries[2] = entries[2], entries[1]
    result = verify(entries)
    assert (result.ok, result.first_bad_seq, result.problem) == (False, 3, "broken_link")


def test_an_entry_renumbered_to_hide_a_deletion_fails_its_hash():
    entries = chain(5)
    del entries[1]
    entries[1] = replace(entries[1], seq=2)
    assert verify(entries).problem == "hash_mismatch"


def test_a_duplicated_seq_is_a_broken_link():
    entries = chain(3)
    entries.insert(2, entries[1])
    assert (verify(entries).first_bad_seq, verify(entries).problem) == (2, "broken_link")


def test_an_entry_from_another_project_spliced_in_is_a_broken_link():
    entries = chain(3)
    foreign = chain(3, tenant="project-2")
    entries[2] = foreign[2]
    assert verify(entries).problem == "broken_link"


def test_a_deleted_tail_is_caught_against_the_anchored_head():
    entries = chain(5)
    head = (entries[-1].seq, entries[-1].hash)
    assert verify(entries[:3]).ok
    result = verify(entries[:3], expected_head=head)
    assert (result.ok, result.first_bad_seq, result.problem) == (False, 4, "missing_entry")


def test_a_rewritten_chain_is_caught_against_the_anchored_head():
    original = chain(4)
    rewritten = chain(4)
    rewritten[1:] = []
    for i in range(1, 4):
        rewritten.append(
            append_entry(
                rewritten[-1],
                tenant_id="project-1",
                at=T0,
                actor="x",
                role="r",
                record_kind="owner_archive",
                record_id=f"o-{i}",
                fields=["name"],
                purpose="audit",
            )
        )
    assert verify(rewritten).ok
    assert verify(rewritten, expected_head=(4, original[3].hash)).problem == "hash_mismatch"


def test_a_chain_continues_only_within_its_own_project():
    with pytest.raises(InvalidInput):
        append_entry(
            chain(1)[0],
            tenant_id="project-2",
            at=T0,
            actor="a",
            role="r",
            record_kind="k",
            record_id="i",
            fields=[],
            purpose="p",
        )


def test_a_naive_timestamp_is_refused():
    with pytest.raises(InvalidInput):
        append_entry(
            None,
            tenant_id="p",
            at=T0.replace(tzinfo=None),
            actor="a",
            role="r",
            record_kind="k",
            record_id="i",
            fields=[],
            purpose="p",
        )


def test_an_entry_survives_a_round_trip_through_a_mongo_style_document():
    entries = chain(3)
    stored = [e.to_document() | {"_id": "x", "at": e.to_document()["at"].replace(tzinfo=None)} for e in entries]
    assert verify([AccessLogEntry.from_document(doc) for doc in stored]).ok


@settings(max_examples=100, deadline=None)
@given(length=st.integers(2, 8), data=st.data())
def test_any_single_field_change_anywhere_is_detected_at_that_entry(length, data):
    entries = chain(length)
    index = data.draw(st.integers(0, length - 1))
    change = data.draw(
        st.sampled_from(
            [
                {"actor": "intruder"},
                {"record_id": "other"},
                {"purpose": "export"},
                {"approval_id": "A-9"},
                {"fields": ("photo",)},
                {"at": T0 - timedelta(days=1)},
                {"allowed": False},
                {"role": "security"},
            ]
        )
    )
    entries[index] = replace(entries[index], **change)
    result = verify(entries)
    assert (result.ok, result.first_bad_seq, result.problem) == (False, index + 1, "hash_mismatch")


@settings(max_examples=100, deadline=None)
@given(length=st.integers(3, 8), data=st.data())
def test_any_deleted_inner_entry_is_named(length, data):
    entries = chain(length)
    index = data.draw(st.integers(0, length - 2))
    del entries[index]
    result = verify(entries)
    assert (result.ok, result.first_bad_seq, result.problem) == (False, index + 1, "missing_entry")
