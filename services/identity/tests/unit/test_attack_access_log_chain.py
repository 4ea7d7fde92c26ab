"""Attacks on the keyed access-log chain and its signed head (pure rules; keys passed in)."""
import hashlib
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from identity.domain import (
    KEYED_CHAIN,
    LEGACY_CHAIN,
    AccessLogEntry,
    InvalidInput,
    LogKeys,
    SignedHead,
    adopt_legacy_chain,
    append_entry,
    canonical,
    entry_hash,
    next_head,
    sign_head,
    verify,
    verify_anchored,
)

T0 = datetime(2024, 6, 1, 9, 0, tzinfo=UTC)
KEYS = LogKeys.derive("a test secret of more than thirty-two characters")
OTHER = LogKeys.derive("the attacker's guess at the secret, also long enough")


def write(length, keys=KEYS, tenant="p1", start=None, head=None):
    """What the service does: each entry keyed and linked to the head, the head re-signed."""
    entries = []
    previous = head
    for i in range(length):
        entry = append_entry(previous, tenant_id=tenant, at=T0 + timedelta(minutes=i), actor=f"person-{i}",
                             role="cs_assistant", record_kind="owner_archive", record_id=f"own-{i}",
                             fields=["name", "phone"], purpose="customer_service", key=keys.chain if keys else None)
        head = next_head(head, entry, keys.head) if keys else None
        entries.append(entry)
        previous = head if keys else entry
    return entries, head


def legacy_rewrite(entries):
    """The attacker's consistent rewrite: plain SHA-256 from the public genesis, as the old chain was."""
    out = []
    for e in entries:
        forged = replace(e, chain=LEGACY_CHAIN, actor="nobody", prev_hash=out[-1].hash if out else e.prev_hash)
        out.append(replace(forged, hash=hashlib.sha256((forged.prev_hash + canonical(forged.body())).encode())
                           .hexdigest()))
    return out


def test_a_keyed_chain_with_its_signed_head_verifies():
    entries, head = write(4)
    assert all(e.chain == KEYED_CHAIN for e in entries)
    assert verify_anchored(entries, head, KEYS).ok and head.seq == 4 and head.keyed_from == 1


def test_the_keyed_hash_is_an_hmac_not_a_plain_sha256():
    entry = write(1)[0][0]
    assert entry.hash == entry_hash(entry, KEYS.chain) != entry_hash(entry, OTHER.chain)
    assert entry.hash != hashlib.sha256((entry.prev_hash + canonical(entry.body())).encode()).hexdigest()
    assert canonical(entry.body()).count('"chain":2') == 1


def test_the_chain_and_head_keys_differ_and_never_print():
    assert KEYS.chain != KEYS.head and "secret" in repr(KEYS) and KEYS.chain.hex() not in repr(KEYS)


def test_attack_rewrite_chain_consistently_with_plain_sha256_fails_at_the_first_entry():
    entries, head = write(4)
    forged = legacy_rewrite(entries)
    assert verify(forged).ok  # what the old verify would have said
    result = verify_anchored(forged, head, KEYS)
    assert (result.ok, result.first_bad_seq, result.problem) == (False, 1, "not_keyed")


def test_attack_rewrite_chain_with_a_guessed_key_is_a_hash_mismatch():
    entries, head = write(3)
    forged, _ = write(3, keys=OTHER)
    assert verify_anchored(forged, head, KEYS).problem == "hash_mismatch"
    assert verify_anchored(forged, head, KEYS).first_bad_seq == 1


def test_attack_downgrading_one_keyed_entry_to_legacy_is_refused():
    entries, head = write(3)
    entries[2] = legacy_rewrite([entries[2]])[0]
    entries[2] = replace(entries[2], prev_hash=entries[1].hash)
    entries[2] = replace(entries[2], hash=entry_hash(entries[2]))
    assert (verify_anchored(entries, head, KEYS).first_bad_seq, verify_anchored(entries, head, KEYS).problem) == (
        3, "not_keyed")


def test_attack_cut_tail_is_caught_against_the_signed_head_without_a_caller_head():
    entries, head = write(5)
    result = verify_anchored(entries[:3], head, KEYS)
    assert (result.ok, result.first_bad_seq, result.problem) == (False, 4, "missing_entry")
    assert verify_anchored([], head, KEYS).first_bad_seq == 1


def test_attack_head_moved_back_to_match_a_cut_tail_fails_its_signature():
    entries, head = write(5)
    forged = replace(head, seq=3, hash=entries[2].hash, at=entries[2].at)
    result = verify_anchored(entries[:3], forged, KEYS)
    assert (result.ok, result.first_bad_seq, result.problem) == (False, None, "head_signature_invalid")


def test_attack_head_signed_with_a_guessed_key_or_copied_from_another_project_is_refused():
    entries, head = write(3)
    assert verify_anchored(entries, sign_head(head, OTHER.head), KEYS).problem == "head_signature_invalid"
    _, foreign = write(3, tenant="p2")
    assert verify_anchored(entries, replace(foreign, tenant_id="p1"), KEYS).problem == "head_signature_invalid"


def test_attack_deleted_head_is_reported_as_missing():
    entries, _ = write(2)
    assert verify_anchored(entries, None, KEYS) == verify_anchored(entries, None, KEYS).__class__(
        ok=False, first_bad_seq=None, problem="head_missing")
    assert verify_anchored([], None, KEYS).ok  # a project that never had a read


def test_attack_entry_inserted_behind_the_heads_back_is_beyond_the_head():
    entries, head = write(3)
    extra, _ = write(1, head=head)
    result = verify_anchored(entries + extra, head, KEYS)
    assert (result.first_bad_seq, result.problem) == (4, "beyond_head")


def test_a_caller_supplied_head_is_still_checked_after_the_stored_one():
    entries, head = write(3)
    assert verify_anchored(entries, head, KEYS, expected_head=(2, entries[1].hash)).ok
    assert verify_anchored(entries, head, KEYS, expected_head=(2, "0" * 64)).problem == "hash_mismatch"


def test_legacy_entries_verify_the_old_way_below_keyed_from_and_keyed_ones_continue_them():
    legacy, _ = write(3, keys=None)
    assert all(e.chain == LEGACY_CHAIN for e in legacy) and "chain" not in legacy[0].body()
    anchor = adopt_legacy_chain(legacy, "p1", KEYS.head)
    assert (anchor.seq, anchor.keyed_from) == (3, 4)
    more, head = write(2, head=anchor)
    assert [e.seq for e in more] == [4, 5] and more[0].prev_hash == legacy[-1].hash
    assert verify_anchored(legacy + more, head, KEYS).ok
    stored = [AccessLogEntry.from_document({k: v for k, v in e.to_document().items() if k != "chain"})
              for e in legacy]
    assert verify_anchored(stored + more, head, KEYS).ok  # documents written before `chain` existed


def test_attack_legacy_entry_after_keyed_from_is_refused():
    legacy, _ = write(2, keys=None)
    anchor = adopt_legacy_chain(legacy, "p1", KEYS.head)
    sneaked, _ = write(1, keys=None)
    sneaked = replace(sneaked[0], seq=3, prev_hash=legacy[-1].hash)
    sneaked = replace(sneaked, hash=entry_hash(sneaked))
    head = sign_head(SignedHead("p1", 3, sneaked.hash, sneaked.at, anchor.keyed_from), KEYS.head)
    assert (verify_anchored(legacy + [sneaked], head, KEYS).first_bad_seq,
            verify_anchored(legacy + [sneaked], head, KEYS).problem) == (3, "not_keyed")


def test_a_broken_legacy_chain_is_not_anchored():
    legacy, _ = write(3, keys=None)
    legacy[1] = replace(legacy[1], actor="someone else")
    with pytest.raises(InvalidInput):
        adopt_legacy_chain(legacy, "p1", KEYS.head)


def test_a_mangled_head_document_is_an_invalid_signature_not_a_crash():
    entries, head = write(2)
    doc = {**head.to_document(), "seq": "two", "keyed_from": "x", "at": "yesterday"}
    assert verify_anchored(entries, SignedHead.from_document("p1", doc), KEYS).problem == "head_signature_invalid"
