from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st
from webhooks.domain import MAX_ATTEMPTS, next_attempt_delay, sign, url_problem, verify_signature


@given(st.binary(max_size=500), st.text(min_size=1, max_size=50))
def test_a_signed_body_verifies_and_any_change_to_it_does_not(body, secret):
    header = sign(secret, body, timestamp=1_700_000_000)
    assert verify_signature(secret, header, body, now=1_700_000_010)
    assert not verify_signature(secret, header, body + b"x", now=1_700_000_010)
    assert not verify_signature(secret + "x", header, body, now=1_700_000_010)


def test_a_stale_signature_is_refused_so_a_captured_delivery_cannot_be_replayed_later():
    header = sign("s", b"{}", timestamp=1_700_000_000)
    assert not verify_signature("s", header, b"{}", now=1_700_000_000 + 301)


def test_a_malformed_signature_header_is_refused():
    assert not verify_signature("s", "garbage", b"{}")


def test_retries_back_off_exponentially_up_to_an_hour_then_stop():
    delays = [next_attempt_delay(n) for n in range(1, MAX_ATTEMPTS + 1)]
    assert delays[0] == timedelta(seconds=30) and delays[1] == timedelta(seconds=60)
    assert all(d <= timedelta(hours=1) for d in delays[:-1])
    assert delays[-1] is None


def fake_resolver(address):
    return lambda host, port: [address]


def no_resolver(host, port):
    raise AssertionError("private targets allowed: nothing is resolved at subscribe time")


def test_private_and_local_targets_are_refused_unless_allowed():
    for address in ("127.0.0.1", "10.1.2.3", "192.168.0.5", "169.254.169.254", "::1"):
        assert url_problem("https://hook.example/x", allow_private=False, resolve=fake_resolver(address))
    assert url_problem("https://hook.example/x", allow_private=False, resolve=fake_resolver("93.184.216.34")) is None
    assert url_problem("http://127.0.0.1:9/x", allow_private=True, resolve=no_resolver) is None


def test_only_absolute_http_urls_without_credentials_are_accepted():
    assert url_problem("ftp://hook.example/x", allow_private=True, resolve=no_resolver)
    assert url_problem("/relative", allow_private=True, resolve=no_resolver)
    assert url_problem("https://user:pw@hook.example/x", allow_private=True, resolve=no_resolver)
