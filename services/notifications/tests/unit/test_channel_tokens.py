"""The WeChat access-token cache: one fetch while fresh, a refresh 5 minutes before expiry, one force refresh
for a rejected token even when many threads see the rejection together."""
import threading

import pytest
from notifications.channels.base import Outcome
from notifications.channels.wechat import AccessTokenCache, TokenUnavailable


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def counting_fetch(calls):
    def fetch(force_refresh):
        calls.append(force_refresh)
        return f"token-{len(calls)}", 7200
    return fetch


def test_the_token_is_fetched_once_and_kept_until_five_minutes_before_it_expires():
    calls, clock = [], Clock()
    cache = AccessTokenCache(counting_fetch(calls), clock)
    assert cache.get() == cache.get() == "token-1"
    clock.now = 7200 - 301
    assert cache.get() == "token-1"
    clock.now = 7200 - 300
    assert cache.get() == "token-2"
    assert calls == [False, False]


def test_threads_that_see_the_same_rejected_token_force_one_refresh():
    calls = []
    cache = AccessTokenCache(counting_fetch(calls), Clock())
    rejected = cache.get()
    threads = [threading.Thread(target=cache.refresh, args=(rejected,)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert calls == [False, True]
    assert cache.get() == "token-2"


def test_a_failed_refresh_does_not_keep_the_rejected_token():
    answers = [("token-1", 7200.0)]

    def fetch(force_refresh):
        if not answers:
            raise TokenUnavailable(Outcome("retry", detail="down"))
        return answers.pop()

    cache = AccessTokenCache(fetch, Clock())
    rejected = cache.get()
    with pytest.raises(TokenUnavailable):
        cache.refresh(rejected)
    with pytest.raises(TokenUnavailable):
        cache.get()
