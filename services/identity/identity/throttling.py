"""Limits on failed authentication at the token endpoint, with their state in MongoDB.

Every identity process records failures in one collection, so a burst spread over processes is
counted once; the decision is the pure replay in domain/throttle.py. Only failures are stored:
a success proving one secret should not wipe the record of someone guessing from the same place.

A refused request is answered before any secret or password is checked, which is the point:
each check of a legacy argon2 hash costs ~0.3 s of a core, and a refused guess cannot succeed.
"""
from __future__ import annotations

import threading
from collections import defaultdict
from datetime import datetime, timedelta

from authlib.oauth2.base import OAuth2Error
from pymongo.database import Database

from .domain import LoginAttempt, ThrottlePolicy, ThrottleState, strictest, throttle_state
from .store import AUTH_FAILURES

# Client ids are public, so this one is short and capped: it stops a distributed burst against one
# client, but an attacker can make it refuse the real client too (at most 15 minutes at a time).
CLIENT_ID_LIMIT = ThrottlePolicy(max_failures=20, window=timedelta(minutes=1), base_lockout=timedelta(minutes=1),
                                 max_lockout=timedelta(minutes=15), forget_after=timedelta(hours=1))
# One address failing client authentication: a misconfigured integration fails a few times, not ten in 5 min.
CLIENT_SOURCE_LIMIT = ThrottlePolicy(max_failures=10, window=timedelta(minutes=5), base_lockout=timedelta(minutes=5),
                                     max_lockout=timedelta(hours=1), forget_after=timedelta(hours=6))
# One address failing staff passwords across accounts (password spraying). Looser than the per-account
# schedule because a property office signs its whole staff in from one NAT address.
PASSWORD_SOURCE_LIMIT = ThrottlePolicy(max_failures=20, window=timedelta(minutes=15), base_lockout=timedelta(minutes=15),
                                       max_lockout=timedelta(hours=6), forget_after=timedelta(hours=24))
# One account failing from everywhere: what a single source may do to an account is the ID-2 schedule
# (oauth.THROTTLE, 5 failures), so locking the account for everyone takes failures from several sources.
ACCOUNT_LIMIT = ThrottlePolicy(max_failures=20, window=timedelta(minutes=15), base_lockout=timedelta(minutes=15),
                               max_lockout=timedelta(hours=24), forget_after=timedelta(hours=24))

MAX_KEY_PART = 200  # a client id is whatever the request says; keep keys bounded
MAX_REMEMBERED_LOCKS = 10_000


class TooManyAttempts(OAuth2Error):
    """429 in RFC 6749 error format. `temporarily_unavailable` (RFC 6749 4.1.2.1) rather than
    `invalid_client`, so client libraries retry after Retry-After instead of deciding that their
    credentials are wrong."""

    error = "temporarily_unavailable"
    status_code = 429

    def __init__(self, retry_after: int):
        super().__init__(description=f"Too many failed attempts; try again in {retry_after} seconds.")
        self.retry_after = max(retry_after, 1)

    def get_headers(self):
        return super().get_headers() + [("Retry-After", str(self.retry_after))]


def _history(policy: ThrottlePolicy) -> timedelta:
    """How far back the replay looks. Longer lockout chains than this are forgotten, which only ever
    shortens a lock; it keeps each check to a bounded number of documents however long an attack runs."""
    return policy.window + policy.max_lockout + policy.forget_after


def client_limits(client_id: str | None, source: str) -> dict[str, ThrottlePolicy]:
    limits = {f"client-from:{source}": CLIENT_SOURCE_LIMIT}
    if client_id:
        limits[f"client:{client_id[:MAX_KEY_PART]}"] = CLIENT_ID_LIMIT
    return limits


def password_limits(source: str) -> dict[str, ThrottlePolicy]:
    return {f"password-from:{source}": PASSWORD_SOURCE_LIMIT}


class FailureLog:
    """Failures in MongoDB, plus each process's memory of locks it has already seen.

    A lock never ends early (attempts refused while locked are not recorded, so nothing can
    shorten or extend it), so once one is read it can be answered from memory until it ends:
    a burst costs one database read per key and process, not one per request.
    """

    def __init__(self, db: Database):
        self.collection = db[AUTH_FAILURES]
        self._locked_until: dict[str, datetime] = {}
        self._mutex = threading.Lock()

    def _remembered(self, keys, at: datetime) -> datetime | None:
        with self._mutex:
            ends = [self._locked_until[k] for k in keys if k in self._locked_until and self._locked_until[k] > at]
        return max(ends) if ends else None

    def _remember(self, keys, state: ThrottleState, at: datetime) -> None:
        with self._mutex:
            if len(self._locked_until) >= MAX_REMEMBERED_LOCKS:  # drop what has ended; if still full, forget all
                self._locked_until = {k: v for k, v in self._locked_until.items() if v > at}
                if len(self._locked_until) >= MAX_REMEMBERED_LOCKS:
                    self._locked_until.clear()
            for key in keys:
                self._locked_until[key] = max(state.locked_until, self._locked_until.get(key, state.locked_until))

    def state(self, limits: dict[str, ThrottlePolicy], at: datetime) -> ThrottleState:
        remembered = self._remembered(limits, at)
        if remembered is not None:
            return ThrottleState(allowed=False, locked_until=remembered, lockouts_in_a_row=0)
        since = at - max(_history(policy) for policy in limits.values())
        by_key: dict[str, list[LoginAttempt]] = defaultdict(list)
        for doc in self.collection.find({"key": {"$in": list(limits)}, "at": {"$gte": since}}, {"key": 1, "at": 1}):
            by_key[doc["key"]].append(LoginAttempt(doc["at"], succeeded=False))
        states = {key: throttle_state(policy, by_key[key], at) for key, policy in limits.items()}
        for key, state in states.items():
            if not state.allowed:
                self._remember([key], state, at)
        return strictest(states.values())

    def check(self, limits: dict[str, ThrottlePolicy], at: datetime) -> None:
        """TooManyAttempts if any of the limits refuses now."""
        state = self.state(limits, at)
        if not state.allowed:
            raise TooManyAttempts(state.retry_after_seconds(at))

    def record_failure(self, limits: dict[str, ThrottlePolicy], at: datetime) -> None:
        self.collection.insert_many([{"key": key, "at": at} for key in limits], ordered=False)
