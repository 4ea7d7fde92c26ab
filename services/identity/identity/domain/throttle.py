"""Login throttling (ID-2): lock an account after repeated failures, longer each time.

A pure replay of the account's attempt history, so every web worker reaches the same
answer from the same stored attempts and no in-process state can be lost or skewed.

The same replay limits anything else that fails guessably (a client id, a source address, a
source guessing one account): each is one key with its own policy and history, and a request
goes ahead only if every key it touches allows it (`strictest`).
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from identity.domain.dates import require_aware
from identity.domain.errors import InvalidInput


@dataclass(frozen=True)
class ThrottlePolicy:
    """Defaults: 5 failures within 15 minutes lock for 15 minutes, doubling, at most 24 h."""

    max_failures: int = 5
    window: timedelta = timedelta(minutes=15)
    base_lockout: timedelta = timedelta(minutes=15)
    backoff_factor: int = 2
    max_lockout: timedelta = timedelta(hours=24)
    # A quiet day after a lockout ends forgets earlier lockouts, so one bad week is not for ever.
    forget_after: timedelta = timedelta(hours=24)

    def __post_init__(self) -> None:
        if self.max_failures < 1:
            raise InvalidInput("max_failures", "must be at least 1")
        if self.backoff_factor < 1:
            raise InvalidInput("backoff_factor", "must be at least 1")
        if min(self.window, self.base_lockout, self.max_lockout) <= timedelta(0):
            raise InvalidInput("window", "durations must be positive")

    def lockout(self, count: int) -> timedelta:
        """Length of the `count`-th lockout in a row (1-based), capped at max_lockout."""
        return min(self.base_lockout * self.backoff_factor ** min(count - 1, 32), self.max_lockout)


@dataclass(frozen=True)
class LoginAttempt:
    at: datetime
    succeeded: bool
    source: str | None = None  # the client address it came from; None for attempts stored before sources were


@dataclass(frozen=True)
class ThrottleState:
    """Whether a sign-in may be tried now; if not, until when it stays locked."""

    allowed: bool
    locked_until: datetime | None
    lockouts_in_a_row: int

    def retry_after_seconds(self, now: datetime) -> int:
        """For a Retry-After header: whole seconds, rounded up, 0 when allowed."""
        if self.locked_until is None or now >= self.locked_until:
            return 0
        return math.ceil((self.locked_until - now).total_seconds())


def throttle_state(policy: ThrottlePolicy, attempts: Iterable[LoginAttempt], now: datetime) -> ThrottleState:
    """Replay the attempts (any order) and say whether a new attempt is allowed at `now`.

    Attempts made while locked are refused without checking the password, so they neither
    count as failures nor extend the lock: an attacker cannot keep a victim locked out for
    longer than the schedule by hammering. A success clears everything.
    """
    require_aware("now", now)
    failures: list[datetime] = []
    locked_until: datetime | None = None
    count = 0
    for attempt in sorted(attempts, key=lambda a: a.at):
        if locked_until is not None and attempt.at < locked_until:
            continue
        if locked_until is not None and attempt.at >= locked_until + policy.forget_after:
            count, locked_until = 0, None
        if attempt.succeeded:
            failures, locked_until, count = [], None, 0
            continue
        failures = [f for f in failures if f > attempt.at - policy.window] + [attempt.at]
        if len(failures) >= policy.max_failures:
            count += 1
            locked_until, failures = attempt.at + policy.lockout(count), []
    if locked_until is not None and now >= locked_until + policy.forget_after:
        count = 0
    locked = locked_until is not None and now < locked_until
    return ThrottleState(allowed=not locked, locked_until=locked_until if locked else None, lockouts_in_a_row=count)


def strictest(states: Iterable[ThrottleState]) -> ThrottleState:
    """One answer for a request limited under several keys: refused if any refuses, until the last lock ends."""
    refused = [s for s in states if not s.allowed]
    if not refused:
        return ThrottleState(allowed=True, locked_until=None, lockouts_in_a_row=0)
    last = max(refused, key=lambda s: s.locked_until)
    return ThrottleState(allowed=False, locked_until=last.locked_until,
                         lockouts_in_a_row=max(s.lockouts_in_a_row for s in refused))


def sign_in_state(per_source: ThrottlePolicy, per_account: ThrottlePolicy, attempts: Iterable[LoginAttempt],
                  source: str, now: datetime) -> ThrottleState:
    """May `source` try the account's password now?

    Failures lock the account for the source that made them (`per_source`, the ID-2 schedule), and
    for everyone only under the looser `per_account` policy, which needs failures from several
    sources. So one source guessing cannot lock out the real person signing in from elsewhere,
    and attempts refused here are never checked nor stored, so a blocked source adds nothing.
    """
    attempts = list(attempts)
    return strictest([throttle_state(per_source, [a for a in attempts if a.source == source], now),
                      throttle_state(per_account, attempts, now)])
