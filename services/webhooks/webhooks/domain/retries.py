"""When to try a failed delivery again: capped exponential backoff, then give up (replay stays possible)."""
from datetime import timedelta

MAX_ATTEMPTS = 8
FIRST_DELAY = timedelta(seconds=30)
MAX_DELAY = timedelta(hours=1)


def next_attempt_delay(attempts_made: int) -> timedelta | None:
    """Delay before the next attempt after `attempts_made` failures; None once attempts are used up."""
    if attempts_made >= MAX_ATTEMPTS:
        return None
    return min(FIRST_DELAY * 2 ** (attempts_made - 1), MAX_DELAY)
