"""Pure rules behind the token-side defences: combined limits, per-source sign-in locks, session caps, scopes."""
import base64
from datetime import UTC, datetime, timedelta

import pytest
from identity.domain import (
    InvalidInput,
    LoginAttempt,
    SessionPolicy,
    ThrottlePolicy,
    ThrottleState,
    sign_in_state,
    strictest,
    ungrantable_scopes,
)
from identity.key_wrap import AesGcmKeyWrapper, UnwrapError, kek_from_setting

T0 = datetime(2024, 6, 1, 8, 0, tzinfo=UTC)
PER_SOURCE, PER_ACCOUNT = ThrottlePolicy(), ThrottlePolicy(max_failures=20)


def fails(source, count, start=T0):
    return [LoginAttempt(start + timedelta(seconds=i), succeeded=False, source=source) for i in range(count)]


def test_attack_one_source_locks_the_account_only_for_itself():
    attempts = fails("attacker", 5)
    assert not sign_in_state(PER_SOURCE, PER_ACCOUNT, attempts, "attacker", T0 + timedelta(minutes=1)).allowed
    assert sign_in_state(PER_SOURCE, PER_ACCOUNT, attempts, "office", T0 + timedelta(minutes=1)).allowed


def test_attack_failures_from_many_sources_lock_the_account_for_everyone():
    attempts = [a for n in range(4) for a in fails(f"bot{n}", 5)]
    state = sign_in_state(PER_SOURCE, PER_ACCOUNT, attempts, "office", T0 + timedelta(minutes=1))
    assert not state.allowed and state.retry_after_seconds(T0 + timedelta(minutes=1)) > 0


def test_attack_legacy_attempts_without_a_source_count_only_account_wide():
    attempts = fails(None, 5)
    assert sign_in_state(PER_SOURCE, PER_ACCOUNT, attempts, "office", T0 + timedelta(minutes=1)).allowed


def test_strictest_refuses_until_the_last_lock_ends():
    open_ = ThrottleState(True, None, 0)
    short = ThrottleState(False, T0 + timedelta(minutes=1), 1)
    long = ThrottleState(False, T0 + timedelta(minutes=9), 2)
    assert strictest([open_, open_]).allowed
    combined = strictest([short, open_, long])
    assert not combined.allowed and combined.locked_until == long.locked_until and combined.lockouts_in_a_row == 2


def test_attack_a_session_refreshed_forever_still_ends_at_its_absolute_end():
    policy = SessionPolicy(refresh_lifetime=timedelta(hours=12), max_session=timedelta(hours=24))
    ends = policy.session_ends_at(T0)
    assert policy.refresh_expires_at(T0 + timedelta(hours=1), ends) == T0 + timedelta(hours=13)
    assert policy.refresh_expires_at(T0 + timedelta(hours=22), ends) == ends
    assert policy.may_refresh(T0 + timedelta(hours=23), T0 + timedelta(hours=30), ends)
    assert not policy.may_refresh(ends, T0 + timedelta(hours=30), ends)
    with pytest.raises(InvalidInput):
        policy.session_ends_at(datetime(2024, 6, 1))
    with pytest.raises(InvalidInput):
        SessionPolicy(max_session=timedelta(0))


def test_attack_scopes_beyond_the_callers_are_named():
    assert ungrantable_scopes(["webhooks:manage", "identity:read", "identity:admin"], {"identity:read"},
                              grants_any=False) == ["identity:admin", "webhooks:manage"]
    assert ungrantable_scopes(["identity:read"], {"identity:read"}, grants_any=False) == []


def test_the_kek_is_base64_of_32_bytes_or_derived_from_a_passphrase():
    raw = bytes(range(32))
    assert kek_from_setting(base64.b64encode(raw).decode()) == raw
    derived = kek_from_setting("a long random passphrase of many words")
    assert len(derived) == 32 and derived == kek_from_setting("a long random passphrase of many words")
    assert derived != kek_from_setting("a long random passphrase of many wordz")
    assert len(kek_from_setting(base64.b64encode(b"short").decode())) == 32  # not 32 bytes: a passphrase


def test_attack_sealed_key_opens_only_with_its_kek_and_context():
    wrapper = AesGcmKeyWrapper(b"\x07" * 32)
    sealed = wrapper.wrap(b"private jwk", context="kid-1")
    assert b"private jwk" not in base64.b64decode(sealed["ciphertext"])
    assert wrapper.unwrap(sealed, context="kid-1") == b"private jwk"
    assert wrapper.wrap(b"private jwk", context="kid-1")["nonce"] != sealed["nonce"]
    with pytest.raises(UnwrapError):
        wrapper.unwrap(sealed, context="kid-2")
    with pytest.raises(UnwrapError):
        AesGcmKeyWrapper(b"\x08" * 32).unwrap(sealed, context="kid-1")
    with pytest.raises(ValueError):
        AesGcmKeyWrapper(b"\x07" * 16)
